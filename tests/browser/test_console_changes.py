"""The Timesheet's "Changes in this period" (GET /attendance/audit) in the HR console (Debian's chromium against the
local stack): a payroll clerk signs in, opens the Timesheet and lists the period's changes: a punch HR added today
shows with who added it and why, and its CSV holds it, without any score of a face."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, go, sign_in

PAYROLL = ("payroll@example.com", "payroll-local")
USERS = {HR_USER: HR_PASSWORD, PAYROLL[0]: {"password": PAYROLL[1], "roles": ["payroll"]}}


local_stack = stack_with("changes", {"FACEPASS_LOCAL_USERS": json.dumps(USERS)})


def test_payroll_lists_the_periods_changes_on_the_timesheet(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:6]
    person = admin.create_employee(f"Changed Person {tag}", f"changed-{tag}@example.com", employee_number=f"P-{tag}")
    when = (datetime.now(UTC) - timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    added = admin.request("POST", "/attendance/manual", json={
        "employee_id": person["id"], "event_type": "entry", "occurred_at": when.isoformat(),
        "note": f"Kiosk down {tag}"}).body
    page = new_page(launch())
    sign_in(page, stack, tmp_path, user=PAYROLL[0], password=PAYROLL[1])
    go(page, "Timesheet", "Timesheet", tmp_path)
    changes = page.get_by_test_id("changes")
    expect(changes.get_by_role("heading", name="Changes in this period")).to_be_visible()
    changes.get_by_role("button", name="Show changes").click()
    row = changes.locator(f"tr[data-event='{added['id']}']")
    expect(row.get_by_test_id("change-note")).to_have_text(f"Kiosk down {tag}")
    expect(row.get_by_test_id("change-action")).to_have_text("added by hand")
    expect(row).to_contain_text(f"Changed Person {tag}")
    expect(row).to_contain_text(f"P-{tag}")
    actor = row.get_by_test_id("change-actor").inner_text()
    assert actor and actor != "—"
    assert_accessible(page, "console timesheet changes")
    with page.expect_download() as download_info:  # every change of the period, without the face's evidence
        changes.get_by_test_id("changes-csv").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert f"Kiosk down {tag}" in exported and f"P-{tag}" in exported
    assert "similarity_before" not in exported.splitlines()[0]
