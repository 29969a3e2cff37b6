"""Bystanders: the other people a check-in's photo shows beside the one identified (a colleague behind in the queue).
The event keeps their ids (never a score or a vector, never told to the kiosk) so that erasing one of them deletes
the snapshot. Real models, real group photos (GROUPS.csv), real PostgreSQL, the local S3."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facepass import attendance
from facepass.faces import StageTimer
from tests.conftest import fixture_bytes, fresh_database
from tests.integration.test_retention import NOW, keys, person, sql

# Obama is the largest face (about 200 px), Biden beside him (about 170 px), a child cut off at the bottom.
GROUP = "groups/fr_obama_and_biden.jpg"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def row(services, event_id: int) -> dict:
    return sql(services, "SELECT employee_id, snapshot_key, review_detail FROM attendance_log WHERE id = %s",
               (event_id,))[0]


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


def test_an_erasure_of_a_bystander_during_the_check_leaves_no_photo_of_them(services):
    # The snapshot is stored before the check's transaction: an erasure of the bystander running meanwhile lists
    # their snapshots before this row exists. The check then finds them erased and is refused (the kiosk sends it
    # again, and the erased person is nobody's match any more), its photo removed.
    from facepass.errors import DatabaseConflict
    from tests.integration.test_retention import erasing_at_the_snapshot_put

    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    with erasing_at_the_snapshot_put(services, biden) as erased, pytest.raises(DatabaseConflict):
        attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert erased and keys(services, "review-snapshots/") == set() and keys(services, "snapshots/") == set()
    assert sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"] == 0
    again, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(GROUP), event_type="entry", device_id="door")
    assert again.event.employee.id == obama and "bystanders" not in (row(services, again.event.id)["review_detail"]
                                                                    or {})
