"""The console's Timesheet warns, in one line near its header, when the pay period was closed under other report
settings than the running ones (the timesheet's settings_differ): the closed days' figures shown may not be those
signed. Debian's chromium against the local stack (report zone UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in


def test_the_timesheet_warns_when_the_report_settings_changed_since_the_close(stack, admin, launch, tmp_path):
    from facepass.services import Services

    import dependencies

    day = (datetime.now(UTC) - timedelta(days=6)).date()
    closed = admin.request("POST", "/payroll/lock", json={"closed_through": day.isoformat(), "note": "signed"}).body
    assert closed["closed_with"]["report_timezone"] == "UTC" and closed["settings_differ"] is False
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_test_id("pay-period-closed").wait_for()
    assert page.get_by_test_id("timesheet-settings-differ").count() == 0  # the same settings: no warning

    current = dependencies.services()  # the operator changes the report zone (the deploy would have refused it)
    dependencies.use_services(Services(settings=current.settings.model_copy(update={"report_timezone": "Asia/Tokyo"}),
                                       s3=current.s3, _db=current.db))
    try:
        page.reload()
        page.get_by_label("From").fill(day.isoformat())  # the days shown reach the closed one
        warning = page.get_by_test_id("timesheet-settings-differ")
        warning.wait_for()
        assert "changed since the pay period was closed" in warning.inner_text()
        assert_accessible(page, "console timesheet closed under other settings")
        screenshot(page, "console-timesheet-settings-differ", tmp_path)
        # Only days after the closed ones: never signed, nothing to warn about.
        page.get_by_label("From").fill((day + timedelta(days=1)).isoformat())
        expect(page.get_by_test_id("timesheet-settings-differ")).to_have_count(0)
        page.get_by_label("From").fill(day.isoformat())
        page.get_by_test_id("timesheet-settings-differ").wait_for()
    finally:
        dependencies.use_services(current)
    admin.request("POST", "/payroll/lock", json={"closed_through": None, "note": "test done"})
