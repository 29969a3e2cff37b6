"""A missing shift in the HR console, in Debian's chromium against the local stack: a forgotten morning before the
afternoon's kiosk punches (the QA report's payroll defect). The refused single entry offers the shift instead of
"Replace" (which would pay the lunch hour); the shift is added in one step and the day pays 8 hours."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console_records import _insert_events, open_add_punch

BERLIN = "Europe/Berlin"


def _kiosk(stack, employee_id: str, *punches: tuple[str, datetime]) -> None:
    """The kiosk's counted punches, written as a check-in writes them, into the stack's database."""
    _insert_events(stack, *(dict(employee_id=uuid.UUID(employee_id), occurred_at=at, event_type=kind)
                            for kind, at in punches))


def _at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(BERLIN))


def _worked_minutes(admin, day: date, employee_id: str) -> int:
    report = admin.request("GET", "/attendance/daily", params={"date": day.isoformat()}).body
    return next(item["worked_minutes"] for item in report["items"] if item["employee_id"] == employee_id)


def test_a_forgotten_morning_is_offered_and_added_as_a_shift_not_a_replacement(stack, admin, launch, tmp_path):
    # Amy works in Berlin; the kiosk took her afternoon, 13:00-17:00. Her morning, 08:00-12:00, was never taken.
    tag = uuid.uuid4().hex[:4]
    amy = admin.create_employee(f"Amy {tag}", f"amy-{tag}@example.com", "Floor", timezone=BERLIN)
    day = datetime.now(ZoneInfo(BERLIN)).date() - timedelta(days=2)
    _kiosk(stack, amy["id"], ("entry", _at(day, "13:00")), ("exit", _at(day, "17:00")))
    assert _worked_minutes(admin, day, amy["id"]) == 240

    page = new_page(launch(), timezone_id="America/New_York")  # typed in Amy's zone, not the browser's
    shift_keys: list[str] = []
    page.on("request", lambda request: shift_keys.append(request.headers.get("idempotency-key", ""))
            if request.method == "POST" and request.url.endswith("/attendance/manual/shift") else None)
    form = open_add_punch(page, stack, tmp_path, f"Amy {tag}", "entry")
    form.get_by_label("Date").fill(day.isoformat())
    form.get_by_label("Time").fill("08:00")
    form.get_by_label("Reason (kept in the history)").fill("Kiosk was down all morning")
    form.get_by_test_id("punch-zone").filter(has_text=BERLIN).wait_for()
    form.get_by_role("button", name="Add punch").click()
    conflict = page.get_by_test_id("punch-conflict")
    conflict.filter(has_text="This entry would open a shift no exit closes").wait_for()
    # Replacing the 13:00 entry would pay 08:00-17:00, the lunch hour too: the shift is offered instead.
    offer = conflict.get_by_role("button", name="Add a missing shift from")
    offer.wait_for()
    assert conflict.get_by_role("button", name="Replace").count() == 0
    assert "8:00:00 AM" in offer.inner_text()  # the typed entry, in Amy's zone
    assert_accessible(page, "console missing shift offer")
    offer.click()
    conflict.wait_for(state="detached")
    # The form is now a shift from 08:00: its exit is what is left to type (and has the focus).
    assert form.get_by_label("Event").input_value() == "shift"
    assert form.get_by_label("In at").input_value() == "08:00"
    out = form.get_by_label("Out at")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'end_time'")
    out.fill("12:00")
    assert_accessible(page, "console missing shift form")
    form.get_by_role("button", name="Add shift").click()
    page.get_by_text("Shift added").wait_for()
    assert len(shift_keys) == 1 and shift_keys[0], shift_keys

    # 08:00-12:00 and 13:00-17:00: eight hours, the lunch hour unpaid; both added punches audited with the reason.
    assert _worked_minutes(admin, day, amy["id"]) == 8 * 60
    events = admin.request("GET", "/attendance", params={"date_from": day.isoformat(), "date_to": day.isoformat(),
                                                         "employee_id": amy["id"], "counted": "true"}).body["items"]
    assert [(e["event_type"], e["entered_by"] is not None) for e in events] == [
        ("entry", True), ("exit", True), ("entry", False), ("exit", False)]
    for added in events[:2]:
        trail = admin.request("GET", f"/attendance/{added['id']}/audit").body["items"]
        assert [(row["action"], row["note"]) for row in trail] == [("add", "Kiosk was down all morning")]

    # A shift cutting into the afternoon is explained and writes nothing.
    form.get_by_label("Employee").select_option(label=f"Amy {tag}")
    form.get_by_label("Event").select_option("shift")
    form.get_by_label("Date").fill(day.isoformat())
    form.get_by_label("In at").fill("16:00")
    form.get_by_label("Out at").fill("18:00")
    form.get_by_label("Reason (kept in the history)").fill("Stayed late")
    form.get_by_role("button", name="Add shift").click()
    conflict.filter(has_text="This shift would change the counted shift").wait_for()
    assert conflict.get_by_role("button").count() == 0
    assert _worked_minutes(admin, day, amy["id"]) == 8 * 60


def test_a_lone_exit_of_a_forgotten_morning_offers_the_shift_ending_then(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    ben = admin.create_employee(f"Ben {tag}", f"ben-{tag}@example.com", "Floor", timezone=BERLIN)
    day = datetime.now(ZoneInfo(BERLIN)).date() - timedelta(days=2)
    _kiosk(stack, ben["id"], ("entry", _at(day, "13:00")), ("exit", _at(day, "17:00")))
    page = new_page(launch())
    form = open_add_punch(page, stack, tmp_path, f"Ben {tag}", "exit")
    form.get_by_label("Date").fill(day.isoformat())
    form.get_by_label("Time").fill("12:00")
    form.get_by_label("Reason (kept in the history)").fill("Kiosk was down all morning")
    form.get_by_role("button", name="Add punch").click()
    conflict = page.get_by_test_id("punch-conflict")
    conflict.filter(has_text="This exit would not be counted").wait_for()
    conflict.get_by_role("button", name="Add a missing shift ending at").click()
    # The typed 12:00 becomes the shift's exit; its entry is what is left to type.
    assert form.get_by_label("Out at").input_value() == "12:00"
    assert form.get_by_label("In at").input_value() == ""
    form.get_by_label("In at").fill("08:00")
    form.get_by_role("button", name="Add shift").click()
    page.get_by_text("Shift added").wait_for()
    assert _worked_minutes(admin, day, ben["id"]) == 8 * 60
