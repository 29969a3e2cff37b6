"""The gallery size the open-set threshold uses (migration 0006: kept by triggers, read as one row) stays equal
to a count of the faces themselves through every change the product makes, concurrent ones included.
Real PostgreSQL; the embeddings are random unit vectors (what is counted is people, not what faces look like)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
import psycopg
import pytest
from psycopg.rows import dict_row

from facepass import employees, repository
from facepass.db import Database
from facepass.retention import erase_employee
from facepass.schemas import EmployeeCreate, EmployeePatch
from tests.conftest import CONSENTED
from tests.function_roles import run_cleanup

SFACE, BUFFALO = "sface-2021dec", "buffalo_s-w600k_mbf"
DIMENSIONS = {SFACE: 128, BUFFALO: 512}
rng = np.random.default_rng(13)


def unit(dimension: int) -> np.ndarray:
    vector = rng.standard_normal(dimension).astype(np.float32)
    return vector / np.linalg.norm(vector)


def add_face(cur, employee_id, model_id: str = SFACE) -> int:
    return repository.insert_face_embedding(cur, employee_id=employee_id, model_id=model_id,
                                            embedding=unit(DIMENSIONS[model_id]), quality={},
                                            source_key=f"test/{uuid.uuid4()}")


def person(db, name: str):
    email = f"{name}-{uuid.uuid4().hex[:8]}@t.invalid"
    return employees.create_employee(db, EmployeeCreate(biometric_consent=CONSENTED, full_name=name, email=email)).id


def assert_kept(db) -> dict[str, int]:
    """Every model's kept size equals the count from the rows; returns the sizes."""
    with db.reading() as cur:
        counted = repository.recount_enrolled_people(cur)
        kept = {model: repository.count_enrolled_people(cur, model_id=model) for model in DIMENSIONS}
    assert kept == {model: counted.get(model, 0) for model in DIMENSIONS}
    return kept


def test_the_kept_gallery_size_follows_every_change(db):
    start = assert_kept(db)[SFACE]
    ana, ben, cleo = person(db, "ana"), person(db, "ben"), person(db, "cleo")
    with db.transaction() as cur:
        add_face(cur, ana)
        add_face(cur, ana)  # a second face: still one person
        add_face(cur, ben, BUFFALO)  # another model's gallery
    assert assert_kept(db) == {SFACE: start + 1, BUFFALO: 1}

    with db.transaction() as cur:  # several faces of two people in one statement count each person once
        cur.execute("""INSERT INTO face_embeddings (employee_id, model_id, embedding, source_key)
                       SELECT p, %s, %s, 'test/multi-' || gen_random_uuid() FROM unnest(%s::uuid[]) AS p""",
                    (SFACE, unit(128), [str(ben), str(ben), str(cleo)]))
    assert assert_kept(db)[SFACE] == start + 3

    with db.transaction() as cur:  # one of ana's two faces removed: she stays in the gallery
        cur.execute("DELETE FROM face_embeddings WHERE id = "
                    "(SELECT min(id) FROM face_embeddings WHERE employee_id = %s)", (ana,))
    assert assert_kept(db)[SFACE] == start + 3

    employees.deactivate_employee(db, ben)  # out of both galleries
    assert assert_kept(db) == {SFACE: start + 2, BUFFALO: 0}
    with db.transaction() as cur:  # a face added to an inactive person does not count them
        add_face(cur, ben)
    assert assert_kept(db)[SFACE] == start + 2
    employees.update_employee(db, ben, EmployeePatch(is_active=True))  # back, with every model's faces
    assert assert_kept(db) == {SFACE: start + 3, BUFFALO: 1}
    employees.update_employee(db, ben, EmployeePatch(full_name="Ben B."))  # other columns change nothing
    assert assert_kept(db) == {SFACE: start + 3, BUFFALO: 1}

    with db.transaction() as cur:  # all of a person's faces at once (erasure's statement)
        repository.delete_employee_embeddings(cur, ben)
    assert assert_kept(db) == {SFACE: start + 2, BUFFALO: 0}

    employees.deactivate_employee(db, cleo)
    with db.transaction() as cur:  # retention's purge of long-deactivated people's faces
        repository.delete_embeddings_of_long_deactivated(cur, before=datetime.now(UTC) + timedelta(days=1),
                                                         actor="test")
    assert assert_kept(db)[SFACE] == start + 1

    with db.transaction() as cur:  # a person deleted outright: the cascade takes their faces
        cur.execute("DELETE FROM employees WHERE id = %s", (ana,))
    assert assert_kept(db)[SFACE] == start


def test_a_face_never_moves_to_another_person_or_model(db):
    """The triggers count faces in and out; a face changing owner or model would slip past them."""
    ana, ben = person(db, "mover-a"), person(db, "mover-b")
    with db.transaction() as cur:
        face = add_face(cur, ana)
    with pytest.raises(psycopg.errors.RaiseException, match="never change"), db.transaction() as cur:
        cur.execute("UPDATE face_embeddings SET employee_id = %s WHERE id = %s", (ben, face))
    with db.transaction() as cur:  # other columns may change
        cur.execute("UPDATE face_embeddings SET quality = '{\"x\": 1}' WHERE id = %s", (face,))
    assert_kept(db)


def test_truncate_counts_again(db):
    someone = person(db, "truncated")
    with db.transaction() as cur:
        add_face(cur, someone)
        cur.execute("TRUNCATE face_embeddings CASCADE")
    assert assert_kept(db) == {SFACE: 0, BUFFALO: 0}


def connect(database_url: str):
    connection = psycopg.connect(database_url, row_factory=dict_row)
    from pgvector.psycopg import register_vector

    register_vector(connection)
    return connection


def race(database_url: str, first_write, second_write=None, *, second_call=None) -> None:
    """first_write commits only once the second transaction waits on a lock it holds (the person's row), or
    has finished without waiting: two Lambdas writing about one person at the same moment. Each write gets its
    own connection's cursor; second_call instead runs a product function that opens its own transactions."""
    first, second = connect(database_url), connect(database_url)
    errors: list[BaseException] = []

    def second_transaction() -> None:
        try:
            if second_call is not None:
                second_call()
                return
            with second.cursor() as cur:
                second_write(cur)
            second.commit()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    try:
        with first.cursor() as cur:
            first_write(cur)
        thread = threading.Thread(target=second_transaction, daemon=True)
        thread.start()
        with psycopg.connect(database_url) as watcher, watcher.cursor() as cur:
            for _ in range(500):
                cur.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cur.fetchone()[0] or not thread.is_alive():
                    break
                threading.Event().wait(0.01)
            else:
                raise AssertionError("the second transaction never waited")
        first.commit()
        thread.join(10)
        assert not errors and not thread.is_alive()
    finally:
        first.close()
        second.close()


def test_two_first_faces_of_one_person_at_once_count_them_once(db, database_url):
    """Two photos of a new person embedded at the same time (two S3 events, two Lambdas)."""
    start = assert_kept(db)[SFACE]
    someone = person(db, "twice-at-once")
    race(database_url, lambda cur: add_face(cur, someone), lambda cur: add_face(cur, someone))
    assert assert_kept(db)[SFACE] == start + 1


def test_deactivation_during_a_first_enrollment_leaves_the_count_exact(db, database_url):
    start = assert_kept(db)[SFACE]
    someone = person(db, "leaving-while-enrolled")
    race(database_url, lambda cur: add_face(cur, someone),
         lambda cur: repository.deactivate(cur, someone, actor="test"))
    assert assert_kept(db)[SFACE] == start



def reactivate(cur, employee_id) -> None:
    repository.update_employee(cur, employee_id, {"is_active": True}, actor="test")


def test_a_reactivation_during_a_face_change_of_an_inactive_person_is_ordered_with_it(db, database_url):
    """The face triggers lock the person whatever their state: a face stored (or a reactivation) in flight
    makes the other wait, so the person is counted once they are active with a face, in either order."""
    start = assert_kept(db)[SFACE]
    enrolled_first, reactivated_first = person(db, "enrolled-then-back"), person(db, "back-then-enrolled")
    for someone in (enrolled_first, reactivated_first):
        employees.deactivate_employee(db, someone)
    race(database_url, lambda cur: add_face(cur, enrolled_first), lambda cur: reactivate(cur, enrolled_first))
    assert assert_kept(db)[SFACE] == start + 1
    race(database_url, lambda cur: reactivate(cur, reactivated_first), lambda cur: add_face(cur, reactivated_first))
    assert assert_kept(db)[SFACE] == start + 2
    employees.deactivate_employee(db, enrolled_first)  # and out again (the count was not left at 0 for them)
    assert assert_kept(db)[SFACE] == start + 1


def test_retention_and_a_reactivation_at_once(db, database_url):
    """Retention locks the long-deactivated people before deleting their faces (erasure's order too)."""
    start = assert_kept(db)[SFACE]
    someone = person(db, "purged-while-back")
    with db.transaction() as cur:
        add_face(cur, someone)
    employees.deactivate_employee(db, someone)
    later = datetime.now(UTC) + timedelta(days=1)
    race(database_url, lambda cur: repository.delete_embeddings_of_long_deactivated(cur, before=later, actor="test"),
         lambda cur: reactivate(cur, someone))
    assert assert_kept(db)[SFACE] == start  # back, with no face left
    with db.transaction() as cur:
        add_face(cur, someone)
    assert assert_kept(db)[SFACE] == start + 1


def test_an_erasure_during_an_enrollment_leaves_no_face_of_the_person(services, database_url):
    """The embedding function locks the person while it evaluates and stores a photo (enrollment._evaluate):
    an erasure that starts meanwhile waits, then deletes that face too; no face outlives the erasure."""
    db = services.db
    start = assert_kept(db)[SFACE]
    someone = person(db, "erased-while-enrolling")

    def enrollment(cur) -> None:  # what process_upload does in its transaction, without the model run
        assert repository.get_employee(cur, someone, lock="no key update")["is_active"]
        add_face(cur, someone)

    eraser = Database(database_url)
    try:
        race(database_url, enrollment, second_call=lambda: erase_employee(eraser, services.s3, services.settings,
                                                                          someone))
    finally:
        eraser.close()
    with db.reading() as cur:
        assert repository.list_faces(cur, someone) == []
    assert assert_kept(db)[SFACE] == start


def test_the_daily_cleanup_checks_the_kept_sizes_and_corrects_a_drift(services):
    """A drift cannot come from the product's own writes (above); if one ever did, the cleanup reports it
    (an error log) and sets the count, instead of every threshold drifting with it."""

    db = services.db
    someone = person(db, "drifted")
    with db.transaction() as cur:
        add_face(cur, someone)
    assert run_cleanup(db, services.s3, services.settings).gallery_sizes_corrected == {}
    counted = assert_kept(db)[SFACE]
    with db.transaction() as cur:
        cur.execute("UPDATE gallery_sizes SET people = people + 5 WHERE model_id = %s", (SFACE,))
    assert run_cleanup(db, services.s3, services.settings, dry_run=True).gallery_sizes_corrected == {
        SFACE: [counted + 5, counted]}
    assert run_cleanup(db, services.s3, services.settings).gallery_sizes_corrected == {SFACE: [counted + 5, counted]}
    assert assert_kept(db)[SFACE] == counted


def test_removing_faces_keeps_the_count_exact_also_while_another_face_is_stored(services, database_url):
    """DELETE /employees/{id}/faces/{face_id}: the last face out counts the person out; a face stored for them at the
    same moment is ordered with the removal by the person's lock, and keeps them in. An inactive person's removal
    changes nothing (they were not counted)."""
    from facepass import enrollment

    db = services.db
    start = assert_kept(db)[SFACE]
    someone, gone = person(db, "misfiled"), person(db, "deactivated")
    with db.transaction() as cur:
        first, inactive_face = add_face(cur, someone), add_face(cur, gone)
    employees.deactivate_employee(db, gone)
    assert assert_kept(db)[SFACE] == start + 1

    def remove(employee_id, face_id):
        return enrollment.remove_face(Database(database_url), services.s3, services.settings, employee_id, face_id,
                                      actor="hr", engine=services.engine)

    race(database_url, lambda cur: add_face(cur, someone), second_call=lambda: remove(someone, first))
    assert assert_kept(db)[SFACE] == start + 1  # the face stored meanwhile keeps them in
    (second,) = faces_of(db, someone)
    assert remove(someone, second).items == []
    assert assert_kept(db)[SFACE] == start  # the last face out: counted out
    assert remove(gone, inactive_face).identifiable is False
    assert assert_kept(db)[SFACE] == start


def faces_of(db, employee_id) -> list[int]:
    with db.reading() as cur:
        return [face["id"] for face in repository.list_faces(cur, employee_id)]


def test_removing_a_last_face_while_an_upload_stores_a_first_face_does_not_deadlock(services, database_url):
    """A face removal and an upload take the gallery lock in one order (the person's lock, then the gallery's,
    then the face rows): the removal of a person's last face waits for an upload that holds the gallery lock and
    then stores a new person's first face (both counts change the same gallery_sizes row), instead of holding that
    row and deadlocking with it."""
    from facepass import enrollment
    from tests.conftest import wait_for_lock_waiters_at

    db = services.db
    start = assert_kept(db)[SFACE]
    misfiled, new_hire = person(db, "misfiled-one-face"), person(db, "new-hire")
    with db.transaction() as cur:
        face = add_face(cur, misfiled)
    upload, errors = connect(database_url), []

    def removal() -> None:
        try:
            enrollment.remove_face(Database(database_url), services.s3, services.settings, misfiled, face,
                                   actor="hr", engine=services.engine)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    thread = threading.Thread(target=removal, daemon=True)
    try:
        with upload.cursor() as cur:  # process_upload -> evaluate_embedding: the person's lock, the gallery's
            repository.get_employee(cur, new_hire, lock="no key update")
            repository.lock_gallery(cur, model_id=SFACE)
            thread.start()
            wait_for_lock_waiters_at(database_url, 1, [thread])
            add_face(cur, new_hire)  # the new hire's first face: the gallery size row
        upload.commit()
    except psycopg.Error as error:
        errors.append(error)
    finally:
        thread.join(30)
        upload.close()
    assert errors == [] and not thread.is_alive()
    assert faces_of(db, misfiled) == [] and len(faces_of(db, new_hire)) == 1
    assert assert_kept(db)[SFACE] == start + 1  # the new hire in, the misfiled record out
