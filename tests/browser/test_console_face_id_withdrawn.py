"""A person whose Face ID was withdrawn (biometric consent withdrawn while employed: HR types their time) is not paid
nothing unseen, in the HR console (Debian's chromium against the local stack, report zone UTC): their Timesheet row
is marked "Face ID withdrawn: time entered by HR" (an absent person's is not), a close over their days without time
is refused listing them with a link to their days, and Today says why they are "not yet in"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in
from tests.browser.test_console_records import _insert_events


def _withdrew_days_ago(stack, admin, person: dict, days: int) -> None:
    """The person withdraws their consent (the API's DELETE), as if `days` days ago: the withdrawal's audit rows and
    time moved back (the audit trail is append-only: this test's time travel alone sets the trigger aside)."""
    import psycopg

    answer = admin.request("DELETE", f"/employees/{person['id']}/biometric-consent").body
    assert answer["employee_deactivated"] is False, answer
    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")
            cur.execute("UPDATE employee_audit SET created_at = created_at - make_interval(days => %s) "
                        "WHERE employee_id = %s", (days + 20, person["id"]))
            cur.execute("UPDATE employees SET created_at = created_at - make_interval(days => %(days)s + 20), "
                        "consent_withdrawn_at = consent_withdrawn_at - make_interval(days => %(days)s) "
                        "WHERE id = %(id)s", {"days": days, "id": person["id"]})
            # Their creation and consent 20 days before the withdrawal, the withdrawal `days` ago.
            cur.execute("UPDATE employee_audit SET created_at = created_at + interval '20 days' "
                        "WHERE employee_id = %s AND field = 'biometrics'", (person["id"],))
            cur.execute("UPDATE employee_audit SET created_at = created_at + interval '20 days' "
                        "WHERE employee_id = %s AND field = 'biometric_consent' AND after IS NULL", (person["id"],))
    finally:
        connection.close()


def _hired_a_month_ago(stack, person: dict) -> None:
    import psycopg

    with psycopg.connect(stack.database_url) as connection:
        connection.execute("UPDATE employees SET created_at = now() - interval '30 days' WHERE id = %s",
                           (person["id"],))


def test_a_withdrawn_person_is_marked_refused_at_close_and_said_on_today(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    wanda = admin.create_employee(f"Wanda {tag}", f"wanda-{tag}@example.com", "Floor")
    abe = admin.create_employee(f"Abe {tag}", f"abe-{tag}@example.com", "Floor")  # never withdrew: plainly absent
    _withdrew_days_ago(stack, admin, wanda, 5)
    _hired_a_month_ago(stack, abe)
    day = (datetime.now(UTC) - timedelta(days=9)).replace(hour=0, minute=0, second=0, microsecond=0)
    _insert_events(stack, dict(employee_id=uuid.UUID(abe["id"]), occurred_at=day + timedelta(hours=8),
                               event_type="entry"),
                   dict(employee_id=uuid.UUID(abe["id"]), occurred_at=day + timedelta(hours=16), event_type="exit"))
    first = (datetime.now(UTC) - timedelta(days=5)).date()
    last = (datetime.now(UTC) - timedelta(days=3)).date()

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    # Today: Wanda is not in, and it says why; Abe is plainly not in.
    not_yet = page.get_by_test_id("not-yet-names")
    not_yet.locator("li", has_text=f"Wanda {tag}").get_by_test_id("not-yet-face-id-withdrawn").filter(
        has_text="Face ID withdrawn: HR enters their time").wait_for()
    assert not_yet.locator("li", has_text=f"Abe {tag}").inner_text() == f"Abe {tag}"

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(first.isoformat())
    page.get_by_label("To").fill(last.isoformat())
    row = page.locator(f"tr[data-employee='Wanda {tag}']")
    expect(row.locator("td[data-date]")).to_have_count(3)
    badge = row.get_by_test_id("timesheet-face-id-withdrawn")
    expect(badge).to_have_text("Face ID withdrawn: time entered by HR")
    assert "HR enters their time" in badge.get_attribute("title")
    expect(row.get_by_test_id("timesheet-total")).to_have_text("0:00")
    absent = page.locator(f"tr[data-employee='Abe {tag}']")
    expect(absent.get_by_test_id("timesheet-total")).to_have_text("0:00")
    assert absent.get_by_test_id("timesheet-face-id-withdrawn").count() == 0
    assert_accessible(page, "console timesheet with a withdrawn person")

    # Closing over her days without time is refused, naming her, with a link to her days.
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    form.get_by_test_id("pay-period-date").fill(last.isoformat())
    form.get_by_test_id("pay-period-confirm").click()
    undecided = form.get_by_test_id("pay-period-undecided")
    undecided.wait_for()
    assert undecided.get_by_test_id("pay-period-undecided-without-time").inner_text().startswith(
        "1 person whose Face ID was withdrawn, with no time entered by HR")
    item = undecided.get_by_test_id("pay-period-undecided-item-without-time")
    words = f"{first:%b} {first.day}, {first.year}"
    assert item.inner_text() == f"Wanda {tag} · {words} · Face ID withdrawn, no time entered by HR (3 days)"
    href = item.get_by_role("link", name=f"Wanda {tag}").get_attribute("href")
    assert f"employee_id={wanda['id']}" in href and first.isoformat() in href and last.isoformat() in href
    assert_accessible(page, "console close refused over a withdrawn person without time")
    screenshot(page, "console-timesheet-close-without-time", tmp_path)
    assert admin.request("GET", "/payroll/lock").body["closed_through"] is None

    # Closed anyway (with the reason it needs): the history says forced.
    form.get_by_test_id("pay-period-note").fill("Wanda's hours follow")
    form.get_by_test_id("pay-period-force").click()
    page.get_by_test_id("pay-period-closed").wait_for()
    assert admin.request("GET", "/payroll/lock").body["history"][0]["forced"] is True
