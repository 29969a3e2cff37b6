"""A review that moves a counted shift's edge by a double press (a flagged punch and its clean retry) does not
'undo' the shift: no punch_conflict. Real PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import event_and_audit_counts, fresh_database, wait_for_lock_waiters_at

# The API's (and device authorizer's) S3 calls are made with their roles from template.yaml (tests/function_roles).
pytestmark = pytest.mark.usefixtures("api_in_its_role")


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def _setup(services, name, *punches):
    person = employees.create_employee(services.db, EmployeeCreate(full_name=name, email=f"{name}@example.com")).id
    day = (datetime.now(UTC) - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = []
    with services.db.transaction() as cur:
        for at, kind, state, who, status, extra in punches:
            rows.append(repository.insert_attendance(
                cur, employee_id=person if who else None, occurred_at=day + at, event_type=kind, similarity=0.8,
                trace_id=uuid.uuid4(), snapshot_key=None, status=status, device_id="door", review_state=state,
                **({"repeat_of": rows[extra]["id"]} if extra is not None else {})))
    return person, rows


H = lambda h, s=0: timedelta(hours=h, seconds=s)  # noqa: E731


@pytest.mark.parametrize("case", ["flagged_entry_then_retry", "flagged_exit_then_retry"])
def test_confirming_a_flagged_punch_its_retry_followed_is_not_a_conflict(api, services, case):
    if case == "flagged_entry_then_retry":  # 09:00 flagged, 09:00:30 clean retry, 17:00 clean exit
        _, rows = _setup(services, "a", (H(9), "entry", "pending", 1, "recognized", None),
                         (H(9, 30), "entry", "none", 1, "recognized", None),
                         (H(17), "exit", "none", 1, "recognized", None))
    else:  # 09:00 entry, 17:00 flagged exit, 17:00:30 clean retry
        _, rows = _setup(services, "b", (H(9), "entry", "none", 1, "recognized", None),
                         (H(17), "exit", "pending", 1, "recognized", None),
                         (H(17, 30), "exit", "none", 1, "recognized", None))
    flagged = rows[0] if case == "flagged_entry_then_retry" else rows[1]
    r = api.post(f"/attendance/{flagged['id']}/review", json_body={"action": "confirm", "note": "it was her"})
    assert r.status == 200, r.text


def test_reassigning_an_unknown_to_the_person_who_then_retried_is_not_a_conflict(api, services):
    person, rows = _setup(services, "c", (H(9), "entry", "pending", 0, "unknown", None),
                          (H(9, 40), "entry", "none", 1, "recognized", None),
                          (H(17), "exit", "none", 1, "recognized", None))
    r = api.post(f"/attendance/{rows[0]['id']}/review",
                 json_body={"action": "reassign", "employee_id": str(person), "note": "it was him"})
    assert r.status == 200, r.text


def test_reconfirming_a_rejected_original_of_a_repeat_is_not_a_conflict(api, services):
    _, rows = _setup(services, "d", (H(9), "entry", "none", 1, "recognized", None),
                     (H(9, 10), "entry", "none", 1, "recognized", 0), (H(17), "exit", "none", 1, "recognized", None))
    assert api.post(f"/attendance/{rows[0]['id']}/review", json_body={"action": "reject", "note": "x"}).status == 200
    r = api.post(f"/attendance/{rows[0]['id']}/review", json_body={"action": "confirm", "note": "undo my reject"})
    assert r.status == 200, r.text


def test_a_review_decided_from_a_state_someone_changed_meanwhile_is_stale(api, services):
    # Two HR admins open the same flagged entry; the first confirms it. The second's reject, decided from the
    # pending state they saw, is refused with who decided, instead of silently overriding the first.
    _, rows = _setup(services, "c", (H(9), "entry", "pending", 1, "recognized", None))
    event = rows[0]["id"]
    first = api.post(f"/attendance/{event}/review", json_body={"action": "confirm", "note": "seen at the desk",
                                                               "expected_state": "pending"})
    assert first.status == 200, first.text
    second = api.post(f"/attendance/{event}/review", json_body={"action": "reject", "note": "a photo",
                                                                "expected_state": "pending"})
    assert (second.status, second.error_code) == (409, "review_stale"), second.text
    details = second.json()["error"]["details"]
    assert details["review_state"] == "confirmed" and details["reviewed_by"] == "test-admin"
    assert [t["action"] for t in api.get(f"/attendance/{event}/audit").json()["items"]] == ["confirm"]
    # Decided from what is there now, it applies.
    again = api.post(f"/attendance/{event}/review", json_body={"action": "reject", "note": "a photo after all",
                                                               "expected_state": "confirmed"})
    assert again.status == 200 and again.json()["review_state"] == "rejected"


def _revision_seen(api, event: int, state: str) -> int:
    """The revision an admin's review queue shows for the event (GET /attendance/review?state=...)."""
    [item] = [i for i in api.get("/attendance/review", query=f"state={state}").json()["items"] if i["id"] == event]
    return item["revision"]


def _trail(api, event: int) -> list[tuple[str, str | None]]:
    return [(t["action"], t["after"]["employee_id"]) for t in api.get(f"/attendance/{event}/audit").json()["items"]]


def test_two_reassignments_decided_from_the_same_revision_the_second_is_stale(api, services):
    # Two admins open the same flagged event; each reassigns it to a different person. Both decided from the same
    # revision: the second is refused with who decided what and when, and writes nothing (the review state's name,
    # reassigned, would have let it through).
    first_person, rows = _setup(services, "e", (H(9), "entry", "pending", 1, "recognized", None))
    second = employees.create_employee(services.db, EmployeeCreate(full_name="f", email="f@example.com")).id
    third = employees.create_employee(services.db, EmployeeCreate(full_name="g", email="g@example.com")).id
    event = rows[0]["id"]
    seen = _revision_seen(api, event, "pending")
    assert seen == 0
    a = api.post(f"/attendance/{event}/review", json_body={"action": "reassign", "employee_id": str(second),
                                                           "note": "A: it was f", "expected_revision": seen})
    assert a.status == 200 and a.json()["revision"] == seen + 1, a.text
    # Now both admins see it reassigned (to f), at one revision.
    seen = _revision_seen(api, event, "reassigned")
    b = api.post(f"/attendance/{event}/review", json_body={"action": "reassign", "employee_id": str(third),
                                                           "note": "B: it was g", "expected_state": "reassigned",
                                                           "expected_revision": seen})
    assert b.status == 200, b.text
    c = api.post(f"/attendance/{event}/review", json_body={"action": "reassign", "employee_id": str(first_person),
                                                           "note": "C: it was e", "expected_state": "reassigned",
                                                           "expected_revision": seen})
    assert (c.status, c.error_code) == (409, "review_stale"), c.text
    details = c.json()["error"]["details"]
    assert details["review_state"] == "reassigned" and details["employee_id"] == str(third)
    assert details["reviewed_by"] == "test-admin" and details["reviewed_at"] and details["revision"] == seen + 1
    # Nothing written: the event is B's decision, and the audit trail has A's and B's rows only.
    assert _trail(api, event) == [("reassign", str(second)), ("reassign", str(third))]
    with services.db.transaction() as cur:
        row = repository.get_attendance(cur, event)
    assert (row["employee_id"], row["revision"]) == (third, seen + 1)


def test_a_confirmation_decided_before_a_reassignment_is_stale(api, services):
    # The event was reassigned once; admin A reassigns it again to someone else while admin B, who saw the first
    # reassignment, confirms it: B's confirm would now confirm A's person, which B never saw.
    _, rows = _setup(services, "h", (H(9), "entry", "pending", 1, "recognized", None))
    other = employees.create_employee(services.db, EmployeeCreate(full_name="i", email="i@example.com")).id
    last = employees.create_employee(services.db, EmployeeCreate(full_name="j", email="j@example.com")).id
    event = rows[0]["id"]
    assert api.post(f"/attendance/{event}/review", json_body={"action": "reassign", "employee_id": str(other),
                                                              "note": "to i"}).status == 200
    seen = _revision_seen(api, event, "reassigned")
    a = api.post(f"/attendance/{event}/review", json_body={"action": "reassign", "employee_id": str(last),
                                                           "note": "A: to j", "expected_revision": seen})
    assert a.status == 200, a.text
    confirm = api.post(f"/attendance/{event}/review", json_body={"action": "confirm", "note": "B: yes, i",
                                                                 "expected_state": "reassigned",
                                                                 "expected_revision": seen})
    assert (confirm.status, confirm.error_code) == (409, "review_stale"), confirm.text
    assert confirm.json()["error"]["details"]["employee_id"] == str(last)
    assert [action for action, _ in _trail(api, event)] == ["reassign", "reassign"]
    # An older client (the state's name only) is still served as before.
    old = api.post(f"/attendance/{event}/review", json_body={"action": "confirm", "note": "old console",
                                                             "expected_state": "reassigned"})
    assert old.status == 200 and old.json()["revision"] == seen + 2, old.text


def test_reassigning_a_counted_punch_weighs_what_its_person_loses(api, services):
    # P's manual day: 09:00 entry, 12:00 exit, 13:00 entry, 17:30 exit (450 min). HR reassigns the 12:00 exit to Q:
    # P's 09:00-12:00 shift would no longer be paid (P's day 270 min with an open shift). Said as a punch_conflict,
    # nothing written, unless forced.
    from facepass import reports

    day = (datetime.now(UTC) - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    p = employees.create_employee(services.db, EmployeeCreate(full_name="Pat", email="p@example.com")).id
    q = employees.create_employee(services.db, EmployeeCreate(full_name="Quinn", email="q@example.com")).id

    def manual(person, at, kind):
        added = api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": kind,
                                                          "occurred_at": (day + at).isoformat(), "note": "paper"})
        assert added.status == 201, added.text
        return added.json()

    manual(p, H(9), "entry")
    noon = manual(p, H(12), "exit")
    manual(p, H(13), "entry")
    manual(p, H(17.5), "exit")

    def minutes() -> dict[str, int]:
        items = reports.daily_report(services.db, services.settings, day.date()).items
        return {item.full_name: item.worked_minutes for item in items}

    assert minutes() == {"Pat": 450}
    reassign = {"action": "reassign", "employee_id": str(q), "note": "it was Quinn's", "expected_revision": 0}
    refused = api.post(f"/attendance/{noon['id']}/review", json_body=reassign)
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    error = refused.json()["error"]
    assert "away from Pat" in error["message"] and "12:00" in error["message"], error["message"]
    details = error["details"]
    assert (details["conflict"], details["employee_id"]) == ("shift_broken", str(p))
    assert [(effect["owner"], effect["employee_id"], [e["local_time"][11:16] for e in effect["events"]])
            for effect in details["effects"]] == [("previous", str(p), ["09:00", "12:00"])]
    assert minutes() == {"Pat": 450} and _trail(api, noon["id"]) == [("add", str(p))]  # nothing written

    # Q has a counted shift 11:00-14:00 too: the exit at 12:00 would cut it. Both effects, the new owner's first.
    manual(q, H(11), "entry")
    manual(q, H(14), "exit")
    both = api.post(f"/attendance/{noon['id']}/review", json_body=reassign)
    assert (both.status, both.error_code) == (409, "punch_conflict"), both.text
    effects = both.json()["error"]["details"]["effects"]
    assert [(effect["owner"], effect["employee_id"]) for effect in effects] == [("new", str(q)), ("previous", str(p))]
    assert both.json()["error"]["details"]["employee_id"] == str(q)
    assert minutes() == {"Pat": 450, "Quinn": 180}

    forced = api.post(f"/attendance/{noon['id']}/review", json_body={**reassign, "force": True})
    assert forced.status == 200 and forced.json()["employee"]["id"] == str(q), forced.text
    assert minutes() == {"Pat": 270, "Quinn": 60}
    note = api.get(f"/attendance/{noon['id']}/audit").json()["items"][-1]["note"]
    assert note.startswith("it was Quinn's [forced: ") and "away from Pat" in note, note


def test_rejecting_a_counted_punch_weighs_the_shift_it_closes_as_a_reassignment_does(api, services):
    # P's night shift 20:00 -> 04:00 (480 min, on the day it began). Rejecting the 04:00 exit would leave the night
    # unpaid: a punch_conflict naming the shift, nothing written, unless forced. A rejection of a punch awaiting
    # review (counted in no shift) needs no check.
    from facepass import reports

    p, rows = _setup(services, "Pia", (H(20), "entry", "none", 1, "recognized", None),
                     (H(28), "exit", "none", 1, "recognized", None),
                     (H(29), "entry", "pending", 1, "recognized", None))
    night_exit, stray = rows[1]["id"], rows[2]["id"]
    began = rows[0]["occurred_at"].date()

    def minutes() -> int:
        [item] = [item for item in reports.daily_report(services.db, services.settings, began).items
                  if item.employee_id == p]
        return item.worked_minutes

    assert minutes() == 480
    reject = {"action": "reject", "note": "a photo on a phone", "expected_revision": 0}
    refused = api.post(f"/attendance/{night_exit}/review", json_body=reject)
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    error = refused.json()["error"]
    assert error["message"].startswith("Rejecting the exit at ") and "of Pia" in error["message"], error["message"]
    assert [(effect["owner"], effect["employee_id"], effect["conflict"], [e["id"] for e in effect["events"]])
            for effect in error["details"]["effects"]] == [("previous", str(p), "shift_broken",
                                                             [rows[0]["id"], night_exit])]
    assert (error["details"]["conflict"], error["details"]["timezone"]) == ("shift_broken", "UTC")
    assert minutes() == 480 and api.get(f"/attendance/{night_exit}/audit").json()["items"] == []  # nothing written
    # The pending 05:00 entry counts in no shift: rejected at once.
    assert api.post(f"/attendance/{stray}/review", json_body={"action": "reject", "note": "x"}).status == 200
    forced = api.post(f"/attendance/{night_exit}/review", json_body={**reject, "force": True})
    assert forced.status == 200 and forced.json()["review_state"] == "rejected", forced.text
    assert minutes() == 0
    [audited] = api.get(f"/attendance/{night_exit}/audit").json()["items"]
    assert audited["action"] == "reject" and audited["note"].startswith("a photo on a phone [forced: Rejecting ")


def test_reassigning_a_punch_its_person_does_not_need_breaks_nothing_of_theirs(api, services):
    # A double press of an exit stays with P (it closes the shift a few seconds later), and an uncounted (pending)
    # event is nobody's counted time: no conflict either way.
    p, rows = _setup(services, "h", (H(9), "entry", "none", 1, "recognized", None),
                     (H(17), "exit", "none", 1, "recognized", None),
                     (H(17, 20), "exit", "none", 1, "recognized", 1),
                     (H(18), "entry", "pending", 1, "recognized", None))
    other = employees.create_employee(services.db, EmployeeCreate(full_name="o", email="o@example.com")).id
    for row in (rows[1], rows[3]):
        r = api.post(f"/attendance/{row['id']}/review",
                     json_body={"action": "reassign", "employee_id": str(other), "note": "not p's"})
        assert r.status == 200, r.text
    [day] = {row["occurred_at"].date() for row in rows}
    sheet = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}&employee_id={p}").json()
    assert sheet["items"][0]["worked_seconds"] == 8 * 3600 + 20  # the retry closes the shift now


def test_a_reassignment_during_the_persons_erasure_waits_for_it_instead_of_deadlocking(services, monkeypatch):
    # A reassignment locks both people, then the event; the erasure's last transaction must take the erased person's
    # lock before it touches their events. The other order deadlocked: the erasure held the events and waited for
    # the person, the review held the person and waited for the event.
    import threading

    from facepass import retention, review
    from facepass.db import Database
    from facepass.schemas import ReviewRequest

    db = services.db
    kept = employees.create_employee(db, EmployeeCreate(full_name="Kept", email="kept@example.com")).id
    leaver = employees.create_employee(db, EmployeeCreate(full_name="Leaver", email="leaver@example.com")).id
    with db.transaction() as cur:
        event = repository.insert_attendance(
            cur, employee_id=leaver, occurred_at=datetime.now(UTC) - timedelta(days=1), event_type="entry",
            similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id=None)
    outcome: dict = {}
    real = repository.forget_scores_beside_candidate

    def reviewed_meanwhile(cur, employee_id):  # in the erasure's last transaction, its event rows held
        real(cur, employee_id)
        reviewer.start()
        # the review waits for a lock the erasure holds
        wait_for_lock_waiters_at(services.settings.database_url, 1, [reviewer])

    def reassign() -> None:
        try:
            outcome["review"] = review.review_event(
                Database(services.settings.database_url), event["id"],
                ReviewRequest(action="reassign", employee_id=kept, note="was Kept", force=True), actor="hr",
                settings=services.settings)
        except Exception as error:  # the outcome
            outcome["review"] = error

    reviewer = threading.Thread(target=reassign)
    monkeypatch.setattr(repository, "forget_scores_beside_candidate", reviewed_meanwhile)
    retention.erase_employee(db, services.s3, services.settings, leaver)
    reviewer.join()
    assert not isinstance(outcome["review"], Exception), outcome["review"]
    assert str(outcome["review"].employee.id) == str(kept)


def test_a_rejection_of_the_persons_other_punch_meanwhile_waits_and_blames_no_reassignment(services, monkeypatch):
    # A reassignment reads the shifts of the person it takes a punch from before and after: a rejection of another of
    # their punches committing in between was taken for the reassignment's doing (a false punch_conflict). The
    # rejection takes the person's lock as reviews do, so it waits for the reassignment.
    import threading

    from facepass import review
    from facepass.db import Database
    from facepass.schemas import ReviewRequest

    _, rows = _setup(services, "r", (H(9), "entry", "none", 1, "recognized", None),
                     (H(17), "exit", "none", 1, "recognized", None),
                     (H(17, 20), "exit", "none", 1, "recognized", 1))
    q = employees.create_employee(services.db, EmployeeCreate(full_name="Quill", email="quill@example.com")).id
    outcome: dict = {}
    real = repository.apply_review

    def reject() -> None:
        try:
            outcome["reject"] = review.review_event(
                Database(services.settings.database_url), rows[0]["id"],
                ReviewRequest(action="reject", note="not them", force=True), actor="hr2",
                settings=services.settings)
        except Exception as error:  # the outcome
            outcome["reject"] = error

    rejecter = threading.Thread(target=reject)

    def decided_meanwhile(cur, event_id, **kwargs):  # the reassignment, between its two reads of P's shifts
        if event_id == rows[2]["id"]:
            rejecter.start()
            # It waits for P's lock (before: it just committed).
            wait_for_lock_waiters_at(services.settings.database_url, 1, [rejecter])
        return real(cur, event_id, **kwargs)

    monkeypatch.setattr(repository, "apply_review", decided_meanwhile)
    moved = review.review_event(services.db, rows[2]["id"],
                                ReviewRequest(action="reassign", employee_id=q, note="Quill's press"), actor="hr",
                                settings=services.settings)
    rejecter.join()
    assert str(moved.employee.id) == str(q)
    assert not isinstance(outcome["reject"], Exception), outcome["reject"]
    assert outcome["reject"].review_state == "rejected"


def test_a_forced_decision_or_one_turning_a_punch_needs_a_note_and_writes_nothing_without_one(api, services):
    """A confirmation may go without a note, unless it is forced over a conflict (it undoes a counted shift) or turns
    the punch the other way (it changes the shifts paid): 422 note_required, nothing written."""
    _, rows = _setup(services, "d", (H(9), "entry", "pending", 1, "recognized", None),
                     (H(17), "exit", "none", 1, "recognized", None),
                     (H(20), "entry", "pending", 1, "recognized", None))
    flagged, _, evening = rows
    before = event_and_audit_counts(services)
    for body in ({"action": "confirm", "force": True}, {"action": "confirm", "force": True, "note": "  "},
                 {"action": "confirm", "event_type": "exit"}):
        refused = api.post(f"/attendance/{flagged['id']}/review", json_body=body)
        assert (refused.status, refused.error_code) == (422, "note_required"), (body, refused.text)
    assert event_and_audit_counts(services) == before
    with services.db.transaction() as cur:
        cur.execute("SELECT revision, review_state, event_type FROM attendance_log WHERE id = %s", (flagged["id"],))
        assert cur.fetchone() == {key: flagged[key] for key in ("revision", "review_state", "event_type")}
    # The direction it has, sent again, turns nothing: no note needed.
    same = api.post(f"/attendance/{flagged['id']}/review", json_body={"action": "confirm", "event_type": "entry"})
    assert same.status == 200, same.text
    # Turned with a note: done, and the note is the audit's.
    turned = api.post(f"/attendance/{evening['id']}/review",
                      json_body={"action": "confirm", "event_type": "exit", "note": "she was leaving"})
    assert turned.status == 200 and turned.json()["event_type"] == "exit", turned.text
    trail = api.get(f"/attendance/{evening['id']}/audit").json()["items"]
    assert [(row["action"], row["note"]) for row in trail][-1] == ("confirm", "she was leaving")
