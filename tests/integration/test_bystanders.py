"""Bystanders: the other people a check-in's photo shows beside the one identified (a colleague behind in the queue).
The event keeps their ids (never a score or a vector, never told to the kiosk) so that erasing one of them deletes
the snapshot. Real models, real group photos (GROUPS.csv), real PostgreSQL, the local S3."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from facepass import attendance, employees, retention
from facepass.faces import StageTimer
from facepass.schemas import EmployeePatch
from tests.conftest import fixture_bytes, fresh_database, pair_device, with_settings
from tests.function_roles import run_cleanup
from tests.integration.test_retention import NOW, RACING, erase_while_s3_cannot_delete, keys, person, sql

# Obama is the largest face (about 200 px), Biden beside him (about 170 px), a child cut off at the bottom.
GROUP = "groups/fr_obama_and_biden.jpg"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def row(services, event_id: int) -> dict:
    return sql(services, "SELECT employee_id, snapshot_key, review_detail FROM attendance_log WHERE id = %s",
               (event_id,))[0]


@pytest.mark.parametrize("keep_active", [False, True], ids=["erasure", "withdrawal"])
def test_erasing_a_bystander_deletes_the_snapshot_that_shows_them_and_their_id(api, services, keep_active):
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")  # not in the photo
    _, token = pair_device(api)
    answer = api.post("/attendance/check-in", json_body={"image": base64.b64encode(fixture_bytes(GROUP)).decode()},
                      headers={"Idempotency-Key": "group-1"}, device_token=token)
    assert answer.status == 201, answer.text
    event_id = answer.json()["event"]["id"]
    checked = row(services, event_id)
    assert checked["employee_id"] == obama and checked["review_detail"]["bystanders"] == [str(biden)]
    # The kiosk is never told who else was in the frame: not in its answer, not in the stored one it replays.
    stored = sql(services, "SELECT response FROM idempotency_keys WHERE key = 'group-1'")[0]["response"]
    assert str(biden) not in answer.text and str(biden) not in json.dumps(stored)
    assert checked["snapshot_key"] in keys(services)

    # Erasing someone not in the photo leaves it (their candidate entry goes, as before).
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    kept = row(services, event_id)
    assert kept["snapshot_key"] == checked["snapshot_key"] and checked["snapshot_key"] in keys(services)
    assert kept["review_detail"]["bystanders"] == [str(biden)]

    # An erasure, or a withdrawal of consent (the same erasure, Biden kept active).
    erased = retention.erase_employee(services.db, services.s3, services.settings, biden, keep_active=keep_active)
    assert erased.snapshots_deleted == 1
    assert sql(services, "SELECT is_active FROM employees WHERE id = %s", (biden,)) == [{"is_active": keep_active}]
    after = row(services, event_id)
    assert checked["snapshot_key"] not in keys(services) and after["snapshot_key"] is None
    assert after["employee_id"] == obama  # Obama's punch stays, for payroll
    assert str(biden) not in json.dumps(after["review_detail"])
    # Idempotent: a second erasure finds nothing more and changes nothing.
    again = retention.erase_employee(services.db, services.s3, services.settings, biden, keep_active=keep_active)
    assert again.snapshots_deleted == 0 and row(services, event_id) == after


def test_a_one_face_check_in_looks_for_no_bystanders_and_a_group_one_does(services):
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")

    def check(photo: str, when) -> tuple[dict, StageTimer]:
        timer = StageTimer()
        result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                            data=fixture_bytes(photo), event_type="entry", device_id="door",
                                            now=when, timer=timer)
        assert result.event.employee.id == obama
        return row(services, result.event.id), timer

    alone, alone_timer = check("identities/fr_obama/obama3.jpg", NOW - timedelta(hours=2))
    assert alone["review_detail"] is None and "bystanders" not in alone_timer.ms  # no work on one face
    group, group_timer = check(GROUP, NOW - timedelta(hours=1))
    assert group["review_detail"]["bystanders"] == [str(biden)] and "bystanders" in group_timer.ms


def test_a_deactivated_bystander_is_linked_and_a_failed_erasure_finds_the_snapshot_again(services):
    # An unmatched punch: Obama (the largest face) is not enrolled; Biden beside him left the company (deactivated,
    # his faces kept until erasure), so neither the identify search nor inactive_candidates (the largest face's)
    # names him.
    person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    employees.update_employee(services.db, biden, EmployeePatch(is_active=False))  # faces kept until erasure
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert result.event.employee is None
    checked = row(services, result.event.id)
    assert checked["review_detail"]["bystanders"] == [str(biden)]

    erase_while_s3_cannot_delete(services, biden)
    assert row(services, result.event.id) == checked  # nothing forgotten: the rerun must find it again
    erased = retention.erase_employee(services.db, services.s3, services.settings, biden)
    assert erased.snapshots_deleted == 1 and checked["snapshot_key"] not in keys(services)
    assert "bystanders" not in (row(services, result.event.id)["review_detail"] or {})


@RACING
def test_an_erasure_of_a_bystander_during_the_check_leaves_no_photo_of_them(services, how):
    # The snapshot is stored before the check's transaction: an erasure of the bystander running meanwhile lists
    # their snapshots before this row exists. The check then finds them erased and is refused (the kiosk sends it
    # again, and the erased person is nobody's match any more), its photo removed.
    from facepass.errors import DatabaseConflict
    from tests.integration.test_retention import erasing_at_the_snapshot_put

    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    with erasing_at_the_snapshot_put(services, biden, how) as erased, pytest.raises(DatabaseConflict):
        attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert erased and keys(services, "review-snapshots/") == set() and keys(services, "snapshots/") == set()
    assert sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"] == 0
    again, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert again.event.employee.id == obama and "bystanders" not in (row(services, again.event.id)["review_detail"]
                                                                    or {})


def test_a_clean_punch_keeps_only_the_bystanders_ids_and_loses_them_with_the_erasure(services):
    # No multiple_faces review (ratio 0): the punch is clean, and its detail holds the ids alone: no score, no
    # vector. After the erasure nothing is left of it.
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    unflagged = with_settings(services, checkin_second_face_area_ratio=0.0)
    result, _ = attendance.record_check(unflagged.db, unflagged.s3, unflagged.engine, unflagged.settings,
                                        data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert result.event.employee.id == obama and result.event.review_state == "none"
    assert row(services, result.event.id)["review_detail"] == {"bystanders": [str(biden)]}
    retention.erase_employee(services.db, services.s3, services.settings, biden)
    assert row(services, result.event.id) == {"employee_id": obama, "snapshot_key": None, "review_detail": None}
    assert keys(services) == {f"erasures/{biden}.json"}


def test_the_bystanders_go_with_the_snapshot_at_retention(services):
    # Kept only so that an erasure finds the photo: once retention deleted it, a row saying who stood beside whom
    # at the kiosk has no purpose left.
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes(GROUP), event_type="entry", device_id="door",
                                        now=NOW - timedelta(days=400))
    assert result.event.employee.id == obama
    assert row(services, result.event.id)["review_detail"]["bystanders"] == [str(biden)]
    run_cleanup(services.db, services.s3, services.settings, now=NOW)
    after = row(services, result.event.id)
    assert after["snapshot_key"] is None and "bystanders" not in (after["review_detail"] or {})
    assert after["employee_id"] == obama  # the punch stays for payroll


def test_a_crowded_photo_costs_at_most_four_more_faces(services):
    # Six seated people: the five others are located, the four largest are embedded for the lookup.
    from facepass import identification

    analysis = services.engine.analyze(fixture_bytes("groups/faceapi_bbt4.jpg"))
    big_enough = [face for face in analysis.located[1:]
                  if min(face.width, face.height) >= services.settings.probe_min_face_px]
    assert len(big_enough) == 5
    embedded = identification.bystander_faces(services.engine, services.settings, analysis, timer=StageTimer())
    assert len(embedded) == identification.BYSTANDER_FACES_MAX == 4
    # The largest four: located is largest first.
    assert [face.width * face.height for face in big_enough] == sorted(
        (face.width * face.height for face in big_enough), reverse=True)


def test_two_bystanders_cost_one_search_one_lock_and_one_face_check(services, statements):
    # Four seated men, three enrolled: Sheldon (the largest face) is identified; the three other faces are looked up
    # together (one pgvector statement for them all), the two people found are locked together (one statement) and
    # checked together for a face (one more, after the lock: an erasure that held it is seen). The statements over
    # those of a one-face check-in of the same person, both clean (no review): exactly those three (seven when each
    # face had its search, and each bystander its lock and its face check).
    people = {name: person(services, name, f"identities/bbt_{name}/{photo}") for name, photo in
              [("sheldon", "sheldon1.png"), ("raj", "raj1.png"), ("howard", "howard1.png")]}
    unflagged = with_settings(services, checkin_second_face_area_ratio=0.0, liveness_policy="off")

    def check(photo: str, when) -> tuple[dict, int]:
        statements.clear()
        result, _ = attendance.record_check(unflagged.db, unflagged.s3, unflagged.engine, unflagged.settings,
                                            data=fixture_bytes(photo), event_type="entry", device_id="door",
                                            now=when)
        assert result.event.employee.id == people["sheldon"] and result.event.review_state == "none"
        return row(services, result.event.id), len(statements)

    alone, alone_statements = check("identities/bbt_sheldon/sheldon2.png", NOW - timedelta(hours=2))
    group, group_statements = check("groups/faceapi_bbt1.jpg", NOW - timedelta(hours=1))
    assert alone["review_detail"] is None
    assert group["review_detail"] == {"bystanders": sorted([str(people["raj"]), str(people["howard"])])}
    assert group_statements - alone_statements == 3
