"""A close weighs the employees' "that's wrong" (README, Self-service; Pay periods): an open correction request about
a day being closed is undecided (409 period_undecided, kind open_correction, counted and named by person and day,
never by its note), a forced close with a note goes over it knowingly; one about a day not being closed, or one
answered, does not block. A punch awaiting review on a closed day is listed with in_closed_period (its decision is
refused until payroll reopens). Real PostgreSQL + pgvector, the real API handler."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from facepass import payroll
from facepass.errors import Conflict
from facepass.schemas import PayPeriodLockRequest
from tests.conftest import fresh_database, kiosk_punch
from tests.integration.test_pay_period_lock import _midnight

HR = {"sub": "hr-1", "username": "hr@example.com", "email": "hr@example.com", "scope": "facepass/admin"}
CLERK = {"sub": "pay-1", "username": "clerk@example.com", "scope": "openid email facepass/payroll"}
REVIEWER = {"sub": "rev-1", "username": "rev@example.com", "email": "rev@example.com", "scope": "facepass/reviewer"}


def _employee_claims(email: str) -> dict:
    return {"sub": f"e-{email}", "username": email, "email": email, "scope": "openid facepass/employee"}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "closereq_" + uuid.uuid4().hex[:10])


@pytest.fixture
def people(api, services) -> dict[str, str]:
    made = {}
    for name, email in (("Ann Asker", "ann@example.com"), ("Bob Quiet", "bob@example.com")):
        answer = api.post("/employees", json_body={"full_name": name, "email": email}, claims=HR)
        assert answer.status == 201, answer.text
        made[name.split()[0].lower()] = answer.json()["id"]
    with services.db.transaction() as cur:  # employed for a while: their past days are theirs to ask about
        cur.execute("UPDATE employees SET created_at = now() - interval '60 days'")
    return made


def _worked(services, person: str, day) -> None:
    kiosk_punch(services, uuid.UUID(person), day + timedelta(hours=8), "entry")
    kiosk_punch(services, uuid.UUID(person), day + timedelta(hours=16), "exit")


def _ask(api, email: str, day: date, note: str = "I stayed until 18:00") -> dict:
    asked = api.post("/me/corrections", json_body={"date": day.isoformat(), "note": note},
                     claims=_employee_claims(email))
    assert asked.status == 201, asked.text
    return asked.json()


def _close(api, through: date, claims=CLERK, **body):
    return api.post("/payroll/lock", json_body={"closed_through": through.isoformat(), **body}, claims=claims)


def test_an_open_correction_request_in_the_days_blocks_a_close_until_forced_with_a_note(api, services, people):
    d5, d4 = _midnight(5), _midnight(4)
    for day in (d5, d4):
        _worked(services, people["ann"], day)
        _worked(services, people["bob"], day)
    before = _close(api, (d5 - timedelta(days=1)).date())  # the days before: nothing undecided, closed
    assert before.status == 200, before.text
    asked = _ask(api, "ann@example.com", d4.date(), note="Private: I was at the doctor's")

    refused = _close(api, d4.date())
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["open_corrections"], details["pending_reviews"], details["days_without_exit"],
            details["days_without_entry"]) == (1, 0, 0, 0)
    assert (details["first_day"], details["last_day"]) == (d4.date().isoformat(), d4.date().isoformat())
    # Listed once, in `corrections`: `items` keeps its ten for what else is undecided (ten requests on the first
    # days must not push the punches awaiting review out of the dialog).
    assert details["items"] == []
    assert details["corrections"] == [{"id": asked["id"], "employee_id": people["ann"], "full_name": "Ann Asker",
                                       "date": d4.date().isoformat()}]
    assert "doctor" not in refused.text  # the employee's note is the reviewers' to read, not payroll's
    assert "1 correction request(s) unanswered" in refused.json()["error"]["message"]
    assert api.get("/payroll/lock", claims=CLERK).json()["closed_through"] == (d5 - timedelta(days=1)).date(
    ).isoformat()  # nothing written

    # Forced: a note is required, then it goes over the request knowingly (the fingerprint it was shown).
    no_note = _close(api, d4.date(), force=True, undecided_fingerprint=details["fingerprint"])
    assert (no_note.status, no_note.error_code) == (422, "force_note_required"), no_note.text
    assert no_note.json()["error"]["details"]["open_corrections"] == 1
    forced = _close(api, d4.date(), force=True, undecided_fingerprint=details["fingerprint"],
                    note="Ann's request answered in next period")
    assert forced.status == 200, forced.text
    change = forced.json()["history"][0]
    assert (change["action"], change["forced"], change["closed_through"], change["note"]) == (
        "close", True, d4.date().isoformat(), "Ann's request answered in next period")


def test_a_request_outside_the_days_or_answered_does_not_block_and_a_new_one_changes_the_fingerprint(
        api, services, people):
    d6, d5, d3 = _midnight(6), _midnight(5), _midnight(3)
    for day in (d6, d5):
        _worked(services, people["bob"], day)
    later = _ask(api, "ann@example.com", d3.date())  # after the days being closed
    earlier = _ask(api, "ann@example.com", (d6 - timedelta(days=1)).date())
    answered = _ask(api, "bob@example.com", d5.date())

    # Ann's request about the day before d6 blocks its close; a reviewer's answer frees it.
    first_close = _close(api, (d6 - timedelta(days=1)).date())
    assert (first_close.status, first_close.error_code) == (409, "period_undecided"), first_close.text
    assert [c["id"] for c in first_close.json()["error"]["details"]["corrections"]] == [earlier["id"]]
    resolved = api.post(f"/attendance/corrections/{earlier['id']}/resolve", json_body={"note": "checked: right"},
                        claims=REVIEWER)
    assert resolved.status == 200, resolved.text
    assert _close(api, (d6 - timedelta(days=1)).date()).status == 200

    refused = _close(api, d5.date())
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    shown = refused.json()["error"]["details"]
    assert [(c["id"], c["full_name"]) for c in shown["corrections"]] == [(answered["id"], "Bob Quiet")]
    # Answered, and another filed about the same day meanwhile: what is undecided changed, a forced close with the
    # old fingerprint is refused again with what it is now.
    assert api.post(f"/attendance/corrections/{answered['id']}/resolve", json_body={"note": "fixed the exit"},
                    claims=REVIEWER).status == 200
    again = _ask(api, "bob@example.com", d5.date(), note="and the entry")
    stale = _close(api, d5.date(), force=True, undecided_fingerprint=shown["fingerprint"], note="anyway")
    assert (stale.status, stale.error_code) == (409, "period_undecided"), stale.text
    assert stale.json()["error"]["details"]["changed"] is True
    assert [c["id"] for c in stale.json()["error"]["details"]["corrections"]] == [again["id"]]
    assert api.post(f"/attendance/corrections/{again['id']}/resolve", json_body={"note": "fixed too"},
                    claims=REVIEWER).status == 200

    # Ann's request about d3 is not in the days closed through d5: the close goes through, no force.
    clean = _close(api, d5.date())
    assert clean.status == 200, clean.text
    assert clean.json()["history"][0]["forced"] is False
    assert api.get("/attendance/corrections", claims=REVIEWER).json()["items"][0]["id"] == later["id"]


def test_a_request_filed_between_the_check_and_the_lock_is_not_closed_unseen(api, services, people):
    """The check made before the lock row is taken is read again when a request was filed meanwhile (no attendance
    write: the watermark alone would not see it)."""
    d4 = _midnight(4)
    _worked(services, people["ann"], d4)
    checked = payroll.check_undecided(services.db, services.settings, d4.date())
    assert checked.found == []
    _ask(api, "ann@example.com", d4.date())
    with pytest.raises(Conflict) as refused:
        payroll.set_lock(services.db, services.settings, PayPeriodLockRequest(closed_through=d4.date()),
                         actor="pay-1", checked=checked)
    assert refused.value.code == "period_undecided"
    assert refused.value.details["open_corrections"] == 1


def test_a_review_card_on_a_closed_day_says_so_and_its_decision_is_refused(api, services, people):
    d4, d2 = _midnight(4), _midnight(2)
    ann = uuid.UUID(people["ann"])
    doubtful = kiosk_punch(services, ann, d4 + timedelta(hours=9), "entry", state="pending")
    # A night shift begun on d4: its exit the next morning, awaiting review, would close a shift counted on d4.
    kiosk_punch(services, ann, d4 + timedelta(hours=20), "entry")
    night_exit = kiosk_punch(services, ann, d4 + timedelta(days=1, hours=3), "exit", state="pending")
    open_day = kiosk_punch(services, ann, d2 + timedelta(hours=9), "entry", state="pending")
    order = [doubtful["id"], night_exit["id"], open_day["id"]]

    def queue() -> list[tuple[int, bool]]:
        answer = api.get("/attendance/review", claims=REVIEWER)
        assert answer.status == 200, answer.text
        items = answer.json()["items"]
        assert all((item["closed_day"] is not None) == item["in_closed_period"] for item in items)
        return [(item["id"], item["in_closed_period"]) for item in items]

    assert queue() == [(event_id, False) for event_id in order]
    forced = _close(api, d4.date(), force=True, note="the doubtful punches wait for a reopen")
    assert forced.status == 200, forced.text
    # The lock's own test: d4's punch, and the next morning's exit of d4's shift; the API's order is unchanged.
    assert queue() == [(doubtful["id"], True), (night_exit["id"], True), (open_day["id"], False)]
    # The day payroll must reopen: the night exit's is its shift's (d4), not its own morning.
    closed_days = {item["id"]: item["closed_day"]
                   for item in api.get("/attendance/review", claims=REVIEWER).json()["items"]}
    assert closed_days == {doubtful["id"]: d4.date().isoformat(), night_exit["id"]: d4.date().isoformat(),
                           open_day["id"]: None}
    for event_id in (doubtful["id"], night_exit["id"]):
        refused = api.post(f"/attendance/{event_id}/review", json_body={"action": "confirm"}, claims=REVIEWER)
        assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text

    # Payroll reopens the day: the cards are decidable again, and decided.
    reopened = _close(api, (d4 - timedelta(days=1)).date(), note="Ann's day")
    assert reopened.status == 200, reopened.text
    assert queue() == [(event_id, False) for event_id in order]
    decided = api.post(f"/attendance/{doubtful['id']}/review", json_body={"action": "confirm"}, claims=REVIEWER)
    assert decided.status == 200, decided.text


def test_a_first_close_weighs_a_request_about_a_day_before_any_punch(api, services, people):
    """Nothing closed: a close closes every day before it too, also days before the earliest punch (where the
    check of punches starts). A request about such a day, one with no punch at all ("I worked, nothing was
    recorded"), holds the first close up, with punches or none in the database."""
    d10, d4 = _midnight(10), _midnight(4)
    quiet_day = _ask(api, "bob@example.com", d10.date(), note="I was there all day, the kiosk was down")
    nothing_yet = _close(api, (d10 + timedelta(days=1)).date())  # no event at all yet
    assert (nothing_yet.status, nothing_yet.error_code) == (409, "period_undecided"), nothing_yet.text
    assert [c["id"] for c in nothing_yet.json()["error"]["details"]["corrections"]] == [quiet_day["id"]]

    _worked(services, people["ann"], d4)  # the earliest punch, days after Bob's day
    refused = _close(api, d4.date())
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert [c["id"] for c in details["corrections"]] == [quiet_day["id"]]
    assert (details["first_day"], details["date_from"], details["open_corrections"]) == (
        d10.date().isoformat(), d10.date().isoformat(), 1)
    assert api.post(f"/attendance/corrections/{quiet_day['id']}/resolve", json_body={"note": "typed the day in"},
                    claims=REVIEWER).status == 200
    assert _close(api, d4.date()).status == 200
