"""Who closed and reopened which pay period, in the HR console (Debian's chromium against the local stack, report zone
UTC): the Timesheet's banner says the lock from its latest move ("Closed through D (closed by X on T)", "Reopened back
to D by X on T", "Nothing closed now — last reopened by X on T"), and a History list under it shows every close,
reopen and close made anyway, newest first, with who, when, the note and what a forced close was forced over."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in
from tests.browser.test_console_payroll_close import _timesheet


def _words(day: datetime) -> str:
    return f"{day:%b} {day.day}, {day.year}"  # en-US, as the console says a day


def _when(page, iso: str) -> str:
    """An instant as the console writes it (formatTime: en-US, the report zone UTC), by the browser's own Intl."""
    return page.evaluate("""(iso) => new Intl.DateTimeFormat("en-US", {dateStyle: "short", timeStyle: "medium",
        timeZone: "UTC"}).format(new Date(iso))""", iso)


def _rows(page) -> list[tuple[str, str]]:
    history = page.get_by_test_id("pay-period-history")
    if history.get_attribute("open") is None:
        history.locator("summary").click()
    rows = history.get_by_test_id("pay-period-history-row")
    return [(row.get_attribute("data-action"), "\n".join(line for line in row.inner_text().splitlines() if line))
            for row in rows.all()]


def test_the_history_of_closes_and_reopens_and_the_banner_from_the_latest(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Hana {tag}", f"hana-{tag}@example.com", "Office")
    early = (datetime.now(UTC) - timedelta(days=12)).replace(hour=8, minute=0, second=0, microsecond=0)
    late = early + timedelta(days=6)
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": early.isoformat(),
        "ended_at": (early + timedelta(hours=8)).isoformat(), "note": "kiosk down"})
    admin.request("POST", "/attendance/manual", json={  # a forgotten check-out: the later close is made anyway
        "employee_id": person["id"], "event_type": "entry", "occurred_at": late.isoformat(), "note": "kiosk down"})

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    _timesheet(page, early.date().isoformat(), early.date().isoformat())
    opened = page.get_by_test_id("pay-period-open")
    opened.wait_for()
    assert opened.inner_text() == "No pay period is closed."  # never closed: nothing to say who
    assert page.get_by_test_id("pay-period-history").count() == 0

    # A close: the banner names who closed it and when; the history has that close, with its note.
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    form.get_by_test_id("pay-period-note").fill("October signed")
    form.get_by_test_id("pay-period-confirm").click()
    closed = page.get_by_test_id("pay-period-closed")
    closed.filter(has_text=f"Closed through {_words(early)} (closed by ").wait_for()
    change = admin.request("GET", "/payroll/lock").body["history"][0]
    assert f"(closed by {change['actor']} on {_when(page, change['created_at'])})" in closed.inner_text()
    assert _rows(page) == [("close", f"Closed through {_words(early)} by {change['actor']} on "
                                     f"{_when(page, change['created_at'])}\nNote: October signed")]

    # A partial reopen: the banner says the lock was moved back, by whom and when (not "closed by" the reopener).
    page.get_by_test_id("pay-period-reopen").click()
    form = page.get_by_test_id("pay-period-form")
    back = early - timedelta(days=1)
    assert form.get_by_test_id("pay-period-date").input_value() == back.date().isoformat()
    form.get_by_test_id("pay-period-note").fill("Hana's shift was wrong")
    form.get_by_test_id("pay-period-confirm").click()
    closed.filter(has_text="Reopened back to ").wait_for()
    reopen = admin.request("GET", "/payroll/lock").body["history"][0]
    assert closed.inner_text().startswith(
        f"Reopened back to {_words(back)} by {reopen['actor']} on {_when(page, reopen['created_at'])}:"), \
        closed.inner_text()
    assert "closed by" not in closed.inner_text()

    # A close over a day still holding a shift with no exit: refused, then closed anyway.
    _timesheet(page, late.date().isoformat(), late.date().isoformat())
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    assert form.get_by_test_id("pay-period-date").input_value() == late.date().isoformat()
    form.get_by_test_id("pay-period-note").fill("Signed without Hana's exit")
    form.get_by_test_id("pay-period-confirm").click()
    form.get_by_test_id("pay-period-undecided").wait_for()
    form.get_by_test_id("pay-period-force").click()
    closed.filter(has_text=f"Closed through {_words(late)} (closed by ").wait_for()

    # A full reopen: nothing closed, and the banner still says who reopened it and when.
    page.get_by_test_id("pay-period-reopen").click()
    form = page.get_by_test_id("pay-period-form")
    form.get_by_test_id("pay-period-date").fill("")
    form.get_by_test_id("pay-period-note").fill("Payroll run again")
    form.get_by_test_id("pay-period-confirm").click()
    opened.filter(has_text="Nothing closed now").wait_for()
    history = admin.request("GET", "/payroll/lock").body["history"]
    assert [(c["action"], c["closed_through"], c["forced"]) for c in history] == [
        ("reopen", None, False), ("close", late.date().isoformat(), True),
        ("reopen", back.date().isoformat(), False), ("close", early.date().isoformat(), False)]
    last = history[0]
    assert opened.inner_text() == f"Nothing closed now — last reopened by {last['actor']} on " \
                                  f"{_when(page, last['created_at'])}."

    # The history, newest first: every move, who and when, its note, and what the forced close was forced over.
    rows = _rows(page)
    assert [action for action, _ in rows] == ["reopen", "forced", "reopen", "close"]
    by = [f"by {c['actor']} on {_when(page, c['created_at'])}" for c in history]
    assert rows[0][1] == f"Reopened every day {by[0]}\nNote: Payroll run again"
    assert rows[1][1] == (f"Closed anyway through {_words(late)} {by[1]}\nNote: Signed without Hana's exit\n"
                          "Closed over what was undecided then: 1 day with a shift with no exit (a forgotten "
                          "check-out).")
    assert rows[2][1] == f"Reopened back to {_words(back)} {by[2]}\nNote: Hana's shift was wrong"
    assert rows[3][1] == f"Closed through {_words(early)} {by[3]}\nNote: October signed"
    assert_accessible(page, "console timesheet pay-period history")
    screenshot(page, "console-timesheet-history", tmp_path)

    # In Russian too, from the other dictionary.
    page.get_by_test_id("language").select_option("ru")
    opened.filter(has_text="Сейчас ничего не закрыто").wait_for()
    assert page.get_by_test_id("pay-period-history").locator("summary").inner_text() == "История (4)"
    page.get_by_test_id("language").select_option("en")
