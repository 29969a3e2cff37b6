"""The Timesheet's "Punch changes for this period" (GET /attendance/audit?occurred_from&occurred_to) in the HR
console (Debian's chromium against the local stack): a payroll clerk signs in, opens the Timesheet and lists the changes
to the period's punches: a punch of the period HR added today shows with who added it and why, one of a day before
the period added today too does not (the panel asks by the punches' days, not the days the changes were made), and
its CSV (the same query) holds the one, without any score of a face."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

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
    earlier = admin.request("POST", "/attendance/manual", json={  # a punch before the period, changed today
        "employee_id": person["id"], "event_type": "entry", "occurred_at": (when - timedelta(days=9)).isoformat(),
        "note": f"Earlier outage {tag}"}).body
    first_day = (when - timedelta(days=2)).date().isoformat()  # the punch's day in any zone, not the earlier one's
    page = new_page(launch())
    sign_in(page, stack, tmp_path, user=PAYROLL[0], password=PAYROLL[1])
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(first_day)
    changes = page.get_by_test_id("changes")
    expect(changes.get_by_role("heading", name="Punch changes for this period")).to_be_visible()
    with page.expect_request(lambda request: "/attendance/audit" in request.url) as asked:
        changes.get_by_role("button", name="Show changes").click()
    query = parse_qs(urlsplit(asked.value.url).query)
    assert query["occurred_from"] == [first_day] and "occurred_to" in query, asked.value.url
    assert not {"changed_from", "changed_to"} & set(query), asked.value.url
    row = changes.locator(f"tr[data-event='{added['id']}']")
    expect(row.get_by_test_id("change-note")).to_have_text(f"Kiosk down {tag}")
    expect(row.get_by_test_id("change-action")).to_have_text("added by hand")
    expect(row).to_contain_text(f"Changed Person {tag}")
    expect(row).to_contain_text(f"P-{tag}")
    actor = row.get_by_test_id("change-actor").inner_text()
    assert actor and actor != "—"
    expect(changes.locator(f"tr[data-event='{earlier['id']}']")).to_have_count(0)
    assert_accessible(page, "console timesheet changes")
    with page.expect_download() as download_info:  # every change of the period, without the face's evidence
        changes.get_by_test_id("changes-csv").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert f"Kiosk down {tag}" in exported and f"P-{tag}" in exported
    assert f"Earlier outage {tag}" not in exported
    assert "similarity_before" not in exported.splitlines()[0]
