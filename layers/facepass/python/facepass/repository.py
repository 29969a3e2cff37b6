"""Every SQL statement FacePass runs. Functions take a cursor (the caller owns the transaction)
and return plain rows (dicts)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any, Literal
from uuid import UUID

import numpy as np
from psycopg import sql
from psycopg.types.json import Jsonb

from facepass.authz import SYSTEM_ACTOR

# erased_at: the erasure's time while the person stays deactivated since it (a reactivation, or a later deactivation,
# makes it history: the record may hold faces enrolled since). consent_withdrawn_at: the withdrawal of their biometric
# consent (an erasure that keeps them active, migration 0028) while no consent has been recorded since (recording one
# clears it; the CASE for rows from before that). withdrawal_unfinished: that withdrawal stopped half-way (S3) and
# waits for its rerun or the daily cleanup; no consent is recorded meanwhile (record_consent).
WITHDRAWAL_UNFINISHED = ("consent_recorded_at IS NULL AND consent_withdrawn_at IS NOT NULL "
                         "AND withdrawal_finished_at IS NULL")
EMPLOYEE_COLUMNS = ("id, full_name, email, department, is_active, timezone, deactivated_at, created_at, "
                    "updated_at, CASE WHEN NOT is_active AND erased_at >= deactivated_at THEN erased_at END "
                    "AS erased_at, consent_recorded_at, consent_recorded_by, consent_reference, "
                    "CASE WHEN consent_recorded_at IS NULL THEN consent_withdrawn_at END AS consent_withdrawn_at, "
                    f"{WITHDRAWAL_UNFINISHED} AS withdrawal_unfinished, employee_number, schedule_id, "
                    "(SELECT ws.name FROM work_schedules ws WHERE ws.id = schedule_id) AS schedule_name")

# The filter every listing of people's punches, people or requests takes for a scoped reviewer (department_scope.py):
# the row's person (`e`, the employees row joined) is in one of %(departments)s (NULL: everyone; a punch with no person
# never is).
IN_DEPARTMENTS = "(%(departments)s::text[] IS NULL OR e.department = ANY(%(departments)s::text[]))"

# --- employees -------------------------------------------------------------------------------


def insert_employee(cur, *, full_name: str, email: str, department: str | None, timezone: str | None = None,
                    actor: str | None, consent: bool = False, consent_reference: str | None = None,
                    employee_number: str | None = None, self_review: bool = False) -> dict:
    """The values given go into employee_audit too (before: null), by `actor`, in the same statement: actor None
    fails it (NotNullViolation on employee_audit.actor), nothing created. `consent`: the person's biometric consent
    recorded at creation, by `actor` (audited as field biometric_consent, after the reference or `recorded`).
    `self_review`: the record is the actor's own (their email), allowed by the setting: its audit rows say so."""
    cur.execute(
        f"""WITH created AS (
                INSERT INTO employees (full_name, email, department, timezone, consent_recorded_at,
                                       consent_recorded_by, consent_reference, employee_number)
                VALUES (%(full_name)s, %(email)s, %(department)s, %(timezone)s,
                        CASE WHEN %(consent)s THEN clock_timestamp() END, CASE WHEN %(consent)s THEN %(actor)s END,
                        CASE WHEN %(consent)s THEN %(reference)s::text END, %(employee_number)s)
                RETURNING {EMPLOYEE_COLUMNS}),
            audited AS (
                INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at, self_review)
                SELECT created.id, given.field, %(actor)s, NULL, given.value, created.updated_at, %(self_review)s
                  FROM created CROSS JOIN LATERAL (VALUES ('full_name', created.full_name), ('email', created.email),
                       ('department', created.department), ('timezone', created.timezone),
                       ('employee_number', created.employee_number),
                       ('biometric_consent', CASE WHEN created.consent_recorded_at IS NOT NULL
                                                  THEN coalesce(created.consent_reference, 'recorded') END))
                       AS given (field, value)
                 WHERE given.value IS NOT NULL)
            SELECT * FROM created""",
        {"full_name": full_name, "email": email, "department": department, "timezone": timezone, "actor": actor,
         "consent": consent, "reference": consent_reference, "employee_number": employee_number,
         "self_review": self_review},
    )
    return cur.fetchone()


# Every write moves employees.updated_at on (a save's expected_updated_at compares it exactly): the clock now, not
# now() (the transaction's start: two writes in one transaction, or one begun before the last write committed, would
# keep or move back the value), and never back.
NEXT_UPDATED_AT = "greatest(clock_timestamp(), employees.updated_at + interval '1 microsecond')"

EMPLOYEE_LOCKS = {None: "", "update": " FOR UPDATE", "no key update": " FOR NO KEY UPDATE",
                  "key share": " FOR KEY SHARE"}


def get_employee(cur, employee_id: UUID, *,
                 lock: Literal["update", "no key update", "key share"] | None = None) -> dict | None:
    """lock "no key update": the lock every change to a person's faces takes (migration 0006): it orders the
    change with (de)activation and erasure, and not with other face inserts' foreign-key checks."""
    cur.execute(f"SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE id = %s{EMPLOYEE_LOCKS[lock]}", (str(employee_id),))
    return cur.fetchone()


def employee_id_by_email(cur, emails: list[str]) -> UUID | None:
    """The employee whose email is one of `emails`, case-insensitively (employees_email_unique: at most one each),
    the first of them that names one."""
    cur.execute("""SELECT id FROM employees WHERE lower(email) = ANY(%(emails)s)
                   ORDER BY array_position(%(emails)s, lower(email)) LIMIT 1""",
                {"emails": [email.lower() for email in emails]})
    row = cur.fetchone()
    return row["id"] if row else None


# The fields of employees every change of which employee_audit keeps (never a biometric one), and the SQL that
# turns a statement's row before (was_<field>) and after into its audit rows: one per field whose value changed, by
# `actor`, stamped with the row's new updated_at (so a stale save names the change that made it stale).
AUDITED_FIELDS = ("full_name", "email", "department", "is_active", "timezone", "employee_number")


def _audit_changes(source: str, actor_param: str, stamp: str | None = None, self_review: str = "false") -> str:
    """`stamp`: the rows' time when not the row's new updated_at — a change the ledger replays after a restore is
    dated to when it was made (people_in_period reads who was active when from these rows); employee_change_at then
    finds no row for that updated_at (a save stale by the replay names nobody). `self_review`: the SQL of the rows'
    self_review (the actor's own record, allowed by the setting)."""
    values = ", ".join(f"('{field}', {source}.was_{field}::text, {source}.{field}::text)" for field in AUDITED_FIELDS)
    return f"""INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at, self_review)
               SELECT {source}.id, change.field, {actor_param}, change.before, change.after,
                      {stamp or f"{source}.updated_at"}, {self_review}
                 FROM {source} CROSS JOIN LATERAL (VALUES {values}) AS change (field, before, after)
                WHERE change.before IS DISTINCT FROM change.after"""


_WAS_COLUMNS = ", ".join(f"{field} AS was_{field}" for field in AUDITED_FIELDS)
_WAS_NAMES = ", ".join(f"was_{field}" for field in AUDITED_FIELDS)  # those columns, as a change's RETURNING names them


def update_employee(cur, employee_id: UUID, changes: dict[str, Any], *, actor: str | None,
                    self_review: bool = False) -> dict | None:
    """Apply the given fields; the column names come from our own schema model, never from input. Each field whose
    value changed goes into employee_audit by `actor`, in the same statement (none for a save that changes nothing;
    actor None fails the statement then: NotNullViolation on employee_audit.actor, nothing changed). The row also
    carries activity_changed_at (the time the ledger records a change of is_active with), zone_set_at (the one a
    change of time zone holds from, employee_time_zones.valid_from), and was_<field>, the
    values before: read under the lock the update takes (FOR NO KEY UPDATE), so after a concurrent change they are
    that change's (the UPDATE's own rows are the new ones only). `self_review`: the actor's own record, allowed by
    the setting: its audit rows say so."""
    unknown = set(changes) - {*AUDITED_FIELDS, "schedule_id"}
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    assignments = [f"{column} = %s" for column in changes]
    values = list(changes.values())
    if "is_active" in changes:
        assignments.append("deactivated_at = CASE WHEN %s THEN NULL ELSE coalesce(deactivated_at, now()) END")
        # SET reads the row as it was: the time moves only when the state does.
        assignments.append("activity_changed_at = CASE WHEN is_active IS DISTINCT FROM %s THEN now() "
                           "ELSE activity_changed_at END")
        values += [changes["is_active"], changes["is_active"]]
    assignments.append(f"updated_at = {NEXT_UPDATED_AT}")
    cur.execute(
        f"WITH locked AS (SELECT id AS locked_id, {_WAS_COLUMNS}, schedule_id AS was_schedule_id FROM employees "
        f"WHERE id = %s{EMPLOYEE_LOCKS['no key update']}), "
        f"changed AS (UPDATE employees SET {', '.join(assignments)} FROM locked WHERE id = locked_id "
        f"RETURNING {EMPLOYEE_COLUMNS}, activity_changed_at, {_WAS_NAMES}, was_schedule_id), "
        f"audited AS ({_audit_changes('changed', '%s', self_review='%s')}), "
        # The work schedule by name (field `schedule`): the names at the time, not ids a reader cannot place.
        f"scheduled AS ({_AUDIT_SCHEDULE}) "
        # now(): the time a change of zone holds from (the history trigger's valid_from, the ledger's time)
        "SELECT *, now() AS zone_set_at FROM changed",
        (str(employee_id), *values, actor, self_review, actor, self_review),
    )
    return cur.fetchone()


_AUDIT_SCHEDULE = """INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at, self_review)
    SELECT changed.id, 'schedule', %s, (SELECT ws.name FROM work_schedules ws WHERE ws.id = changed.was_schedule_id),
           (SELECT ws.name FROM work_schedules ws WHERE ws.id = changed.schedule_id), changed.updated_at, %s
      FROM changed WHERE changed.was_schedule_id IS DISTINCT FROM changed.schedule_id"""


def record_consent(cur, employee_id: UUID, *, actor: str, reference: str | None) -> dict | None:
    """The person's biometric consent, recorded by `actor` with `reference` unless one is recorded already (the first
    stands: recording again changes nothing and audits nothing); audited (field biometric_consent, after the
    reference or `recorded`) in the same statement. The row as it is now; None: no such employee. Not a change of
    the fields a save compares (updated_at stays: an edit open meanwhile is not stale). Recording it ends a
    withdrawal's statement (consent_withdrawn_at cleared; withdrawal_finished_at stays: the ledger's replay reads
    it). Nothing recorded while a withdrawal is unfinished (the row then says withdrawal_unfinished): its rerun
    would erase the faces enrolled under the new consent. The UPDATE's WHERE is checked again on the row a
    withdrawal committing meanwhile left."""
    cur.execute(
        f"""WITH recorded AS (
                UPDATE employees SET consent_recorded_at = clock_timestamp(), consent_recorded_by = %(actor)s,
                                     consent_reference = %(reference)s, consent_withdrawn_at = NULL
                 WHERE id = %(id)s AND consent_recorded_at IS NULL AND NOT ({WITHDRAWAL_UNFINISHED})
                RETURNING id, consent_recorded_at, consent_reference),
            audited AS (
                INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at)
                SELECT id, 'biometric_consent', %(actor)s, NULL, coalesce(consent_reference, 'recorded'),
                       consent_recorded_at FROM recorded)
            SELECT count(*) AS n FROM recorded""",
        {"id": str(employee_id), "actor": actor, "reference": reference})
    return get_employee(cur, employee_id)


def clear_consent(cur, employee_id: UUID, *, actor: str) -> None:
    """The erasure's withdrawal of the person's biometric consent: cleared, and audited (field biometric_consent,
    before the reference or `recorded`, after null) when one was recorded; the row recording it stays."""
    cur.execute(
        """WITH before AS (SELECT id, consent_reference FROM employees
                            WHERE id = %(id)s AND consent_recorded_at IS NOT NULL FOR NO KEY UPDATE),
                cleared AS (UPDATE employees e SET consent_recorded_at = NULL, consent_recorded_by = NULL,
                                   consent_reference = NULL FROM before WHERE e.id = before.id RETURNING e.id)
           INSERT INTO employee_audit (employee_id, field, actor, before, after)
           SELECT before.id, 'biometric_consent', %(actor)s, coalesce(before.consent_reference, 'recorded'), NULL
             FROM before JOIN cleared ON cleared.id = before.id""",
        {"id": str(employee_id), "actor": actor})


def insert_employee_audit(cur, *, employee_id: UUID, field: str, actor: str, before: str | None,
                          after: str | None, at: datetime | None = None, self_review: bool = False) -> None:
    """One audit row written on its own (an enrolled face removed); a change of the row's fields is audited by the
    statement that makes it (update_employee). `at`: when it happened, if earlier than now (a withdrawal the ledger
    replays, dated to its entry: the reports read when a person's Face ID was withdrawn from these rows).
    `self_review`: the actor's own record, allowed by the setting (separation.py)."""
    cur.execute("INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at, self_review) "
                "VALUES (%s, %s, %s, %s, %s, least(coalesce(%s::timestamptz, now()), now()), %s)",
                (str(employee_id), field, actor, before, after, at, self_review))


def list_employee_audit(cur, employee_id: UUID) -> list[dict]:
    cur.execute("""SELECT field, actor, before, after, created_at, self_review FROM employee_audit
                   WHERE employee_id = %s ORDER BY id""", (str(employee_id),))
    return cur.fetchall()


def employee_change_at(cur, employee_id: UUID, updated_at: datetime) -> dict | None:
    """Who made the change that stamped the person's row with `updated_at` (its audit rows carry that time): actor,
    created_at; None when no audited change did (one from before migration 0021)."""
    cur.execute("""SELECT actor, created_at FROM employee_audit WHERE employee_id = %s AND created_at = %s
                   ORDER BY id DESC LIMIT 1""", (str(employee_id), updated_at))
    return cur.fetchone()


def _containing(text: str | None) -> str | None:
    """A LIKE pattern finding `text` anywhere, literally (LIKE's own wildcards in it escaped)."""
    if text is None:
        return None
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _folded(expression: str) -> str:
    """SQL of `expression` as the console's searches compare it: lower case (Unicode, PostgreSQL's lower()), and ё as
    е (Russian writes either)."""
    return f"translate(lower({expression}), 'ё', 'е')"


def list_employees(cur, *, limit: int, after: tuple[datetime, UUID] | None, department: str | None,
                   active: bool | None, search: str | None = None, search_email: bool = True,
                   departments: list[str] | None = None, schedule_id: int | None = None) -> list[dict]:
    """`department` and `search` are found anywhere in the department, or the name, payroll number
    (employee_number) or email (not when not `search_email`: a reduced view's search), in any case, ё as е.
    `departments`: only people of these (exactly; a scoped reviewer's, IN_DEPARTMENTS), when given. `schedule_id`:
    only the people who have that work schedule, when given."""
    cur.execute(
        f"""SELECT {EMPLOYEE_COLUMNS},
                   (SELECT count(*) FROM face_embeddings fe WHERE fe.employee_id = e.id) AS photos
            FROM employees e
            WHERE (%(department)s::text IS NULL OR {_folded("department")} LIKE {_folded("%(department)s")})
              AND {IN_DEPARTMENTS}
              AND (%(active)s::boolean IS NULL OR is_active = %(active)s)
              AND (%(schedule_id)s::bigint IS NULL OR e.schedule_id = %(schedule_id)s)
              AND (%(pattern)s::text IS NULL OR {_folded("full_name")} LIKE {_folded("%(pattern)s")}
                   OR {_folded("employee_number")} LIKE {_folded("%(pattern)s")}
                   OR (%(search_email)s AND {_folded("email")} LIKE {_folded("%(pattern)s")}))
              AND (%(after_ts)s::timestamptz IS NULL OR (created_at, id) > (%(after_ts)s, %(after_id)s::uuid))
            ORDER BY created_at, id
            LIMIT %(limit)s""",
        {"department": _containing(department), "active": active, "limit": limit, "pattern": _containing(search),
         "search_email": search_email, "after_ts": after[0] if after else None,
         "after_id": str(after[1]) if after else None, "departments": departments, "schedule_id": schedule_id},
    )
    return cur.fetchall()


def list_departments(cur, departments: list[str] | None = None) -> list[str]:
    """Every department an employee has (active or not), each spelling once, in alphabetical order; of `departments`
    only, when given (a scoped reviewer's)."""
    cur.execute(f"""SELECT department FROM employees e WHERE department IS NOT NULL AND {IN_DEPARTMENTS}
                    GROUP BY department ORDER BY lower(department), department""", {"departments": departments})
    return [row["department"] for row in cur.fetchall()]


# --- face embeddings -------------------------------------------------------------------------


def insert_face_embedding(cur, *, employee_id: UUID, model_id: str, embedding: np.ndarray,
                          quality: dict[str, Any], source_key: str, liveness_score: float | None = None,
                          liveness_model: str | None = None, liveness_flagged: bool = False) -> int | None:
    """Insert once per source upload; returns the new id, or None if that upload was already stored."""
    cur.execute(
        """INSERT INTO face_embeddings (employee_id, model_id, embedding, quality, source_key,
                                        liveness_score, liveness_model, liveness_flagged)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (source_key) DO NOTHING
           RETURNING id""",
        (str(employee_id), model_id, np.asarray(embedding, dtype=np.float32), Jsonb(quality), source_key,
         liveness_score, liveness_model, liveness_flagged),
    )
    row = cur.fetchone()
    return row["id"] if row else None


def list_faces(cur, employee_id: UUID) -> list[dict]:
    cur.execute(
        """SELECT id, model_id, quality, created_at, liveness_score, liveness_model, liveness_flagged
           FROM face_embeddings WHERE employee_id = %s ORDER BY id""",
        (str(employee_id),),
    )
    return cur.fetchall()


def get_face(cur, face_id: int) -> dict | None:
    """One face's owner and source (never the vector)."""
    cur.execute("SELECT id, employee_id, model_id, source_key, created_at FROM face_embeddings WHERE id = %s",
                (face_id,))
    return cur.fetchone()


def delete_face(cur, *, employee_id: UUID, face_id: int) -> bool:
    """The caller holds the person's lock (get_employee(..., lock="no key update")): the gallery_sizes trigger then
    counts the person out exactly when this was their last face of the model."""
    cur.execute("DELETE FROM face_embeddings WHERE id = %s AND employee_id = %s", (face_id, str(employee_id)))
    return cur.rowcount == 1


# Enrollment tickets whose reason_detail holds a score against the person's enrolled faces: their own photos held (or
# confirmed, or refused) as not like them, and other people's photos held as a suspected duplicate of them.
_SCORED_AGAINST_PERSON = """((employee_id = %(person)s AND reason_code = 'not_same_person')
                             OR (employee_id <> %(person)s AND reason_detail->>'employee_id' = %(person)s::text))
                            AND reason_detail ? 'similarity'"""


# Tickets still held for an admin because of the person's enrolled faces (with or without a score now): their own
# photos held as not like them, and other people's photos held as a suspected duplicate of them.
_HELD_AGAINST_PERSON = """status = 'needs_confirmation'
                          AND ((employee_id = %(person)s AND reason_code = 'not_same_person')
                               OR (employee_id <> %(person)s AND reason_code = 'suspected_duplicate'
                                   AND reason_detail->>'employee_id' = %(person)s::text))"""


def lock_tickets_of_face(cur, *, employee_id: UUID, source_key: str) -> None:
    """Lock, in id order, the tickets a face's removal changes: the one the face came from, and those scored or held
    against the person's faces. Before the person's lock, the order a confirmation and an erasure take them in."""
    cur.execute(f"""SELECT id FROM enrollments
                     WHERE (employee_id = %(person)s AND s3_key = %(source_key)s) OR ({_SCORED_AGAINST_PERSON})
                        OR ({_HELD_AGAINST_PERSON})
                     ORDER BY id FOR UPDATE""",
                {"person": str(employee_id), "source_key": source_key})


def held_tickets_against(cur, employee_id: UUID, *, model_id: str) -> list[dict]:
    """The tickets held for an admin against the person's faces whose waiting embedding is of this model, locked (id
    order), with the embedding (to check them again against the faces left)."""
    cur.execute(f"""SELECT {ENROLLMENT_COLUMNS}, pending_embedding FROM enrollments
                     WHERE {_HELD_AGAINST_PERSON} AND pending_model_id = %(model)s AND pending_embedding IS NOT NULL
                     ORDER BY id FOR UPDATE""",
                {"person": str(employee_id), "model": model_id})
    rows = cur.fetchall()
    for row in rows:
        row["pending_embedding"] = _pending_vector(row["pending_embedding"])
    return rows


def held_tickets_of(cur, employee_id: UUID, *, model_id: str) -> list[dict]:
    """The person's own tickets held for an admin (either reason) whose waiting embedding is of this model, with the
    embedding, locked in id order; one another transaction holds (deciding or checking it) is skipped."""
    cur.execute(f"""SELECT {ENROLLMENT_COLUMNS}, pending_embedding FROM enrollments
                     WHERE employee_id = %(person)s AND status = 'needs_confirmation' AND pending_model_id = %(model)s
                       AND pending_embedding IS NOT NULL
                     ORDER BY id FOR UPDATE SKIP LOCKED""",
                {"person": str(employee_id), "model": model_id})
    rows = cur.fetchall()
    for row in rows:
        row["pending_embedding"] = _pending_vector(row["pending_embedding"])
    return rows


def set_hold(cur, ticket_id: UUID, *, reason_code: str, reason_detail: dict[str, Any]) -> None:
    """A held ticket checked again: why it is held now and the detail (its status and embedding stay)."""
    cur.execute("UPDATE enrollments SET reason_code = %s, reason_detail = %s WHERE id = %s",
                (reason_code, Jsonb(reason_detail), str(ticket_id)))


def _pending_vector(vector) -> np.ndarray:
    """A waiting embedding as float32: an untyped vector column comes back as pgvector's Vector."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def delete_ticket_of_face(cur, *, employee_id: UUID, source_key: str) -> int:
    """The ticket the face came from: its detail holds the face's quality and liveness score (and, confirmed, its
    similarity)."""
    cur.execute("DELETE FROM enrollments WHERE employee_id = %s AND s3_key = %s", (str(employee_id), source_key))
    return cur.rowcount


def forget_similarities_to_faces_of(cur, employee_id: UUID, *, except_ids: list[UUID] = ()) -> int:
    """The similarity out of every ticket scored against the person's faces but `except_ids` (those checked again):
    which face gave it is not kept, so each may be a score against a face just removed; `compared_face_removed` says
    why it is gone."""
    cur.execute(f"""UPDATE enrollments
                       SET reason_detail = (reason_detail - 'similarity') || '{{"compared_face_removed": true}}'::jsonb
                     WHERE {_SCORED_AGAINST_PERSON} AND NOT (id = ANY(%(kept)s::uuid[]))""",
                {"person": str(employee_id), "kept": [str(ticket) for ticket in except_ids]})
    return cur.rowcount


def count_model_faces(cur, *, employee_id: UUID, model_id: str) -> int:
    cur.execute("SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s AND model_id = %s",
                (str(employee_id), model_id))
    return cur.fetchone()["n"]


def face_vectors(cur, *, employee_id: UUID, model_id: str) -> list:
    """The person's enrolled embeddings of this model (a reactivation compares each with the active people)."""
    cur.execute("SELECT embedding FROM face_embeddings WHERE employee_id = %s AND model_id = %s ORDER BY id",
                (str(employee_id), model_id))
    return [_pending_vector(row["embedding"]) for row in cur.fetchall()]


def count_faces(cur, employee_id: UUID) -> int:
    cur.execute("SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (str(employee_id),))
    return cur.fetchone()["n"]


# --- health ----------------------------------------------------------------------------------


def applied_migrations(cur) -> set[str]:
    """The migration versions this database has run (none when it was never migrated)."""
    cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS migrated")
    if not cur.fetchone()["migrated"]:
        return set()
    cur.execute("SELECT version FROM schema_migrations")
    return {row["version"] for row in cur.fetchall()}


# --- 1:N search --------------------------------------------------------------------------------


def nearest_employees(cur, *, model_id: str, dimension: int, embedding: np.ndarray, candidates: int,
                      exclude: list[UUID] | None = None, with_gallery_size: bool = False,
                      prepared: bool = False) -> list[dict]:
    """Per active employee among the nearest `candidates` faces of this model: the best single-face
    similarity and the similarity to the person's template (mean embedding); unordered, the caller ranks.
    with_gallery_size: each row also carries `gallery_size` (count_enrolled_people's figure) from the same
    statement, which saves identify a round trip. prepared: run it as a prepared statement of the
    connection (see _run_prepared), as identify does on every call.

    The cast to vector(dimension) matches the model's partial HNSW index expression. `dimension`
    is an int from the model pack table, never from a request.
    """
    vector_type = f"vector({int(dimension)})"
    statement = f"""WITH nearest AS (
                SELECT fe.employee_id,
                       fe.embedding::{vector_type} <=> %(probe)s::{vector_type} AS distance
                FROM face_embeddings fe
                JOIN employees e ON e.id = fe.employee_id
                WHERE fe.model_id = %(model_id)s
                  AND e.is_active
                  AND (%(exclude)s::uuid[] IS NULL OR fe.employee_id <> ALL(%(exclude)s::uuid[]))
                ORDER BY fe.embedding::{vector_type} <=> %(probe)s::{vector_type}
                LIMIT %(candidates)s
            )
            , people AS (
                SELECT employee_id, 1 - min(distance) AS face_similarity FROM nearest GROUP BY employee_id
            )
            -- The person's template: the mean of all their (unit) embeddings of this model, computed
            -- here from the rows themselves, so adding or erasing a photo changes it at once.
            SELECT p.employee_id, e.full_name, p.face_similarity, count(*) AS faces,
                   1 - (avg(fe.embedding::{vector_type}) <=> %(probe)s::{vector_type}) AS template_similarity
                   {GALLERY_SIZE_COLUMN if with_gallery_size else ""}
            FROM people p
            JOIN employees e ON e.id = p.employee_id
            JOIN face_embeddings fe ON fe.employee_id = p.employee_id AND fe.model_id = %(model_id)s
            GROUP BY p.employee_id, e.full_name, p.face_similarity"""
    params = {"probe": np.asarray(embedding, dtype=np.float32), "model_id": model_id, "candidates": candidates,
              "exclude": _uuid_array(exclude or None)}
    if prepared:
        return _run_prepared(cur, statement, params, variable="probe")
    cur.execute(statement, params)
    return cur.fetchall()


def _run_prepared(cur, text: str, params: dict, *, variable: str) -> list[dict]:
    """Run text as a prepared statement of the cursor's connection, prepared on first use (psycopg keeps it, and
    prepares again on a new connection or after a rollback): PostgreSQL then plans it once instead of on every call
    (planning was most of the search's server time on a 20-person gallery). Every parameter but `variable` is
    written into the statement as a literal (one statement per model and options), so the plan is the one a literal
    query gets: the model's partial HNSW index included. `variable` (the probe) is the statement's one bound
    parameter: it travels apart from the text, in binary, never in what PostgreSQL may log."""
    literals = {key: sql.Literal(value).as_string(cur.connection).replace("%", "%%")
                for key, value in params.items() if key != variable}
    # One pass: a literal's own text is never read again as a placeholder.
    text = re.sub(r"%\((\w+)\)s", lambda found: literals.get(found[1], found[0]), text)
    cur.execute(text, {variable: params[variable]}, prepare=True)
    return cur.fetchall()


def face_free_pending(cur, employee_id: UUID, *, event_type: str, at: datetime, repeat_window: timedelta,
                      day: timedelta) -> dict:
    """The person's typed punches awaiting review around `at`: of this way within `repeat_window` either side
    (`repeats`: a second press), and all within `day` before it and after it (`day_before`, `day_after`: the cap)."""
    cur.execute("""SELECT count(*) FILTER (WHERE event_type = %(type)s
                                             AND occurred_at BETWEEN %(at)s - %(repeat)s AND %(at)s + %(repeat)s)
                              AS repeats,
                          count(*) FILTER (WHERE occurred_at BETWEEN %(at)s - %(day)s AND %(at)s) AS day_before,
                          count(*) FILTER (WHERE occurred_at BETWEEN %(at)s AND %(at)s + %(day)s) AS day_after
                     FROM attendance_log
                    WHERE employee_id = %(id)s AND review_state = 'pending' AND 'face_free' = ANY(review_reasons)
                      AND occurred_at BETWEEN %(at)s - greatest(%(repeat)s, %(day)s)
                                          AND %(at)s + greatest(%(repeat)s, %(day)s)""",
                {"id": str(employee_id), "type": event_type, "at": at, "repeat": repeat_window, "day": day})
    return cur.fetchone()


def employee_by_number(cur, employee_number: str) -> dict | None:
    """The person with this payroll number, in any case (the unique index's lower()), or None: locked as every change
    to a person's faces locks them (get_employee "no key update"), so an enrollment or a withdrawal racing the typed
    punch is seen."""
    cur.execute(f"SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE lower(employee_number) = lower(%s)"
                f"{EMPLOYEE_LOCKS['no key update']}", (employee_number,))
    return cur.fetchone()


def first_face_at(cur, *, employee_id: UUID, model_id: str) -> datetime | None:
    """When the person's earliest stored face of this model was enrolled."""
    cur.execute("SELECT min(created_at) AS at FROM face_embeddings WHERE employee_id = %s AND model_id = %s",
                (str(employee_id), model_id))
    return cur.fetchone()["at"]


def lock_people_with_faces(cur, employee_ids: list[str], *, model_id: str) -> set[str]:
    """Lock these people's rows FOR KEY SHARE, all in one statement in id order (as a loop over the sorted ids took
    them), and return those that have a face of this model. The faces are read by a second statement, after the
    locks: one that waited for an erasure's lock sees what it deleted (a statement sees the data as of its start)."""
    cur.execute("SELECT id FROM employees WHERE id = ANY(%s::uuid[]) ORDER BY id FOR KEY SHARE",
                (list(employee_ids),))
    locked = [str(row["id"]) for row in cur.fetchall()]
    cur.execute("SELECT DISTINCT employee_id FROM face_embeddings WHERE employee_id = ANY(%s::uuid[]) "
                "AND model_id = %s", (locked, model_id))
    return {str(row["employee_id"]) for row in cur.fetchall()}


def lock_gallery(cur, *, model_id: str) -> None:
    """A transaction-scoped advisory lock on a model's gallery (enrollment's duplicate check to its commit)."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtext('facepass.gallery:' || %s))", (model_id,))


def count_enrolled_people(cur, *, model_id: str) -> int:
    """Gallery size: active people with at least one face of this model (the open-set threshold's N), as the
    triggers of migration 0006 keep it: one row read, whatever the gallery's size."""
    cur.execute("SELECT coalesce((SELECT people FROM gallery_sizes WHERE model_id = %s), 0) AS n", (model_id,))
    return cur.fetchone()["n"]


def recount_enrolled_people(cur) -> dict[str, int]:
    """The gallery sizes counted from the faces themselves, per model (what gallery_sizes must hold)."""
    cur.execute("SELECT model_id, people FROM gallery_sizes_counted()")
    return {row["model_id"]: row["people"] for row in cur.fetchall()}


def correct_gallery_sizes(cur, *, dry_run: bool = False) -> dict[str, list[int]]:
    """The kept gallery sizes checked against recount_enrolled_people, under a lock that holds the triggers'
    updates back meanwhile: {model: [kept, counted]} for each that differed, set to the count unless dry_run."""
    cur.execute("LOCK TABLE gallery_sizes IN SHARE ROW EXCLUSIVE MODE")
    cur.execute("SELECT model_id, people FROM gallery_sizes")
    kept = {row["model_id"]: row["people"] for row in cur.fetchall()}
    counted = recount_enrolled_people(cur)
    drift = {model: [kept.get(model, 0), counted.get(model, 0)] for model in sorted(kept.keys() | counted.keys())
             if kept.get(model, 0) != counted.get(model, 0)}
    if not dry_run:
        for model, (_, people) in drift.items():
            cur.execute("""INSERT INTO gallery_sizes (model_id, people) VALUES (%s, %s)
                           ON CONFLICT (model_id) DO UPDATE SET people = EXCLUDED.people""", (model, people))
    return drift


# count_enrolled_people as a column of nearest_employees (evaluated once per statement).
GALLERY_SIZE_COLUMN = """, coalesce((SELECT people FROM gallery_sizes WHERE model_id = %(model_id)s), 0)
                AS gallery_size"""


def employee_similarity(cur, *, employee_id: UUID, model_id: str, dimension: int, embedding: np.ndarray) -> dict:
    """Best similarity of a probe to one employee's faces (1:1 verify), and to their template (the mean of
    their embeddings, as nearest_employees computes it: matching.person_similarity takes the better)."""
    vector_type = f"vector({int(dimension)})"
    cur.execute(
        f"""SELECT count(*) AS faces,
                   1 - min(embedding::{vector_type} <=> %(probe)s::{vector_type}) AS similarity,
                   1 - (avg(embedding::{vector_type}) <=> %(probe)s::{vector_type}) AS template_similarity
            FROM face_embeddings WHERE employee_id = %(employee)s AND model_id = %(model_id)s""",
        {"probe": np.asarray(embedding, dtype=np.float32), "employee": str(employee_id), "model_id": model_id},
    )
    return cur.fetchone()


# --- enrollment tickets ------------------------------------------------------------------------

ENROLLMENT_COLUMNS = ("id, employee_id, s3_key, status, reason_code, reason_detail, created_at, processed_at, "
                      "held_photo_key, self_review, requested_by")


def insert_enrollment(cur, *, ticket_id: UUID, employee_id: UUID, s3_key: str, self_review: bool = False,
                      requested_by: str | None = None) -> dict:
    """A pending ticket; `self_review`: made by the person whose record it is, allowed by the setting
    (separation.py); `requested_by`: who asked for it, the actor the face stored from it is audited by (migration
    0037)."""
    cur.execute(
        f"INSERT INTO enrollments (id, employee_id, s3_key, self_review, requested_by) VALUES (%s, %s, %s, %s, %s) "
        f"RETURNING {ENROLLMENT_COLUMNS}",
        (str(ticket_id), str(employee_id), s3_key, self_review, requested_by),
    )
    return cur.fetchone()


def get_enrollment(cur, ticket_id: UUID, *, for_update: bool = False) -> dict | None:
    lock = " FOR UPDATE" if for_update else ""
    cur.execute(f"SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE id = %s{lock}", (str(ticket_id),))
    return cur.fetchone()


def list_enrollments(cur, employee_id: UUID, *, status: str, limit: int) -> list[dict]:
    """One person's tickets in one state, newest first (never the waiting embedding)."""
    cur.execute(f"""SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE employee_id = %s AND status = %s
                    ORDER BY created_at DESC, id DESC LIMIT %s""",
                (str(employee_id), status, limit))
    return cur.fetchall()


def finish_enrollment(cur, ticket_id: UUID, *, status: str, reason_code: str | None,
                      reason_detail: dict[str, Any] | None) -> None:
    cur.execute(
        """UPDATE enrollments SET status = %s, reason_code = %s, reason_detail = %s, processed_at = now()
           WHERE id = %s""",
        (status, reason_code, Jsonb(reason_detail) if reason_detail else None, str(ticket_id)),
    )


def hold_for_confirmation(cur, ticket_id: UUID, *, model_id: str, embedding: np.ndarray, quality: dict[str, Any],
                          reason_code: str, reason_detail: dict[str, Any], held_photo_key: str | None = None) -> None:
    """A suspected duplicate: the ticket waits for an admin with its embedding (never searched), and the key of its
    face crop (written before this commits) when there is one."""
    cur.execute(
        """UPDATE enrollments SET status = 'needs_confirmation', reason_code = %s, reason_detail = %s,
                  pending_model_id = %s, pending_embedding = %s, pending_quality = %s, held_photo_key = %s,
                  processed_at = now()
           WHERE id = %s""",
        (reason_code, Jsonb(reason_detail), model_id, np.asarray(embedding, dtype=np.float32), Jsonb(quality),
         held_photo_key, str(ticket_id)),
    )


def get_pending_embedding(cur, ticket_id: UUID) -> dict | None:
    cur.execute("""SELECT pending_model_id, pending_embedding, pending_quality FROM enrollments
                   WHERE id = %s AND status = 'needs_confirmation' AND pending_embedding IS NOT NULL""",
                (str(ticket_id),))
    row = cur.fetchone()
    if row is not None:
        row["pending_embedding"] = _pending_vector(row["pending_embedding"])
    return row


def settle_confirmation(cur, ticket_id: UUID, *, status: str, reason_detail: dict[str, Any] | None,
                        reason_code: str | None = None) -> None:
    """Confirmed (completed) or refused/expired (rejected): the waiting embedding and the held photo's key are
    cleared either way (the caller deletes the crop after the commit). reason_code: a new one (else it stays)."""
    cur.execute(
        """UPDATE enrollments SET status = %s, reason_detail = %s, reason_code = coalesce(%s, reason_code),
                  pending_model_id = NULL, pending_embedding = NULL, pending_quality = NULL, held_photo_key = NULL,
                  processed_at = now()
           WHERE id = %s""",
        (status, Jsonb(reason_detail) if reason_detail else None, reason_code, str(ticket_id)),
    )


def count_expired_confirmations(cur, *, before: datetime) -> int:
    cur.execute("SELECT count(*) AS n FROM enrollments WHERE status = 'needs_confirmation' AND processed_at < %s",
                (before,))
    return cur.fetchone()["n"]


def expire_confirmations(cur, *, before: datetime) -> list[str | None]:
    """Held photos nobody decided on in time: rejected, their embeddings deleted. One entry per ticket: the key of
    its face crop as it was (None: no crop), for the caller to delete after the commit."""
    cur.execute(
        """UPDATE enrollments e SET status = 'rejected', reason_code = 'confirmation_expired',
                  pending_model_id = NULL, pending_embedding = NULL, pending_quality = NULL, held_photo_key = NULL
             FROM (SELECT id, held_photo_key FROM enrollments WHERE status = 'needs_confirmation' AND processed_at < %s
                   ORDER BY id FOR UPDATE) AS held
            WHERE e.id = held.id
        RETURNING held.held_photo_key""",
        (before,),
    )
    return [row["held_photo_key"] for row in cur.fetchall()]


# --- attendance --------------------------------------------------------------------------------

ATTENDANCE_COLUMNS = """a.id, a.employee_id, e.full_name, a.occurred_at, a.event_type, a.similarity, a.trace_id,
    e.employee_number, e.email AS employee_email, a.snapshot_key, a.status, a.device_id, a.created_at, a.offline,
    a.received_at, a.liveness_score,
    a.liveness_model, a.review_state, a.review_reasons, a.review_detail, a.reviewed_at, a.reviewed_by, a.entered_by,
    a.repeat_of, a.matched_employee_id, a.revision, a.direction_source,
    (SELECT m.full_name FROM employees m WHERE m.id = a.matched_employee_id) AS matched_full_name,
    (SELECT d.name FROM devices d WHERE d.id::text = a.device_id) AS device_name"""


def insert_attendance(cur, *, employee_id: UUID | None, occurred_at: datetime, event_type: str,
                      similarity: float | None, trace_id: UUID, snapshot_key: str | None, status: str,
                      device_id: str | None, offline: bool = False, liveness_score: float | None = None,
                      liveness_model: str | None = None, review_state: str = "none",
                      review_reasons: list[str] | None = None, review_detail: dict[str, Any] | None = None,
                      repeat_of: int | None = None, direction_source: str = "kiosk", matched: bool = True) -> dict:
    """`matched` False: no face named the person (a punch typed without Face ID): matched_employee_id stays null."""
    cur.execute(
        """INSERT INTO attendance_log (employee_id, occurred_at, event_type, similarity, trace_id, snapshot_key,
                                       status, device_id, offline, liveness_score, liveness_model, review_state,
                                       review_reasons, review_detail, repeat_of, matched_employee_id,
                                       direction_source)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
        (employee_id, occurred_at, event_type, similarity, trace_id, snapshot_key, status, device_id, offline,
         liveness_score, liveness_model, review_state, list(review_reasons or []),
         Jsonb(review_detail) if review_detail else None, repeat_of,
         employee_id if matched else None,  # whom the face matched: a review moves employee_id, never this
         direction_source),
    )
    return get_attendance(cur, cur.fetchone()["id"])


def get_attendance(cur, attendance_id: int, *, for_update: bool = False) -> dict | None:
    lock = " FOR UPDATE OF a" if for_update else ""
    cur.execute(f"SELECT {ATTENDANCE_COLUMNS} FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id "
                f"WHERE a.id = %s{lock}", (attendance_id,))
    return cur.fetchone()


def recent_attendance(cur, *, employee_id: UUID, event_type: str, at: datetime, since: datetime,
                      until: datetime) -> dict | None:
    """The person's event of this type the reports count (REPORTED_EVENT: an original, or a repeat whose original
    no longer counts) nearest to `at` within [since, until], unless an event of the other type (one HR has not
    rejected) lies between the two: an entry after an exit is a new entry, however soon. The check-in records a
    repeat of the event returned, so a press is never counted beside the one the reports already count."""
    cur.execute(
        f"""SELECT {ATTENDANCE_COLUMNS} FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id
            WHERE a.employee_id = %(employee)s AND a.event_type = %(type)s
              AND a.occurred_at >= %(since)s AND a.occurred_at <= %(until)s AND {REPORTED_EVENT}
              AND NOT EXISTS (
                  SELECT 1 FROM attendance_log o
                  WHERE o.employee_id = a.employee_id AND o.event_type <> a.event_type AND o.review_state <> 'rejected'
                    AND (o.status = 'recognized' OR o.review_state IN ('confirmed', 'reassigned'))
                    AND o.occurred_at BETWEEN least(a.occurred_at, %(at)s) AND greatest(a.occurred_at, %(at)s))
            ORDER BY abs(extract(epoch FROM a.occurred_at - %(at)s)), a.id DESC LIMIT 1""",
        {"employee": employee_id, "type": event_type, "at": at, "since": since, "until": until},
    )
    return cur.fetchone()


# What payroll counts: events a reviewer confirmed or reassigned, and recognized events nobody flagged.
COUNTED_EVENT = """(a.review_state IN ('confirmed', 'reassigned')
                    OR (a.review_state = 'none' AND a.status = 'recognized'))"""
# What the reports count: a counted event of a person, unless it repeats a counted event of that same person and
# direction (a double press, counted once); a repeat counts when its original does not (rejected, reassigned away),
# or when a review corrected the direction of either (an entry and an exit are two punches, never one pressed twice).
REPORTED_EVENT = f"""(a.employee_id IS NOT NULL AND {COUNTED_EVENT}
                     AND NOT EXISTS (SELECT 1 FROM attendance_log o WHERE o.id = a.repeat_of
                                     AND o.employee_id = a.employee_id AND o.event_type = a.event_type
                                     AND {COUNTED_EVENT.replace("a.", "o.")}))"""


# The actions of a person deciding an event (HR typing it in, a review: confirm, with or without a direction
# correction, reassign, reject); not a flag (the server's, or the kiosk's "Not you?"), which decides nothing.
HUMAN_DECISIONS = ("add", "confirm", "reassign", "reject")


def list_attendance(cur, *, start: datetime | None, end: datetime | None, employee_id: UUID | None,
                    status: str | None, device_id: str | None, after: tuple[datetime, int] | None,
                    limit: int, review_state: str | None = None, counted: bool | None = None,
                    decision_notes: bool = False, departments: list[str] | None = None) -> list[dict]:
    """departments: only the events of people of these (IN_DEPARTMENTS; none of nobody's), when given.
    counted: only the events the daily report counts (True), or only the others (False). decision_notes: each
    row's `decision_note`, the note of its latest human decision in the attendance audit (HUMAN_DECISIONS; null: none,
    or decided without a note), read in the same query (else null)."""
    decided = ("""LEFT JOIN LATERAL (SELECT au.note FROM attendance_audit au
                                     WHERE au.attendance_id = a.id AND au.action = ANY(%(decisions)s)
                                     ORDER BY au.id DESC LIMIT 1) decided ON true"""
               if decision_notes else "")
    cur.execute(
        f"""SELECT {ATTENDANCE_COLUMNS}, {"decided.note" if decision_notes else "NULL::text"} AS decision_note
            FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id {decided}
            WHERE (%(start)s::timestamptz IS NULL OR a.occurred_at >= %(start)s)
              AND (%(end)s::timestamptz IS NULL OR a.occurred_at < %(end)s)
              AND (%(employee)s::uuid IS NULL OR a.employee_id = %(employee)s)
              AND (%(status)s::text IS NULL OR a.status = %(status)s)
              AND (%(review_state)s::text IS NULL OR a.review_state = %(review_state)s)
              AND (%(counted)s::boolean IS NULL OR {REPORTED_EVENT} = %(counted)s)
              AND (%(device)s::text IS NULL OR a.device_id = %(device)s)
              AND {IN_DEPARTMENTS}
              AND (%(after_ts)s::timestamptz IS NULL OR (a.occurred_at, a.id) > (%(after_ts)s, %(after_id)s))
            ORDER BY a.occurred_at, a.id
            LIMIT %(limit)s""",
        {"start": start, "end": end, "employee": employee_id, "status": status, "review_state": review_state,
         "counted": counted, "device": device_id, "after_ts": after[0] if after else None,
         "after_id": after[1] if after else None, "limit": limit, "decisions": list(HUMAN_DECISIONS),
         "departments": departments},
    )
    return cur.fetchall()


def repeat_group(cur, attendance_id: int) -> list[dict]:
    """The event, the original it repeats and the repeats of either, counted ones, locked (id order): of the event's
    person and direction only (a repeat HR reassigned to someone else, or whose direction a review corrected, is a
    punch of its own, as the reports count it)."""
    cur.execute(
        f"""SELECT {ATTENDANCE_COLUMNS} FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id
            WHERE {COUNTED_EVENT} AND (a.id = %(id)s OR a.repeat_of = %(id)s
                   OR a.id = (SELECT repeat_of FROM attendance_log WHERE id = %(id)s)
                   OR a.repeat_of = (SELECT repeat_of FROM attendance_log WHERE id = %(id)s))
              AND a.employee_id = (SELECT employee_id FROM attendance_log WHERE id = %(id)s)
              AND a.event_type = (SELECT event_type FROM attendance_log WHERE id = %(id)s)
            ORDER BY a.id FOR UPDATE OF a""", {"id": attendance_id})
    return cur.fetchall()


def repeats_of(cur, attendance_id: int, *, employee_id: UUID, event_type: str) -> list[dict]:
    """The presses stored as repeats of this one (a double press) that are still the person's, of this direction and
    not rejected, locked (id order, after the event's own lock: the order repeat_group takes them in)."""
    cur.execute(
        f"""SELECT {ATTENDANCE_COLUMNS} FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id
            WHERE a.repeat_of = %s AND a.employee_id = %s AND a.event_type = %s AND a.review_state <> 'rejected'
            ORDER BY a.id FOR UPDATE OF a""", (attendance_id, employee_id, event_type))
    return cur.fetchall()


def recognized_punches_since(cur, employee_id: UUID, since: datetime) -> dict:
    """The person's punches their face was recognized in (matched to them, still theirs, not rejected) that reached
    the server since `since` (when the match was made: an offline capture is matched on arrival): how many, and the
    earliest one's time."""
    cur.execute("""SELECT count(*) AS punches, min(occurred_at) AS first FROM attendance_log
                   WHERE employee_id = %(person)s AND matched_employee_id = %(person)s AND status = 'recognized'
                     AND review_state <> 'rejected' AND received_at >= %(since)s""",
                {"person": employee_id, "since": since})
    return cur.fetchone()


def attendance_reported(cur, attendance_id: int) -> bool:
    """Whether the reports count this event (REPORTED_EVENT): not a repeat of a counted event of its person and
    direction (a double press whose first press counts, which counts nothing of its own)."""
    cur.execute(f"SELECT {REPORTED_EVENT} AS reported FROM attendance_log a WHERE a.id = %s", (attendance_id,))
    row = cur.fetchone()
    return bool(row and row["reported"])


def attendance_counted(cur, attendance_id: int) -> bool:
    """Whether this event counts, on its own or as a repeat of a counted one (a group the reports count once, which
    `replaces` takes as a whole): COUNTED_EVENT, with a person."""
    cur.execute(f"SELECT (a.employee_id IS NOT NULL AND {COUNTED_EVENT}) AS counted FROM attendance_log a "
                "WHERE a.id = %s", (attendance_id,))
    row = cur.fetchone()
    return bool(row and row["counted"])


def _uuid_array(ids: list[UUID] | None) -> list[str] | None:
    """A `uuid[]` parameter (None: no filter)."""
    return None if ids is None else [str(value) for value in ids]


# One person's events in the order the reports pair them (reports.event_order says the same in Python): by instant,
# at the same instant an exit before an entry (a shift typed to end when the next begins, 08:00-13:00 and 13:00-17:00,
# is two shifts whichever was stored first), then as stored.
EVENT_ORDER = "a.occurred_at, a.event_type = 'entry', a.id"


def recognized_events_between(cur, *, start: datetime, end: datetime,
                              employee_ids: list[UUID] | None = None,
                              departments: list[str] | None = None) -> list[dict]:
    """Counted events of the period (of these people only, when given; of people of `departments` only, when
    given), per person in time order; with the
    person's own time zone (NULL: the report zone), entered_by (who typed the punch in; NULL: a kiosk's) and
    face_free (typed at the kiosk without Face ID: no face confirmed it either)."""
    cur.execute(
        f"""SELECT a.id, a.employee_id, e.full_name, e.department, e.timezone, a.event_type, a.occurred_at,
                  a.entered_by, 'face_free' = ANY(a.review_reasons) AS face_free, e.employee_number, e.email
           FROM attendance_log a JOIN employees e ON e.id = a.employee_id
           WHERE {REPORTED_EVENT} AND a.occurred_at >= %(start)s AND a.occurred_at < %(end)s
             AND (%(people)s::uuid[] IS NULL OR a.employee_id = ANY(%(people)s::uuid[])) AND {IN_DEPARTMENTS}
           ORDER BY e.full_name, a.employee_id, {EVENT_ORDER}""",
        {"start": start, "end": end, "people": _uuid_array(employee_ids), "departments": departments},
    )
    return cur.fetchall()


def punches_deciding(cur, *, employee_id: UUID, start: datetime, end: datetime) -> list[dict]:
    """The person's counted events of [start, end) and those of theirs awaiting review (`pending` true), in time
    order: what a punch's direction is decided from (a punch awaiting a human is most likely real; not one the person
    at the kiosk said was not them: disputed_at_kiosk)."""
    cur.execute(
        f"""SELECT a.id, a.event_type, a.occurred_at, a.review_state = 'pending' AS pending
           FROM attendance_log a
           WHERE a.employee_id = %(person)s AND a.occurred_at >= %(start)s AND a.occurred_at < %(end)s
             AND ({REPORTED_EVENT} OR (a.review_state = 'pending'
                                       AND NOT 'disputed_at_kiosk' = ANY(a.review_reasons)))
           ORDER BY {EVENT_ORDER}""",
        {"person": str(employee_id), "start": start, "end": end},
    )
    return cur.fetchall()


def auto_punches_after(cur, *, employee_id: UUID, after: datetime, until: datetime) -> list[dict]:
    """The person's server-decided punches (direction_source auto) in (after, until], counted or awaiting review,
    in time order: their directions were decided without a punch captured at `after`."""
    cur.execute(
        f"""SELECT a.id, a.event_type, a.occurred_at, a.review_state, a.status
           FROM attendance_log a
           WHERE a.employee_id = %(person)s AND a.direction_source = 'auto'
             AND a.occurred_at > %(after)s AND a.occurred_at <= %(until)s
             AND ({COUNTED_EVENT} OR a.review_state = 'pending')
           ORDER BY {EVENT_ORDER}""",
        {"person": str(employee_id), "after": after, "until": until},
    )
    return cur.fetchall()


def flag_for_review(cur, attendance_id: int, *, reason: str, detail: dict[str, Any] | None = None) -> dict | None:
    """A counted, unreviewed event goes to review with `reason`; one awaiting review stays so, with `reason` added
    unless it has it (the revision bumps either way: a reviewer's older view is stale). None when it is neither
    (a human decided it meanwhile). `detail`: keys merged into its review_detail."""
    cur.execute(
        """UPDATE attendance_log SET review_state = 'pending', revision = revision + 1,
                  review_reasons = CASE WHEN %(reason)s = ANY(review_reasons) THEN review_reasons
                                        ELSE array_append(review_reasons, %(reason)s) END,
                  review_detail = CASE WHEN %(detail)s::jsonb IS NULL THEN review_detail
                                       ELSE coalesce(review_detail, '{}'::jsonb) || %(detail)s::jsonb END
           WHERE id = %(id)s AND ((review_state = 'none' AND status = 'recognized') OR review_state = 'pending')""",
        {"reason": reason, "id": attendance_id, "detail": Jsonb(detail) if detail else None},
    )
    return get_attendance(cur, attendance_id) if cur.rowcount else None


def pending_reviews_between(cur, *, start: datetime, end: datetime,
                            employee_ids: list[UUID] | None = None,
                            departments: list[str] | None = None) -> list[dict]:
    """Pending events of the period, with their person and the person's time zone (employee_id None: nobody
    identified); of these people only, when given; of people of `departments` only (none of nobody's), when given."""
    cur.execute(
        f"""SELECT a.id, a.employee_id, e.full_name, e.department, e.timezone, a.event_type, a.occurred_at,
                  e.employee_number, e.email
           FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id
           WHERE a.review_state = 'pending' AND a.occurred_at >= %(start)s AND a.occurred_at < %(end)s
             AND (%(people)s::uuid[] IS NULL OR a.employee_id = ANY(%(people)s::uuid[])) AND {IN_DEPARTMENTS}""",
        {"start": start, "end": end, "people": _uuid_array(employee_ids), "departments": departments},
    )
    return cur.fetchall()


# Each person's zones as spans [valid_from, valid_to) (migration 0017's employee_time_zones: a zone holds from the
# moment it was set until the next one; NULL zone: the report zone).
_ZONE_SPANS = """SELECT employee_id, zone, valid_from,
                        lead(valid_from, 1, 'infinity')
                            OVER (PARTITION BY employee_id ORDER BY valid_from, id) AS valid_to
                 FROM employee_time_zones"""


def read_one_snapshot(cur) -> None:
    """The transaction's statements all read the database as of its first one (REPEATABLE READ, read only): a report
    made of several reads never mixes states (a person listed by one and their events changed before the next).
    The transaction's first statement."""
    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def time_zone_history(cur, employee_ids: list[UUID]) -> dict[UUID, list[tuple[datetime, str | None]]]:
    """Per person, the zones they have had: (valid_from, zone), oldest first (the first from -infinity)."""
    cur.execute("""SELECT employee_id, valid_from, zone FROM employee_time_zones
                   WHERE employee_id = ANY(%s::uuid[]) ORDER BY employee_id, valid_from, id""",
                (_uuid_array(employee_ids),))
    history: dict[UUID, list[tuple[datetime, str | None]]] = {}
    for row in cur.fetchall():
        history.setdefault(row["employee_id"], []).append((row["valid_from"], row["zone"]))
    return history


def time_zones_held(cur) -> list[str]:
    """Every zone anyone has held (each once; the report zone, NULL, left out): the zones a punch nobody was matched
    to may be counted in once reassigned."""
    cur.execute("SELECT DISTINCT zone FROM employee_time_zones WHERE zone IS NOT NULL ORDER BY zone")
    return [row["zone"] for row in cur.fetchall()]


def time_zones_in_period(cur, *, start: datetime, end: datetime) -> list[str]:
    """The zones (each once) people held at the instant of one of their counted or pending events in [start, end):
    the only zones a report of those days needs."""
    cur.execute(
        f"""SELECT DISTINCT s.zone FROM ({_ZONE_SPANS}) s
            WHERE s.zone IS NOT NULL AND s.valid_from < %(end)s AND s.valid_to > %(start)s
              AND EXISTS (SELECT 1 FROM attendance_log a
                          WHERE a.employee_id = s.employee_id
                            AND a.occurred_at >= greatest(s.valid_from, %(start)s)
                            AND a.occurred_at < least(s.valid_to, %(end)s)
                            AND ({COUNTED_EVENT} OR a.review_state = 'pending'))
            ORDER BY s.zone""", {"start": start, "end": end})
    return [row["zone"] for row in cur.fetchall()]


# Whether person e was active at %(employed_start)s, from the is_active history (employee_audit, stamped with the
# change's updated_at): the value the last change up to then set; with none, the value the first change after it
# found; with no change at all, the value now (a person is created active). And whether a change within
# [%(employed_start)s, %(employed_end)s) made them active. people_in_period: active at some instant of the period.
_ACTIVE_AT_START = """coalesce(
    (SELECT h.after = 'true' FROM employee_audit h
      WHERE h.employee_id = e.id AND h.field = 'is_active' AND h.created_at <= %(employed_start)s
      ORDER BY h.created_at DESC, h.id DESC LIMIT 1),
    (SELECT h.before = 'true' FROM employee_audit h
      WHERE h.employee_id = e.id AND h.field = 'is_active' AND h.created_at > %(employed_start)s
      ORDER BY h.created_at, h.id LIMIT 1),
    -- No is_active history (a person deactivated before migration 0021 wrote it): deactivated_at is the boundary.
    e.is_active OR coalesce(%(employed_start)s < e.deactivated_at, false))"""
_ACTIVATED_DURING = """EXISTS (SELECT 1 FROM employee_audit h
    WHERE h.employee_id = e.id AND h.field = 'is_active' AND h.after = 'true'
      AND h.created_at > %(employed_start)s AND h.created_at < %(employed_end)s)"""


def was_active_at(cur, employee_id: UUID, moment: datetime) -> bool:
    """Whether the person was an active employee at `moment`, as the is_active history says (_ACTIVE_AT_START): a
    punch of a leaver's may become theirs only if taken while they were employed, whatever happened since."""
    cur.execute(f"SELECT e.created_at <= %(employed_start)s AND {_ACTIVE_AT_START} AS active FROM employees e "
                "WHERE e.id = %(id)s", {"id": str(employee_id), "employed_start": moment})
    row = cur.fetchone()
    return bool(row and row["active"])


def employed_during(cur, employee_id: UUID, moment: datetime, start: datetime, end: datetime) -> bool:
    """Whether a punch at `moment` may be the person's paid time: their record did not exist yet then (HR's word), or
    the is_active history shows them active at some instant of [start, end) (at its start, or activated during it)."""
    cur.execute(f"SELECT e.created_at > %(moment)s OR {_ACTIVE_AT_START} OR {_ACTIVATED_DURING} AS employed "
                "FROM employees e WHERE e.id = %(id)s",
                {"id": str(employee_id), "moment": moment, "employed_start": start, "employed_end": end})
    row = cur.fetchone()
    return bool(row is None or row["employed"])


def employed_on_days(cur, person_days: list[tuple[UUID, datetime, datetime]]) -> list[tuple[bool, bool]]:
    """Per (person, [start, end) of one of their days), in order: (employed_during's answer for a change at its start,
    whether their record existed before its end), in one statement whatever the number of people and days (a bulk
    absence's thousands). A person with no record: (True, True), employed_during's answer (nothing to refuse)."""
    sql = (f"""SELECT coalesce(e.created_at > b.employed_start OR {_ACTIVE_AT_START} OR {_ACTIVATED_DURING},
                               true) AS employed,
                      coalesce(e.created_at < b.employed_end, true) AS existed
                 FROM unnest(%(people)s::uuid[], %(starts)s::timestamptz[], %(ends)s::timestamptz[])
                        WITH ORDINALITY AS b(employee_id, employed_start, employed_end, n)
                 LEFT JOIN employees e ON e.id = b.employee_id
                ORDER BY b.n""")
    sql = sql.replace("%(employed_start)s", "b.employed_start").replace("%(employed_end)s", "b.employed_end")
    cur.execute(sql, {"people": [str(person) for person, _, _ in person_days],
                      "starts": [start for _, start, _ in person_days], "ends": [end for _, _, end in person_days]})
    return [(bool(row["employed"]), bool(row["existed"])) for row in cur.fetchall()]


# A person (employees e) with a paid absence on one of the days [first_day, last_day]: the person's own calendar days,
# as recorded (no zone to place them in): the timesheet's and the daily report's one rule.
_ABSENT_ON_DAYS = """EXISTS (SELECT 1 FROM absences ab WHERE ab.employee_id = e.id
                                AND ab.day BETWEEN %(first_day)s AND %(last_day)s)"""


# report_watermark's statement. Its count reads employee_audit_watermark_idx (migration 0042, partial: the three fields
# it counts), one range per branch (a BitmapOr), not the whole trail.
WATERMARK = f"""SELECT (SELECT count(*) FROM employee_audit
                        WHERE (field = 'full_name' AND before IS NOT NULL)
                           OR (field IN ('full_name', 'is_active') AND created_at < %(until)s)
                           OR (field = 'full_name' AND before IS NULL
                               AND EXISTS (SELECT 1 FROM attendance_log a
                                            WHERE a.employee_id = employee_audit.employee_id
                                              AND a.occurred_at >= %(since)s AND a.occurred_at < %(until)s))
                           OR (%(scoped)s AND field = 'department')) AS people,
                      (SELECT count(*) FROM employees e
                        WHERE {_ABSENT_ON_DAYS}
                          AND NOT (e.created_at < %(employed_end)s
                                   AND ({_ACTIVE_AT_START} OR {_ACTIVATED_DURING}))) AS away,
                      (SELECT coalesce(max(id), 0) FROM pay_period_lock_history) AS closes"""


def report_watermark(cur, *, since: datetime, until: datetime, days: tuple[date, date],
                     employed: tuple[datetime, datetime], scoped: bool = False) -> str:
    """What a timesheet's pages depend on beyond the period's events, as this transaction reads it: how many changes
    employee_audit holds that can move a person in its order or in or out of its list — every rename (full_name with a
    value before: the order is by name), the creations and (de)activations made before `until`, the period's last
    instant (who was employed in it; one made since reaches only later days: HR hiring while last month is exported
    does not stop the export), a later creation of someone with a punch in [since, until) (a new hire's time typed in
    for days before they were created lists them), with `scoped` every department change (a scoped reviewer's
    people) — it is append-only, so the count moves with every such change committed since, whatever order
    transactions took their ids in (a newest id would miss one committed late) — and the latest payroll close or reopen
    (pay_period_lock_history: closes serialise on the lock row, so its newest id is the lock as read). Beside them,
    `away`: how many people a paid absence on one of the period's `days` ([first, last]) lists though they were not
    employed at any instant of `employed` (the period in the report zone, as people_in_period reckons it): a new hire's
    leave typed in for days before their record, or a leaver's on their own day (their zone's) that the report zone's
    period misses; recording or deleting such an absence moves it, one of a person listed anyway does not (a count of
    people as they are, as the punch's EXISTS above: one listed and another unlisted between two pages cancel). A later
    page whose watermark differs from its cursor's cannot continue the pages before it (WATERMARK: an index's
    ranges)."""
    cur.execute(WATERMARK, {"since": since, "until": until, "first_day": days[0], "last_day": days[1],
                            "employed_start": employed[0], "employed_end": employed[1], "scoped": scoped})
    row = cur.fetchone()
    return f"p{row['people']}.a{row['away']}.c{row['closes']}"


def people_absent(cur, *, first: date, last: date, departments: list[str] | None = None) -> list[dict]:
    """The people with a paid absence on one of the days [first, last] (of `departments` only, when given), by name,
    then id: employee_id, full_name, department, employee_number, email (the daily report lists them)."""
    cur.execute(
        f"""SELECT e.id AS employee_id, e.full_name, e.department, e.employee_number, e.email
            FROM employees e
            WHERE {IN_DEPARTMENTS} AND {_ABSENT_ON_DAYS}
            ORDER BY e.full_name, e.id""",
        {"first_day": first, "last_day": last, "departments": departments})
    return cur.fetchall()


def people_in_period(cur, *, windows: dict[str, tuple[datetime, datetime]], report_zone: str,
                     widest: tuple[datetime, datetime], employee_id: UUID | None,
                     after: tuple[str, UUID] | None, limit: int,
                     employed: tuple[datetime, datetime], days: tuple[date, date],
                     departments: list[str] | None = None) -> list[dict]:
    """The people of a period (of `departments` only, when given), by name, then id (a timesheet's pages): everyone
    who was an active employee at some instant of `employed` ([start, end): the period in the report zone), as the
    is_active history in employee_audit says (so a closed period's timesheet exported later lists the same people:
    someone deactivated since stays, someone deactivated before it and reactivated after it is not there), and
    anyone, active or deactivated, with a counted event, or one awaiting review, in the period as the days of the
    zone they held at its instant cover it (`windows`: zone -> [start, end); no zone: `report_zone`'s; a zone not in
    it, `widest`), and anyone with a paid absence on one of the period's `days` ([first, last]: one recorded for a
    day before their record was created, HR's word as a manual punch's is)."""
    zones = list(windows)
    cur.execute(
        f"""SELECT e.id AS employee_id, e.full_name, e.department, e.timezone, e.employee_number, e.email
            FROM employees e
            WHERE (%(person)s::uuid IS NULL OR e.id = %(person)s::uuid) AND {IN_DEPARTMENTS}
              AND (%(after_name)s::text IS NULL OR (e.full_name, e.id) > (%(after_name)s::text, %(after_id)s::uuid))
              AND ((e.created_at < %(employed_end)s AND ({_ACTIVE_AT_START} OR {_ACTIVATED_DURING}))
                   OR EXISTS (SELECT 1 FROM ({_ZONE_SPANS}) s
                          LEFT JOIN unnest(%(zones)s::text[], %(starts)s::timestamptz[], %(ends)s::timestamptz[])
                               AS w(zone, start_at, end_at) ON w.zone = coalesce(s.zone, %(report_zone)s)
                          JOIN attendance_log a ON a.employee_id = s.employee_id
                          WHERE s.employee_id = e.id
                            AND a.occurred_at >= greatest(s.valid_from, coalesce(w.start_at, %(widest_start)s))
                            AND a.occurred_at < least(s.valid_to, coalesce(w.end_at, %(widest_end)s))
                            AND ({COUNTED_EVENT} OR a.review_state = 'pending'))
                   OR {_ABSENT_ON_DAYS})
            ORDER BY e.full_name, e.id
            LIMIT %(limit)s""",
        {"person": str(employee_id) if employee_id else None, "after_name": after[0] if after else None,
         "after_id": str(after[1]) if after else None, "zones": zones,
         "starts": [windows[zone][0] for zone in zones], "ends": [windows[zone][1] for zone in zones],
         "report_zone": report_zone, "widest_start": widest[0], "widest_end": widest[1], "limit": limit,
         "employed_start": employed[0], "employed_end": employed[1], "departments": departments,
         "first_day": days[0], "last_day": days[1]},
    )
    return cur.fetchall()



def face_id_withdrawals(cur, *, employee_ids: list[UUID] | None = None) -> list[dict]:
    """Everyone who has withdrawn their biometric consent while staying employed (DELETE
    /employees/{id}/biometric-consent: an employee_audit row `biometrics` `withdrawn`, or consent_withdrawn_at as
    shown), of these people only when given, by name: name, department, is_active, consent_withdrawn_at (as the
    API shows it: null once consent is recorded again), and the employee_audit rows their Face ID history is read
    from, in order (`changes`: (field, before, after, created_at); is_active changes, withdrawals, and the consent's
    recordings, before null). Nothing about their face: only that and when."""
    cur.execute(
        """SELECT e.id AS employee_id, e.full_name, e.department, e.is_active,
                  CASE WHEN e.consent_recorded_at IS NULL THEN e.consent_withdrawn_at END AS consent_withdrawn_at,
                  coalesce(h.changes, '{}') AS changes, coalesce(h.changed_at, '{}') AS changed_at
             FROM employees e
             LEFT JOIN LATERAL (
                  SELECT array_agg(ARRAY[a.field, a.before, a.after] ORDER BY a.created_at, a.id) AS changes,
                         array_agg(a.created_at ORDER BY a.created_at, a.id) AS changed_at
                    FROM employee_audit a WHERE a.employee_id = e.id AND (a.field = 'is_active'
                         OR (a.field = 'biometrics' AND a.after = 'withdrawn')
                         OR (a.field = 'biometric_consent' AND a.before IS NULL))) h ON true
            WHERE (%(people)s::uuid[] IS NULL OR e.id = ANY(%(people)s::uuid[]))
              AND ((e.consent_recorded_at IS NULL AND e.consent_withdrawn_at IS NOT NULL)
                   OR EXISTS (SELECT 1 FROM employee_audit w
                               WHERE w.employee_id = e.id AND w.field = 'biometrics' AND w.after = 'withdrawn'))
            ORDER BY e.full_name, e.id""",
        {"people": _uuid_array(employee_ids)},
    )
    rows = [dict(row) for row in cur.fetchall()]
    for row in rows:
        row["changes"] = [(*change, at) for change, at in zip(row["changes"], row.pop("changed_at"), strict=True)]
    return rows

# --- presence: replay, review queue, audit, challenges ------------------------------------------


def best_single_face_similarity(cur, *, model_id: str, dimension: int, embedding: np.ndarray) -> float | None:
    """Similarity of the probe to the single nearest enrolled face (any employee): near 1.0 means the
    probe is a copy of enrollment material. Through the model's HNSW index."""
    vector_type = f"vector({int(dimension)})"
    cur.execute(
        f"""SELECT 1 - (embedding::{vector_type} <=> %(probe)s::{vector_type}) AS similarity
            FROM face_embeddings WHERE model_id = %(model_id)s
            ORDER BY embedding::{vector_type} <=> %(probe)s::{vector_type} LIMIT 1""",
        {"probe": np.asarray(embedding, dtype=np.float32), "model_id": model_id},
    )
    row = cur.fetchone()
    return float(row["similarity"]) if row else None


def inactive_people_near(cur, *, model_id: str, dimension: int, embedding: np.ndarray,
                         min_similarity: float) -> list[dict]:
    """Deactivated people whose faces (kept until erasure or the long-deactivated cleanup) are this near the probe:
    never matched, but an unmatched punch may show them, their erasure must find its photo, and an upload of their
    face under somebody else is held as their duplicate. Exact, over the few inactive people's faces."""
    vector_type = f"vector({int(dimension)})"
    cur.execute(
        f"""SELECT fe.employee_id, e.full_name,
                   max(1 - (fe.embedding::{vector_type} <=> %(probe)s::{vector_type})) AS similarity
            FROM face_embeddings fe JOIN employees e ON e.id = fe.employee_id
            WHERE fe.model_id = %(model_id)s AND NOT e.is_active
            GROUP BY fe.employee_id, e.full_name
            HAVING max(1 - (fe.embedding::{vector_type} <=> %(probe)s::{vector_type})) >= %(min)s
            ORDER BY similarity DESC""",
        {"probe": np.asarray(embedding, dtype=np.float32), "model_id": model_id, "min": min_similarity},
    )
    return cur.fetchall()


def people_near(cur, *, model_id: str, dimension: int, embeddings: list[np.ndarray], min_similarity: float,
                candidates: int) -> list[UUID]:
    """Everyone, active or not, with a face of this model at `min_similarity` or more to any of the probes (the best
    single face, as 1:1 verify scores it), among each probe's nearest `candidates` faces: one statement, each probe
    through the model's HNSW index (a lateral search per probe, as a query of its own would run it)."""
    vector_type = f"vector({int(dimension)})"
    cur.execute(
        f"""SELECT DISTINCT nearest.employee_id
              FROM unnest(%(probes)s::{vector_type}[]) AS probe(vector)
             CROSS JOIN LATERAL (
                SELECT employee_id, 1 - (embedding::{vector_type} <=> probe.vector) AS similarity
                  FROM face_embeddings WHERE model_id = %(model_id)s
                 ORDER BY embedding::{vector_type} <=> probe.vector
                 LIMIT %(candidates)s) nearest
            WHERE nearest.similarity >= %(min)s""",
        {"probes": [np.asarray(embedding, dtype=np.float32) for embedding in embeddings], "model_id": model_id,
         "min": min_similarity, "candidates": candidates},
    )
    return [row["employee_id"] for row in cur.fetchall()]


def count_pending_reviews(cur, departments: list[str] | None = None) -> int:
    """The whole queue, every day (through the partial index of pending events); of people of `departments` only,
    when given."""
    if departments is None:
        cur.execute("SELECT count(*) AS n FROM attendance_log WHERE review_state = 'pending'")
    else:
        cur.execute(f"""SELECT count(*) AS n FROM attendance_log a JOIN employees e ON e.id = a.employee_id
                        WHERE a.review_state = 'pending' AND {IN_DEPARTMENTS}""", {"departments": departments})
    return int(cur.fetchone()["n"])


def list_reviews(cur, *, state: str, after: tuple[datetime, int] | None, limit: int,
                 employee_id: UUID | None = None, start: datetime | None = None,
                 end: datetime | None = None, ids: list[int] | None = None,
                 departments: list[str] | None = None) -> list[dict]:
    """Events in a review state, oldest first; of people of `departments` only (none of nobody's), when given;
    of one person only (their own events, as the timesheet counts a person's pending reviews), when given; of
    [start, end) only, when given; these events only (`ids`), when given."""
    cur.execute(
        f"""SELECT {ATTENDANCE_COLUMNS},
                   (SELECT o.id FROM attendance_log o WHERE o.id = a.repeat_of AND o.employee_id = a.employee_id
                       AND o.event_type = a.event_type AND {COUNTED_EVENT.replace("a.", "o.")}) AS counted_original
            FROM attendance_log a LEFT JOIN employees e ON e.id = a.employee_id
            WHERE a.review_state = %(state)s
              AND (%(ids)s::bigint[] IS NULL OR a.id = ANY(%(ids)s::bigint[])) AND {IN_DEPARTMENTS}
              AND (%(person)s::uuid IS NULL OR a.employee_id = %(person)s::uuid)
              AND (%(start)s::timestamptz IS NULL OR a.occurred_at >= %(start)s::timestamptz)
              AND (%(end)s::timestamptz IS NULL OR a.occurred_at < %(end)s::timestamptz)
              AND (%(after_ts)s::timestamptz IS NULL OR (a.occurred_at, a.id) > (%(after_ts)s, %(after_id)s))
            ORDER BY a.occurred_at, a.id
            LIMIT %(limit)s""",
        {"state": state, "after_ts": after[0] if after else None, "after_id": after[1] if after else None,
         "limit": limit, "person": str(employee_id) if employee_id else None, "start": start, "end": end,
         "ids": list(ids) if ids is not None else None, "departments": departments},
    )
    return cur.fetchall()


def insert_manual_attendance(cur, *, employee_id: UUID, occurred_at: datetime, event_type: str, actor: str) -> dict:
    """A punch HR enters by hand: recognized, confirmed by them, no similarity, device or snapshot."""
    cur.execute(
        """INSERT INTO attendance_log (employee_id, occurred_at, event_type, trace_id, status, review_state,
                                       reviewed_at, reviewed_by, entered_by, direction_source)
           VALUES (%s, %s, %s, %s, 'recognized', 'confirmed', now(), %s, %s, 'hr') RETURNING id""",
        (employee_id, occurred_at, event_type, uuid.uuid4(), actor, actor),
    )
    return get_attendance(cur, cur.fetchone()["id"])


def apply_review(cur, attendance_id: int, *, review_state: str, employee_id: UUID | None, reviewed_by: str,
                 event_type: str | None = None, direction_source: str | None = None) -> dict:
    """A reviewer's decision; `event_type` and `direction_source`, when given, the direction it decided (else kept)."""
    cur.execute(
        """UPDATE attendance_log SET review_state = %s, employee_id = %s, reviewed_at = now(), reviewed_by = %s,
                                     event_type = COALESCE(%s, event_type),
                                     direction_source = COALESCE(%s, direction_source), revision = revision + 1
           WHERE id = %s""",
        (review_state, employee_id, reviewed_by, event_type, direction_source, attendance_id),
    )
    return get_attendance(cur, attendance_id)


def turn_pending(cur, attendance_id: int, *, event_type: str, direction_source: str) -> dict:
    """An event awaiting review takes this direction, still awaiting its own decision (a repeat disputed on its own,
    turned with the press it repeats); its revision bumps (a reviewer's older view is stale)."""
    cur.execute(
        """UPDATE attendance_log SET event_type = %s, direction_source = %s, revision = revision + 1
           WHERE id = %s AND review_state = 'pending'""",
        (event_type, direction_source, attendance_id),
    )
    return get_attendance(cur, attendance_id)


def insert_audit(cur, *, attendance_id: int, action: str, actor: str, note: str | None, before: dict,
                 after: dict) -> None:
    cur.execute(
        """INSERT INTO attendance_audit (attendance_id, action, actor, note, before, after)
           VALUES (%s, %s, %s, %s, %s, %s)""",
        (attendance_id, action, actor, note, Jsonb(before), Jsonb(after)),
    )


def last_audit(cur, attendance_id: int) -> dict | None:
    """The event's latest audit row (what last changed it), or None."""
    cur.execute(
        """SELECT id, attendance_id, action, actor, note, before, after, created_at FROM attendance_audit
           WHERE attendance_id = %s ORDER BY id DESC LIMIT 1""",
        (attendance_id,),
    )
    return cur.fetchone()


def latest_flags(cur, attendance_ids: list[int]) -> dict[int, dict]:
    """Each event's latest server flag's reason (`after.decided_without`, reconcile.flag_decided_without), by id: why
    FacePass sent it back to review. Events never flagged so are left out."""
    cur.execute(
        """SELECT DISTINCT ON (attendance_id) attendance_id, after->'decided_without' AS decided_without
             FROM attendance_audit
            WHERE attendance_id = ANY(%s) AND action = 'flag' AND jsonb_typeof(after->'decided_without') = 'object'
            ORDER BY attendance_id, id DESC""",
        (list(attendance_ids),),
    )
    return {row["attendance_id"]: row["decided_without"] for row in cur.fetchall()}


def list_audit(cur, attendance_id: int, *, kiosk_actor_prefix: str) -> list[dict]:
    """The event's audit rows, oldest first; a row whose actor is a kiosk (`kiosk_actor_prefix` and its device id: a
    "Not you?") with that device's name (`device_name`, null for any other actor)."""
    cur.execute(
        """SELECT u.id, u.attendance_id, u.action, u.actor, u.note, u.before, u.after, u.created_at,
                  d.name AS device_name
             FROM attendance_audit u
             LEFT JOIN devices d ON u.actor = %(prefix)s || d.id::text
            WHERE u.attendance_id = %(event)s ORDER BY u.id""",
        {"event": attendance_id, "prefix": kiosk_actor_prefix},
    )
    return cur.fetchall()


def list_audit_changes(cur, *, start: datetime | None, end: datetime | None, actor: str | None,
                       action: str | None, after_id: int | None, limit: int,
                       departments: list[str] | None = None, occurred_start: datetime | None = None,
                       occurred_end: datetime | None = None) -> list[dict]:
    """Every event's audit rows made in [start, end) and of an event that occurred (as it is now) in
    [occurred_start, occurred_end) (each bound open when None), oldest first (by id: the keyset), with the event as it
    is now (its person `e`: IN_DEPARTMENTS filters by it; its matched person, whose score every row's similarity is)
    and the names of the people each row's before/after name. `actor`: exactly (case-insensitive)."""
    cur.execute(
        f"""SELECT u.id, u.attendance_id, u.action, u.actor, u.note, u.before, u.after, u.created_at,
                   a.occurred_at, a.employee_id, a.matched_employee_id,
                   pb.full_name AS before_full_name, pb.employee_number AS before_employee_number,
                   pa.full_name AS after_full_name, pa.employee_number AS after_employee_number
              FROM attendance_audit u
              LEFT JOIN attendance_log a ON a.id = u.attendance_id
              LEFT JOIN employees e ON e.id = a.employee_id
              LEFT JOIN employees pb ON pb.id::text = u.before->>'employee_id'
              LEFT JOIN employees pa ON pa.id::text = u.after->>'employee_id'
             WHERE (%(start)s::timestamptz IS NULL OR u.created_at >= %(start)s)
               AND (%(end)s::timestamptz IS NULL OR u.created_at < %(end)s)
               AND (%(occurred_start)s::timestamptz IS NULL OR a.occurred_at >= %(occurred_start)s)
               AND (%(occurred_end)s::timestamptz IS NULL OR a.occurred_at < %(occurred_end)s)
               AND (%(actor)s::text IS NULL OR lower(u.actor) = lower(%(actor)s))
               AND (%(action)s::text IS NULL OR u.action = %(action)s)
               AND (%(after_id)s::bigint IS NULL OR u.id > %(after_id)s)
               AND {IN_DEPARTMENTS}
             ORDER BY u.id
             LIMIT %(limit)s""",
        {"start": start, "end": end, "occurred_start": occurred_start, "occurred_end": occurred_end, "actor": actor,
         "action": action, "after_id": after_id, "limit": limit, "departments": departments},
    )
    return cur.fetchall()


def insert_challenge(cur, *, nonce: str, device_id: str, instruction: str, expires_at: datetime) -> None:
    cur.execute("INSERT INTO presence_challenges (nonce, device_id, instruction, expires_at) VALUES (%s, %s, %s, %s)",
                (nonce, device_id, instruction, expires_at))


def get_challenge(cur, nonce: str) -> dict | None:
    cur.execute("SELECT nonce, device_id, instruction, expires_at, used_at FROM presence_challenges "
                "WHERE nonce = %s", (nonce,))
    return cur.fetchone()


def mark_challenge_used(cur, nonce: str) -> bool:
    """Spend the nonce; False when it was spent already (by a concurrent burst: the row lock orders the two)."""
    cur.execute("UPDATE presence_challenges SET used_at = now() WHERE nonce = %s AND used_at IS NULL", (nonce,))
    return cur.rowcount == 1


def delete_challenges(cur, *, before: datetime) -> int:
    cur.execute("DELETE FROM presence_challenges WHERE created_at < %s", (before,))
    return cur.rowcount


# --- idempotency keys ------------------------------------------------------------------------


def get_idempotency_record(cur, *, scope: str, key: str) -> dict | None:
    cur.execute("SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = %s AND key = %s",
                (scope, key))
    return cur.fetchone()


def claim_idempotency_key(cur, *, scope: str, key: str, request_hash: str) -> bool:
    """True if this request now owns the key; False if another request took it first."""
    cur.execute(
        """INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (%s, %s, %s)
           ON CONFLICT (scope, key) DO NOTHING RETURNING key""",
        (scope, key, request_hash),
    )
    return cur.fetchone() is not None


def store_idempotent_response(cur, *, scope: str, key: str, status_code: int, response: dict) -> None:
    cur.execute("UPDATE idempotency_keys SET status_code = %s, response = %s WHERE scope = %s AND key = %s",
                (status_code, Jsonb(response), scope, key))


# --- retention and erasure -------------------------------------------------------------------


# Events awaiting review keep their snapshot until `pending_before` (retention + FACEPASS_REVIEW_MAX_DAYS).
_EXPIRED_SNAPSHOT = """snapshot_key IS NOT NULL AND occurred_at < %(before)s
    AND (review_state <> 'pending' OR %(pending_before)s::timestamptz IS NULL OR occurred_at < %(pending_before)s)"""


# A row's photo objects: its snapshot, and the other end of a move to review-snapshots/ under way (0019's
# snapshot_moving_key, never set without snapshot_key). Whatever deletes a row's photo deletes both.
_PHOTO_KEYS = "snapshot_key, snapshot_moving_key"


def _photo_keys(rows: list[dict]) -> list[str]:
    return [key for row in rows for key in (row["snapshot_key"], row["snapshot_moving_key"]) if key]


def expired_snapshot_keys(cur, *, before: datetime, pending_before: datetime | None = None) -> list[str]:
    cur.execute(f"SELECT {_PHOTO_KEYS} FROM attendance_log WHERE {_EXPIRED_SNAPSHOT}",
                {"before": before, "pending_before": pending_before})
    return _photo_keys(cur.fetchall())


def named_snapshot_keys(cur, keys: list[str], *, since: datetime) -> set[str]:
    """Those of `keys` an attendance row of `since` or later names (through the snapshot index's range)."""
    cur.execute(f"""SELECT {_PHOTO_KEYS} FROM attendance_log
                     WHERE snapshot_key IS NOT NULL AND occurred_at >= %(since)s
                       AND (snapshot_key = ANY(%(keys)s) OR snapshot_moving_key = ANY(%(keys)s))""",
                {"since": since, "keys": keys})
    return set(_photo_keys(cur.fetchall())) & set(keys)


def clear_deleted_snapshot_keys(cur, keys: list[str]) -> int:
    """Forget exactly the snapshot keys whose objects were deleted (never one a concurrent change made eligible
    since they were listed: its object is still there). The photo's `bystanders` go with it: they were kept only so
    that an erasure of one finds the photo, and would otherwise stay a record of who stood beside whom."""
    if not keys:
        return 0
    # A row's snapshot deleted while the other end of its move is not: that one becomes its snapshot (still found by
    # what looks for snapshot keys). Both gone: the row has no photo, and its bystanders go.
    cur.execute("""UPDATE attendance_log
                      SET snapshot_key = CASE WHEN snapshot_key = ANY(%(keys)s) AND snapshot_moving_key = ANY(%(keys)s)
                                                THEN NULL
                                              WHEN snapshot_key = ANY(%(keys)s) THEN snapshot_moving_key
                                              ELSE snapshot_key END,
                          snapshot_moving_key = CASE WHEN snapshot_key = ANY(%(keys)s)
                                                       OR snapshot_moving_key = ANY(%(keys)s) THEN NULL
                                                     ELSE snapshot_moving_key END,
                          review_detail = CASE WHEN snapshot_key = ANY(%(keys)s)
                                                    AND (snapshot_moving_key IS NULL
                                                         OR snapshot_moving_key = ANY(%(keys)s))
                                                 THEN nullif(review_detail - 'bystanders', '{}'::jsonb)
                                               ELSE review_detail END
                    WHERE snapshot_key = ANY(%(keys)s) OR snapshot_moving_key = ANY(%(keys)s)""", {"keys": keys})
    return cur.rowcount


def plan_snapshot_move(cur, attendance_id: int, *, source: str, target: str) -> bool:
    """Name `target` (the review-snapshots/ key) on the row whose snapshot is `source`, before the object is copied
    there: an erasure or the cleanup finds the copy from the moment it may exist. False: the row no longer holds
    `source`, or a move is planned already."""
    cur.execute("""UPDATE attendance_log SET snapshot_moving_key = %s
                    WHERE id = %s AND snapshot_key = %s AND snapshot_moving_key IS NULL""",
                (target, attendance_id, source))
    return cur.rowcount == 1


def snapshot_moves(cur, *, ids: list[int] | None = None, since: datetime | None = None) -> list[dict]:
    """Rows with a move of their snapshot under way: these ids, or those of `since` or later (the snapshot index's
    range: older rows' photos are past retention)."""
    cur.execute(f"""SELECT id, {_PHOTO_KEYS} FROM attendance_log
                     WHERE snapshot_key IS NOT NULL AND snapshot_moving_key IS NOT NULL
                       AND (%(ids)s::bigint[] IS NULL OR id = ANY(%(ids)s::bigint[]))
                       AND (%(since)s::timestamptz IS NULL OR occurred_at >= %(since)s)
                     ORDER BY id""", {"ids": ids, "since": since})
    return cur.fetchall()


def point_at_moved_snapshot(cur, attendance_id: int, *, source: str, target: str) -> bool:
    """The copy made: the row's snapshot is `target`, and `source` (still to delete) the other end."""
    cur.execute("""UPDATE attendance_log SET snapshot_key = %(target)s, snapshot_moving_key = %(source)s
                    WHERE id = %(id)s AND snapshot_key = %(source)s AND snapshot_moving_key = %(target)s""",
                {"id": attendance_id, "source": source, "target": target})
    return cur.rowcount == 1


def end_snapshot_move(cur, attendance_id: int, *, other: str) -> None:
    """The move's other end is gone (deleted, or never copied): forgotten."""
    cur.execute("UPDATE attendance_log SET snapshot_moving_key = NULL WHERE id = %s AND snapshot_moving_key = %s",
                (attendance_id, other))


def names_snapshot(cur, attendance_id: int, key: str) -> bool:
    cur.execute("SELECT 1 FROM attendance_log WHERE id = %s AND %s IN (snapshot_key, snapshot_moving_key)",
                (attendance_id, key))
    return cur.fetchone() is not None


# An attendance row whose review candidates (active or inactive) name the person (%(id)s), whatever the score: the
# erasure drops those entries (drop_review_candidate), the access report counts them.
_NAMED_CANDIDATE = """EXISTS (SELECT 1 FROM jsonb_array_elements(
                          CASE WHEN jsonb_typeof(a.review_detail->'candidates') = 'array'
                               THEN a.review_detail->'candidates' ELSE '[]'::jsonb END
                          || CASE WHEN jsonb_typeof(a.review_detail->'inactive_candidates') = 'array'
                                  THEN a.review_detail->'inactive_candidates' ELSE '[]'::jsonb END) c
                      WHERE c->>'employee_id' = %(id)s::text)"""


# A stored Idempotency-Key answer mentioning the person's id anywhere (%(mention)s: the id between %): the erasure
# stores it again without them, the access report counts it.
_ANSWER_NAMING = "response::text LIKE %(mention)s"

# The three ways an attendance photo may show a person (%(id)s): the erasure deletes what they find, the access
# report (facepass.subject_access) lists it. Their own punches, and punches their face matched that HR moved to
# someone else (matched_employee_id: as far as the model could tell, their face).
_OWN_PHOTO = "(a.employee_id = %(id)s::uuid OR a.matched_employee_id = %(id)s::uuid)"
# Punches nobody was matched to (unknown, ambiguous) with this person among the candidates (or, deactivated then,
# the inactive candidates) at %(min_similarity)s or more: quite possibly their face.
_CANDIDATE_PHOTO = """(a.employee_id IS NULL
                       AND EXISTS (SELECT 1 FROM jsonb_array_elements(
                                       coalesce(a.review_detail->'candidates', '[]')
                                       || coalesce(a.review_detail->'inactive_candidates', '[]')) AS c
                                   WHERE c->>'employee_id' = %(id)s::text
                                     AND (c->>'similarity')::float8 >= %(min_similarity)s))"""
# Punches whose photo showed this person beside the one identified (review_detail's `bystanders`).
_BYSTANDER_PHOTO = """(jsonb_typeof(a.review_detail->'bystanders') = 'array'
                       AND a.review_detail->'bystanders' ? %(id)s::text)"""


def unmatched_snapshot_keys_of(cur, employee_id: UUID, *, min_similarity: float) -> list[str]:
    """Snapshots of punches nobody was matched to that may show this person (_CANDIDATE_PHOTO)."""
    cur.execute(f"SELECT {_PHOTO_KEYS} FROM attendance_log a WHERE a.snapshot_key IS NOT NULL AND {_CANDIDATE_PHOTO}",
                {"id": str(employee_id), "min_similarity": min_similarity})
    return _photo_keys(cur.fetchall())


def bystander_snapshot_keys(cur, employee_id: UUID) -> list[str]:
    """Snapshots of punches whose photo showed this person beside the one identified (_BYSTANDER_PHOTO)."""
    cur.execute(f"SELECT {_PHOTO_KEYS} FROM attendance_log a WHERE a.snapshot_key IS NOT NULL AND {_BYSTANDER_PHOTO}",
                {"id": str(employee_id)})
    return _photo_keys(cur.fetchall())


def photos_showing(cur, employee_id: UUID, *, min_similarity: float) -> list[dict]:
    """Every attendance row whose photo (still kept) may show the person, oldest first: id, occurred_at,
    review_state and `relation` (own, matched, candidate, bystander: the first that holds), found exactly as the
    erasure finds the photos it deletes."""
    cur.execute(f"""SELECT a.id, a.occurred_at, a.review_state,
                           CASE WHEN a.employee_id = %(id)s::uuid THEN 'own'
                                WHEN a.matched_employee_id = %(id)s::uuid THEN 'matched'
                                WHEN {_BYSTANDER_PHOTO} THEN 'bystander' ELSE 'candidate' END AS relation
                      FROM attendance_log a
                     WHERE a.snapshot_key IS NOT NULL AND ({_OWN_PHOTO} OR {_CANDIDATE_PHOTO} OR {_BYSTANDER_PHOTO})
                     ORDER BY a.occurred_at, a.id""",
                {"id": str(employee_id), "min_similarity": min_similarity})
    return cur.fetchall()


def face_score_counts(cur, employee_id: UUID) -> dict:
    """How many records hold a score of the person's face or name it, as the erasure finds them: attendance rows
    (their punches' or a match's similarity, or a candidate entry naming them), enrollment tickets
    (_SCORED_AGAINST_PERSON), audit entries with a face's scores about them, stored Idempotency-Key answers naming
    them (_ANSWER_NAMING); their own enrollment records (all deleted by an erasure); and how many
    photos of others wait for HR held as possibly theirs."""
    cur.execute(f"""SELECT (SELECT count(*) FROM attendance_log a
                             WHERE ({_OWN_PHOTO} AND a.similarity IS NOT NULL)
                                OR {_NAMED_CANDIDATE}) AS scored_punches,
                           (SELECT count(*) FROM enrollments WHERE {_SCORED_AGAINST_PERSON}) AS scored_tickets,
                           (SELECT count(*) FROM enrollments
                             WHERE {_HELD_AGAINST_PERSON} AND employee_id <> %(person)s) AS held_as_possibly_theirs,
                           (SELECT count(*) FROM enrollments WHERE employee_id = %(person)s) AS enrollment_records,
                           -- What the erasure strips from the audit trail (migration 0012's own test of a row).
                           (SELECT count(*) FROM attendance_audit entry
                             WHERE (entry.before ?| attendance_audit_biometric_keys()
                                    OR entry.after ?| attendance_audit_biometric_keys())
                               AND attendance_audit_is_about(entry, %(person)s::uuid)) AS scored_audit_entries,
                           (SELECT count(*) FROM idempotency_keys
                             WHERE {_ANSWER_NAMING}) AS stored_answers_naming""",
                {"id": str(employee_id), "person": str(employee_id), "mention": f"%{employee_id}%"})
    return cur.fetchone()


def held_photos_of(cur, employee_id: UUID) -> list[dict]:
    """The person's own uploads waiting for HR (their embedding kept until decided, and a face crop while held)."""
    cur.execute("""SELECT id AS ticket_id, created_at, reason_code, held_photo_key IS NOT NULL AS photo_kept
                     FROM enrollments
                    WHERE employee_id = %s AND status = 'needs_confirmation' ORDER BY created_at, id""",
                (str(employee_id),))
    return cur.fetchall()


def drop_bystander(cur, employee_id: UUID) -> int:
    """The person's id out of every event's `bystanders` (the key goes with its last id; a detail left empty,
    that of a clean punch, goes too)."""
    cur.execute(
        """UPDATE attendance_log
              SET review_detail = nullif(CASE WHEN jsonb_array_length((review_detail->'bystanders') - %(id)s) = 0
                                              THEN review_detail - 'bystanders'
                                              ELSE jsonb_set(review_detail, '{bystanders}',
                                                             (review_detail->'bystanders') - %(id)s) END,
                                         '{}'::jsonb)
            WHERE jsonb_typeof(review_detail->'bystanders') = 'array' AND review_detail->'bystanders' ? %(id)s""",
        {"id": str(employee_id)},
    )
    return cur.rowcount


def held_photo_keys_named(cur, keys: list[str]) -> set[str]:
    """Of these held/ keys, those a ticket held for an admin names (every other one is a leftover)."""
    cur.execute("""SELECT held_photo_key FROM enrollments
                    WHERE status = 'needs_confirmation' AND held_photo_key = ANY(%s)""", (keys,))
    return {row["held_photo_key"] for row in cur.fetchall()}


def stale_open_tickets(cur, *, before: datetime) -> list[dict]:
    cur.execute("SELECT id, s3_key FROM enrollments WHERE status IN ('pending', 'processing') AND created_at < %s",
                (before,))
    return cur.fetchall()


def open_ticket_keys(cur) -> set[str]:
    """The upload keys that a pending ticket still expects (every other enroll/ object is a leftover)."""
    cur.execute("SELECT s3_key FROM enrollments WHERE status IN ('pending', 'processing')")
    return {row["s3_key"] for row in cur.fetchall()}


def delete_tickets(cur, ticket_ids: list[UUID]) -> int:
    cur.execute("DELETE FROM enrollments WHERE id = ANY(%s::uuid[]) AND status IN ('pending', 'processing')",
                ([str(t) for t in ticket_ids],))
    return cur.rowcount


def count_embeddings_of_long_deactivated(cur, *, before: datetime) -> int:
    cur.execute("""SELECT count(*) AS n FROM face_embeddings fe JOIN employees e ON e.id = fe.employee_id
                   WHERE NOT e.is_active AND e.deactivated_at < %s""", (before,))
    return cur.fetchone()["n"]


def delete_embeddings_of_long_deactivated(cur, *, before: datetime, actor: str) -> int:
    """The people first, locked in id order, then their faces: the order erasure and the gallery-size
    triggers lock in (a person reactivated meanwhile is no longer selected once locked). Each person whose faces go
    gets a History row (employee_audit `biometrics`, after `expired`, by `actor`): when their biometric data was
    destroyed is on record, as an erasure's is."""
    cur.execute("""SELECT id FROM employees WHERE NOT is_active AND deactivated_at < %s
                   ORDER BY id FOR NO KEY UPDATE""", (before,))
    people = [row["id"] for row in cur.fetchall()]
    if not people:
        return 0
    cur.execute("""WITH gone AS (DELETE FROM face_embeddings WHERE employee_id = ANY(%(people)s::uuid[])
                                 RETURNING employee_id),
                        audited AS (INSERT INTO employee_audit (employee_id, field, actor, before, after)
                                    SELECT DISTINCT employee_id, 'biometrics', %(actor)s, NULL, 'expired' FROM gone)
                   SELECT count(*) AS n FROM gone""", {"people": [str(p) for p in people], "actor": actor})
    return cur.fetchone()["n"]


def count_idempotency_keys(cur, *, before: datetime) -> int:
    cur.execute("SELECT count(*) AS n FROM idempotency_keys WHERE created_at < %s", (before,))
    return cur.fetchone()["n"]


def delete_idempotency_keys(cur, *, before: datetime) -> int:
    cur.execute("DELETE FROM idempotency_keys WHERE created_at < %s", (before,))
    return cur.rowcount


def employee_snapshot_keys(cur, employee_id: UUID) -> list[str]:
    """The snapshots of the person's punches, and of punches their face matched that HR moved to someone else
    (_OWN_PHOTO)."""
    cur.execute(f"SELECT {_PHOTO_KEYS} FROM attendance_log a WHERE a.snapshot_key IS NOT NULL AND {_OWN_PHOTO}",
                {"id": str(employee_id)})
    return _photo_keys(cur.fetchall())


def scrub_duplicate_details_of(cur, employee_id: UUID) -> int:
    """Other employees' enrollment tickets (any status) whose photo was a suspected duplicate of this person: their
    reason_detail no longer names them (employee_id, full_name) nor gives the similarity to their face; it says
    `duplicate_of_erased` instead."""
    cur.execute(
        """UPDATE enrollments
              SET reason_detail = (reason_detail - 'employee_id' - 'full_name' - 'similarity')
                                  || '{"duplicate_of_erased": true}'::jsonb
            WHERE reason_detail->>'employee_id' = %(id)s::text AND employee_id <> %(id)s::uuid""",
        {"id": str(employee_id)},
    )
    return cur.rowcount


def erasures_undone(cur, ledger_at: dict[UUID, datetime], *, skew: timedelta) -> list[UUID]:
    """Of these people, each in the ledger of erasures at the time given, those the database does not know as
    erased then (a restore from a backup older than the erasure: never erased, or erased before, more than `skew`
    earlier) or whose erasure did not finish (stopped half-way, e.g. by S3). A person reactivated and enrolled again
    after a finished erasure is not among them."""
    cur.execute(
        """SELECT e.id FROM employees e
             JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = e.id
            WHERE e.erased_at IS NULL OR e.erased_at < ledger.at - %(skew)s
               OR e.erasure_finished_at IS NULL OR e.erasure_finished_at < e.erased_at
            ORDER BY e.id""",
        {"ids": _uuid_array(list(ledger_at)), "ats": list(ledger_at.values()), "skew": skew},
    )
    return [row["id"] for row in cur.fetchall()]


def withdrawals_undone(cur, ledger_at: dict[UUID, datetime], *, skew: timedelta) -> list[UUID]:
    """Of these people, each in the ledger of consent withdrawals at the time given, those the database does not know
    as withdrawn then (a restore from an older backup: never withdrawn, or before, more than `skew` earlier) or whose
    withdrawal did not finish (stopped half-way by S3): no withdrawal finished since the ledger's (less `skew`), or
    one restarted since. One who consented and enrolled again after a finished withdrawal is not among them
    (consent_withdrawn_at cleared by the consent, withdrawal_finished_at kept), nor one whose consent was recorded
    after the withdrawal the database knows (a row from before record_consent refused that while it was unfinished):
    the rerun would delete the faces enrolled under the new consent, and clear it."""
    cur.execute(
        """SELECT e.id FROM employees e
             JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = e.id
            WHERE (e.withdrawal_finished_at IS NULL OR e.withdrawal_finished_at < ledger.at - %(skew)s
                   OR e.withdrawal_finished_at < e.consent_withdrawn_at)
              AND NOT coalesce(e.consent_withdrawn_at >= ledger.at - %(skew)s
                               AND e.consent_recorded_at > e.consent_withdrawn_at, false)
            ORDER BY e.id""",
        {"ids": _uuid_array(list(ledger_at)), "ats": list(ledger_at.values()), "skew": skew},
    )
    return [row["id"] for row in cur.fetchall()]


def removed_faces_held(cur, removals: list[tuple[UUID, int, datetime]]) -> list[dict]:
    """Of these faces (owner, id, enrolled at), those the database holds (a restore brought them back)."""
    cur.execute(
        """SELECT f.employee_id, f.id, f.created_at FROM face_embeddings f
             JOIN unnest(%(people)s::uuid[], %(ids)s::bigint[], %(ats)s::timestamptz[]) AS ledger (employee_id, id, at)
               ON ledger.id = f.id AND ledger.employee_id = f.employee_id AND ledger.at = f.created_at
            ORDER BY f.employee_id, f.id""",
        {"people": _uuid_array([person for person, _, _ in removals]), "ids": [face for _, face, _ in removals],
         "ats": [at for _, _, at in removals]},
    )
    return cur.fetchall()


def activity_not_reflected(cur, recorded_at: dict[UUID, datetime], *, skew: timedelta) -> list[UUID]:
    """Of these people, each with the time of the last change of is_active the ledger recorded, those whose row
    does not reflect it: no change since the column came, or the last one more than `skew` earlier (a restore from
    a backup older than the recorded change)."""
    cur.execute(
        """SELECT e.id FROM employees e
             JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = e.id
            WHERE e.activity_changed_at IS NULL OR e.activity_changed_at < ledger.at - %(skew)s
            ORDER BY e.id""",
        {"ids": _uuid_array(list(recorded_at)), "ats": list(recorded_at.values()), "skew": skew},
    )
    return [row["id"] for row in cur.fetchall()]


def replay_activity(cur, employee_id: UUID, *, active: bool, recorded_at: datetime,
                    skew: timedelta) -> bool | None:
    """Set is_active as the ledger recorded it at `recorded_at`, unless the row changed since (a change committed
    meanwhile wins: the condition is checked again on the locked row). A deactivation counts from the recorded time
    (the grace before the faces go), and the row's last change is the recorded one (not this replay: the ledger then
    holds the row's change, and the cleanup has nothing to write back for it). A change of state is audited
    (employee_audit, actor SYSTEM_ACTOR) in the same statement. Returns whether the person was active before; None:
    nothing to set."""
    cur.execute(
        f"""WITH behind AS (
               SELECT id AS locked_id, {_WAS_COLUMNS} FROM employees
                WHERE id = %(id)s AND (activity_changed_at IS NULL OR activity_changed_at < %(at)s - %(skew)s)
                  FOR NO KEY UPDATE),
           changed AS (
               UPDATE employees e
                  SET is_active = %(active)s,
                      deactivated_at = CASE WHEN %(active)s THEN NULL ELSE coalesce(e.deactivated_at, %(at)s) END,
                      activity_changed_at = %(at)s,
                      updated_at = CASE WHEN behind.was_is_active = %(active)s THEN e.updated_at
                                        ELSE {NEXT_UPDATED_AT.replace("employees.", "e.")} END
                 FROM behind WHERE e.id = behind.locked_id
               RETURNING {EMPLOYEE_COLUMNS}, {_WAS_NAMES}),
           audited AS ({_audit_changes('changed', '%(actor)s', "least(%(at)s::timestamptz, clock_timestamp())")})
           SELECT was_is_active AS was_active FROM changed""",
        {"id": str(employee_id), "active": active, "at": recorded_at, "skew": skew, "actor": SYSTEM_ACTOR},
    )
    row = cur.fetchone()
    return None if row is None else row["was_active"]


def zones_not_reflected(cur, recorded_at: dict[UUID, datetime]) -> list[UUID]:
    """Of these people, each with the time of the last change of zone the ledger holds, those whose zone history
    changed last before it (a restore from a backup older than the change)."""
    cur.execute(
        """SELECT e.id FROM employees e
             JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = e.id
            WHERE (SELECT max(valid_from) FROM employee_time_zones z WHERE z.employee_id = e.id) < ledger.at
            ORDER BY e.id""",
        {"ids": _uuid_array(list(recorded_at)), "ats": list(recorded_at.values())},
    )
    return [row["id"] for row in cur.fetchall()]


def replay_zones(cur, employee_id: UUID, changes: list[tuple[str | None, datetime]]) -> bool:
    """Set again, in order, the changes of zone the ledger recorded for the person (`changes`: zone, time set),
    those after the last change of the person's zone history (one committed meanwhile wins: read after the row's
    lock, in a statement of its own, so it sees it). Each history row holds from the time it was set (the trigger
    reads facepass.zone_valid_from), and each change is audited (SYSTEM_ACTOR) in its statement. Returns whether
    the zone changed."""
    if get_employee(cur, employee_id, lock="no key update") is None:
        return False
    cur.execute("SELECT max(valid_from) AS last FROM employee_time_zones WHERE employee_id = %s", (str(employee_id),))
    last = cur.fetchone()["last"]
    changed = False
    for zone, at in changes:
        if at <= last:
            continue
        # set_config runs as the update reads the locked row, before the history trigger (AFTER, at the statement's
        # end) reads it; no row (the zone is already this one): no history row either.
        cur.execute(
            f"""WITH locked AS (SELECT id AS locked_id, {_WAS_COLUMNS},
                                       set_config('facepass.zone_valid_from', %(at)s, true) AS valid_from
                                  FROM employees WHERE id = %(id)s AND timezone IS DISTINCT FROM %(zone)s),
                    changed AS (UPDATE employees SET timezone = %(zone)s, updated_at = {NEXT_UPDATED_AT}
                                  FROM locked WHERE id = locked_id
                                RETURNING {EMPLOYEE_COLUMNS}, {_WAS_NAMES}),
                    audited AS ({_audit_changes('changed', '%(actor)s')})
               SELECT count(*) AS n FROM changed""",
            {"id": str(employee_id), "zone": zone, "at": at.isoformat(), "actor": SYSTEM_ACTOR},
        )
        if cur.fetchone()["n"] > 0:
            changed, last = True, at
    if changed:
        cur.execute("SELECT set_config('facepass.zone_valid_from', '', true)")
    return changed


def zones_unrecorded(cur, latest: dict[UUID, datetime]) -> list[dict]:
    """People whose last change of zone (after creation) the ledger lacks (`latest`: each person's last recorded
    change): changed after it, or never recorded (the ledger's write after the commit failed). Rows: id, zone,
    valid_from (the person's last history row)."""
    cur.execute(
        """SELECT last.employee_id AS id, last.zone, last.valid_from
             FROM (SELECT DISTINCT ON (employee_id) employee_id, zone, valid_from FROM employee_time_zones
                    ORDER BY employee_id, valid_from DESC, id DESC) AS last
             LEFT JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at)
                    ON ledger.id = last.employee_id
            WHERE last.valid_from > '-infinity' AND (ledger.id IS NULL OR last.valid_from > ledger.at)
            ORDER BY last.employee_id""",
        {"ids": _uuid_array(list(latest)), "ats": list(latest.values())},
    )
    return cur.fetchall()


def activity_unrecorded(cur, latest: dict[UUID, tuple[datetime, bool]], *, skew: timedelta) -> list[dict]:
    """People whose last change of is_active the ledger lacks (`latest`: each person's last recorded change, time and
    state): changed more than `skew` after it, or after it to another state, or never recorded (the ledger's write
    after the commit failed). Not those erased after the change: the erasure set is_active without a change of its
    own, so the row's state is not the one set then (and the erasure's ledger entry wins over that change anyway).
    Rows: id, is_active, activity_changed_at."""
    cur.execute(
        """SELECT e.id, e.is_active, e.activity_changed_at FROM employees e
             LEFT JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[], %(states)s::boolean[]) AS ledger (id, at, active)
                    ON ledger.id = e.id
            WHERE e.activity_changed_at IS NOT NULL
              AND (e.erased_at IS NULL OR e.erased_at < e.activity_changed_at)
              AND (ledger.id IS NULL OR e.activity_changed_at > ledger.at + %(skew)s
                   OR (e.activity_changed_at > ledger.at AND e.is_active <> ledger.active))
            ORDER BY e.id""",
        {"ids": _uuid_array(list(latest)), "ats": [at for at, _ in latest.values()],
         "states": [active for _, active in latest.values()], "skew": skew},
    )
    return cur.fetchall()


# A head-turn challenge's measures of the face in review_detail.challenge (presence.ChallengeCheck.as_detail): its
# frames compared with each other, its weakest p_live, how flat its motion was. Its verdict and failures stay.
_CHALLENGE_SCORES = "ARRAY['min_similarity', 'min_liveness', 'planar_residual']"


def _without_challenge_scores(detail: str) -> str:
    """SQL: the jsonb `detail` with its challenge's face measures taken out (unchanged without a challenge)."""
    return (f"(CASE WHEN jsonb_typeof({detail}->'challenge') = 'object' "
            f"THEN jsonb_set({detail}, '{{challenge}}', ({detail}->'challenge') - {_CHALLENGE_SCORES}) "
            f"ELSE {detail} END)")


def forget_face_scores_of(cur, employee_id: UUID) -> int:
    """The person's punches, and those their face matched: the scores of that face go (similarity, liveness score,
    and in review_detail the margin, replay similarity, liveness probabilities, a challenge's measures of the face
    and each candidate's similarity: how the photo scored against the others); ids, times and decisions stay for
    payroll, and the candidates' ids, in order (other people's ids, not this face's data: a later erasure of one of
    them still finds its entry). Else a later review would copy the scores into the audit trail again, and the review
    queue would show them."""
    cur.execute(
        f"""WITH scrubbed AS (
               SELECT a.id, ({_without_challenge_scores("a.review_detail")}
                             - ARRAY['margin', 'replay_similarity', 'liveness'])
                            || (SELECT coalesce(jsonb_object_agg(lists.name, (
                                           SELECT coalesce(jsonb_agg(c.item - ARRAY['similarity', 'face_similarity',
                                                                                     'template_similarity']
                                                                     ORDER BY c.position), '[]'::jsonb)
                                             FROM jsonb_array_elements(lists.items) WITH ORDINALITY c(item, position))),
                                         '{{}}'::jsonb)
                                  FROM (SELECT name, a.review_detail->name AS items
                                          FROM unnest(ARRAY['candidates', 'inactive_candidates']) AS name
                                         WHERE jsonb_typeof(a.review_detail->name) = 'array') lists) AS detail
                 FROM attendance_log a
                WHERE a.employee_id = %(person)s OR a.matched_employee_id = %(person)s)
           UPDATE attendance_log a
              SET similarity = NULL, liveness_score = NULL, review_detail = scrubbed.detail
             FROM scrubbed
            WHERE a.id = scrubbed.id
              AND (a.similarity IS NOT NULL OR a.liveness_score IS NOT NULL
                   OR a.review_detail IS DISTINCT FROM scrubbed.detail)""",
        {"person": str(employee_id)},
    )
    return cur.rowcount


def forget_matches_of(cur, employee_id: UUID) -> int:
    """Other people's punches the face matched to this person (HR reassigned them): the match and its similarity
    go, as their candidate entries do (the snapshot went already)."""
    cur.execute("""UPDATE attendance_log SET matched_employee_id = NULL, similarity = NULL
                    WHERE matched_employee_id = %(person)s AND employee_id IS DISTINCT FROM %(person)s""",
                {"person": str(employee_id)})
    return cur.rowcount


def forget_audit_biometrics(cur, employee_id: UUID) -> int:
    """The scores of a face (similarity, liveness score, ...) out of the before/after snapshots of every audit row
    about the person, through the one change the append-only trigger allows (migration 0012): for a person marked
    erased only. Run before the candidates and matches that make a row about them are forgotten."""
    cur.execute("SELECT erase_attendance_audit_biometrics(%s) AS n", (str(employee_id),))
    return int(cur.fetchone()["n"])


def forget_scores_beside_candidate(cur, employee_id: UUID) -> int:
    """Events with the person among their review candidates lose what, beside the other candidates' similarities,
    gives theirs away: the margin (best minus runner-up: with one of the two still listed, the other follows). A
    punch that is not theirs (unmatched, or moved to someone else) where they were the best candidate (the face
    most like theirs) also loses the scores of that face: its similarity (theirs), liveness score, and the replay
    similarity, liveness probabilities and challenge measures. Run before drop_review_candidate, which finds the same
    events."""
    cur.execute(
        f"""WITH listing AS (
               SELECT a.id, coalesce(a.employee_id IS DISTINCT FROM %(id)s::uuid
                                     AND a.review_detail->'candidates'->0->>'employee_id' = %(id)s::text, false) AS best
                 FROM attendance_log a
                WHERE jsonb_typeof(a.review_detail->'candidates') = 'array'
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.review_detail->'candidates') c
                               WHERE c->>'employee_id' = %(id)s::text))
           UPDATE attendance_log a
              SET review_detail = CASE WHEN listing.best
                                       THEN {_without_challenge_scores("a.review_detail")}
                                            - ARRAY['margin', 'replay_similarity', 'liveness']
                                       ELSE a.review_detail - 'margin' END,
                  similarity = CASE WHEN listing.best THEN NULL ELSE a.similarity END,
                  liveness_score = CASE WHEN listing.best THEN NULL ELSE a.liveness_score END
             FROM listing
            WHERE listing.id = a.id""",
        {"id": str(employee_id)},
    )
    return cur.rowcount


def drop_review_candidate(cur, employee_id: UUID) -> int:
    """The person's entries (id and similarity to their face) out of every event's review_detail candidate lists
    (candidates, inactive_candidates)."""
    cur.execute(
        f"""UPDATE attendance_log a
              SET review_detail = a.review_detail
                  || (SELECT coalesce(jsonb_object_agg(lists.name, (
                                 SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM jsonb_array_elements(lists.items) c
                                  WHERE c->>'employee_id' IS DISTINCT FROM %(id)s::text)), '{{}}'::jsonb)
                        FROM (SELECT name, a.review_detail->name AS items
                                FROM unnest(ARRAY['candidates', 'inactive_candidates']) AS name
                               WHERE jsonb_typeof(a.review_detail->name) = 'array') lists)
            WHERE {_NAMED_CANDIDATE}""",
        {"id": str(employee_id)},
    )
    return cur.rowcount


def idempotent_answers_naming(cur, employee_id: UUID) -> list[dict]:
    """Stored answers (check-ins, manual punches) that mention this person's id anywhere (_ANSWER_NAMING), locked."""
    cur.execute(f"""SELECT scope, key, status_code, response FROM idempotency_keys
                    WHERE {_ANSWER_NAMING} ORDER BY scope, key FOR UPDATE""", {"mention": f"%{employee_id}%"})
    return cur.fetchall()


def delete_employee_embeddings(cur, employee_id: UUID) -> int:
    cur.execute("DELETE FROM face_embeddings WHERE employee_id = %s", (employee_id,))
    return cur.rowcount


def delete_employee_tickets(cur, employee_id: UUID) -> int:
    cur.execute("DELETE FROM enrollments WHERE employee_id = %s", (employee_id,))
    return cur.rowcount


def lock_tickets_about(cur, employee_id: UUID) -> None:
    """Lock, in id order, every ticket an erasure's last step deletes or scrubs: the person's own, and other
    people's that name them as a suspected duplicate (any status). Two erasures of people whose photos named each
    other otherwise each deleted their own first and then waited for the other's: a deadlock."""
    cur.execute(
        """SELECT id FROM enrollments WHERE employee_id = %(person)s::uuid
                                          OR reason_detail->>'employee_id' = %(person)s::text
            ORDER BY id FOR UPDATE""",
        {"person": str(employee_id)},
    )


def lock_waiting_tickets_of(cur, employee_id: UUID) -> None:
    """Lock, in id order, the photos waiting for an admin that an erasure of this person settles: their own, and
    other people's suspected duplicates of them."""
    cur.execute(
        """SELECT id FROM enrollments
            WHERE status = 'needs_confirmation'
              AND (employee_id = %(person)s OR (reason_code = 'suspected_duplicate'
                                                AND reason_detail->>'employee_id' = %(person)s::text))
            ORDER BY id FOR UPDATE""",
        {"person": str(employee_id)},
    )


def reject_own_waiting_tickets(cur, employee_id: UUID, *, skip_locked: bool = False) -> int:
    """This person's own photos waiting for an admin (suspected duplicates of someone else): rejected
    (employee_inactive) and their waiting embeddings deleted, the tickets locked in id order. Erasure calls it before
    it locks the person, the order a confirmation takes (ticket, then person); `skip_locked` after that lock, where
    waiting for a ticket could close a cycle with a confirmation waiting for the person."""
    skip = " SKIP LOCKED" if skip_locked else ""
    cur.execute(
        f"""UPDATE enrollments SET status = 'rejected', reason_code = 'employee_inactive',
                   reason_detail = reason_detail - 'quality', pending_model_id = NULL, pending_embedding = NULL,
                   pending_quality = NULL, held_photo_key = NULL, processed_at = now()
            WHERE id IN (SELECT id FROM enrollments WHERE employee_id = %s AND status = 'needs_confirmation'
                         ORDER BY id FOR UPDATE{skip})""",
        (str(employee_id),),
    )
    return cur.rowcount


def reject_duplicates_of(cur, employee_id: UUID) -> list[str | None]:
    """Other employees' photos waiting for an admin because their face matched this person (suspected
    duplicates): rejected (duplicate_erased) and their waiting embeddings deleted. The face is most likely the
    erased person's, and confirming it later would enroll it under someone else. One entry per ticket: the key of its
    face crop as it was (None: no crop), for the caller to delete."""
    cur.execute(
        """UPDATE enrollments e SET status = 'rejected', reason_code = 'duplicate_erased',
                  reason_detail = e.reason_detail - 'quality', pending_model_id = NULL, pending_embedding = NULL,
                  pending_quality = NULL, held_photo_key = NULL, processed_at = now()
             FROM (SELECT id, held_photo_key FROM enrollments
                    WHERE status = 'needs_confirmation' AND reason_code = 'suspected_duplicate'
                      AND reason_detail->>'employee_id' = %s ORDER BY id FOR UPDATE) AS held
            WHERE e.id = held.id
        RETURNING held.held_photo_key""",
        (str(employee_id),),
    )
    return [row["held_photo_key"] for row in cur.fetchall()]


def duplicates_rejected_for(cur, employee_id: UUID) -> list[dict]:
    """Other employees' tickets rejected as duplicates of this person by their erasure (reject_duplicates_of) and still
    naming them (the erasure's last step scrubs that): employee_id and id, whose held-photo crop key is known from
    them, so a rerun of an erasure S3 stopped still finds crops the first run's rejection stopped naming."""
    cur.execute("""SELECT employee_id, id FROM enrollments
                    WHERE status = 'rejected' AND reason_code = 'duplicate_erased'
                      AND reason_detail->>'employee_id' = %(id)s::text AND employee_id <> %(id)s::uuid
                    ORDER BY id""", {"id": str(employee_id)})
    return cur.fetchall()


def reject_as_duplicate_erased(cur, ticket_id: UUID) -> None:
    """One held photo whose suspected duplicate was erased meanwhile: settled as reject_duplicates_of settles those
    (duplicate_erased, the waiting embedding deleted), the detail naming nobody."""
    cur.execute(
        """UPDATE enrollments SET status = 'rejected', reason_code = 'duplicate_erased',
                  reason_detail = '{"duplicate_of_erased": true, "compared_face_removed": true}'::jsonb,
                  pending_model_id = NULL, pending_embedding = NULL, pending_quality = NULL, held_photo_key = NULL,
                  processed_at = now()
           WHERE id = %s""",
        (str(ticket_id),),
    )


def clear_replayed_snapshot_keys(cur, keys: list[str]) -> int:
    """Stored check-in answers (idempotency replays) that name one of these deleted snapshots: the key cleared
    there too, as in the attendance row."""
    if not keys:
        return 0
    cur.execute(
        """UPDATE idempotency_keys SET response = jsonb_set(response, '{event,snapshot_key}', 'null'::jsonb)
           WHERE response->'event'->>'snapshot_key' = ANY(%s)""",
        (keys,),
    )
    return cur.rowcount


def count_employee_attendance(cur, employee_id: UUID) -> int:
    cur.execute("SELECT count(*) AS n FROM attendance_log WHERE employee_id = %s", (employee_id,))
    return cur.fetchone()["n"]


def mark_erased(cur, employee_id: UUID) -> None:
    """The erasure's first step committed with this: when, and not finished yet."""
    cur.execute("UPDATE employees SET erased_at = now(), erasure_finished_at = NULL WHERE id = %s",
                (str(employee_id),))


def mark_erasure_finished(cur, employee_id: UUID) -> None:
    """The erasure finished; so did an unfinished withdrawal of the person's consent (S3 stopped it before they left):
    the erasure erased everything it would, and its rerun is no longer owed (nor a refusal of their consent)."""
    cur.execute(f"UPDATE employees SET erasure_finished_at = now(), withdrawal_finished_at = CASE WHEN "
                f"{WITHDRAWAL_UNFINISHED} THEN now() ELSE withdrawal_finished_at END WHERE id = %s",
                (str(employee_id),))


def mark_withdrawn(cur, employee_id: UUID, *, at: datetime | None = None) -> None:
    """A withdrawal's first step (the erasure's, keeping the person active) committed with this: when, not finished.
    A rerun (of one S3 stopped, of a finished one, the cleanup's replay) keeps the time the employee withdrew while
    no consent has been recorded since (the console's "withdrawn on"). `at`: the cleanup replaying the ledger's
    entry, dated to it (not to the cleanup's run), never later than now (S3's clock: a withdrawal dated after its own
    finish would be replayed at every run); None: now (least() ignores a NULL)."""
    cur.execute("UPDATE employees SET consent_withdrawn_at = CASE WHEN consent_recorded_at IS NULL "
                "THEN coalesce(consent_withdrawn_at, least(%(at)s::timestamptz, now())) "
                "ELSE least(%(at)s::timestamptz, now()) END, "
                "withdrawal_finished_at = NULL WHERE id = %(id)s", {"id": str(employee_id), "at": at})


def mark_withdrawal_finished(cur, employee_id: UUID) -> None:
    cur.execute("UPDATE employees SET withdrawal_finished_at = now() WHERE id = %s", (str(employee_id),))


def deactivate(cur, employee_id: UUID, *, actor: str, at: datetime | None = None) -> None:
    """The erasure's deactivation: audited (employee_audit, by `actor`) in the same statement when the person was
    active. Already inactive, nothing changes, updated_at neither: a bump with no audit row would refuse a save
    from before it as changed by nobody (employee_stale, changed_by null). `at`: an erasure the ledger replays, dated
    to its entry (never later than now), the deactivation and its audit row too."""
    stamp = "least(%(at)s::timestamptz, clock_timestamp())" if at is not None else None
    cur.execute(
        f"""WITH locked AS (SELECT id AS locked_id, {_WAS_COLUMNS} FROM employees WHERE id = %(id)s
                            {EMPLOYEE_LOCKS['no key update']}),
                changed AS (UPDATE employees SET is_active = false,
                                   -- now(), as mark_erased's erased_at: the pair says the person was erased
                                   deactivated_at = coalesce(deactivated_at, least(%(at)s::timestamptz, now())),
                                   updated_at = CASE WHEN employees.is_active THEN {NEXT_UPDATED_AT}
                                                     ELSE employees.updated_at END
                              FROM locked WHERE id = locked_id
                            RETURNING {EMPLOYEE_COLUMNS}, {_WAS_NAMES}),
                audited AS ({_audit_changes('changed', '%(actor)s', stamp)})
           SELECT count(*) FROM changed""", {"id": str(employee_id), "actor": actor, "at": at})


def vacuum_embedding_tables(cur, *, timeout: timedelta) -> list[str]:
    """VACUUM the tables that hold embeddings (face_embeddings; enrollments' waiting ones and their TOAST): the row
    versions a deletion or a clearing left behind are pruned and their entries leave the HNSW indexes. INDEX_CLEANUP
    ON: by default VACUUM skips the indexes when few pages hold dead rows, which leaves an erased vector in the HNSW
    graph of a big table. A cursor outside a transaction (Database.autocommit); `timeout` bounds lock wait and
    work. Returns PostgreSQL's warnings that it skipped a table (a user that neither owns it nor may maintain it)."""
    notices: list[str] = []

    def keep(notice) -> None:  # psycopg.errors.Diagnostic, as PostgreSQL words it ("WARNING:  ...")
        notices.append(f"{notice.severity}:  {notice.message_primary}")

    cur.execute("SELECT set_config('statement_timeout', %s, false)", (str(int(timeout.total_seconds() * 1000)),))
    cur.connection.add_notice_handler(keep)
    try:
        cur.execute("VACUUM (INDEX_CLEANUP ON) face_embeddings, enrollments")
    finally:
        cur.connection.remove_notice_handler(keep)
        cur.execute("RESET statement_timeout")
    return [notice for notice in notices if "skipping" in notice]


def dead_embedding_rows(cur) -> int:
    """Row versions of face_embeddings and enrollments that the last VACUUM could not remove (a transaction older than
    their deletion still ran), as the statistics count them."""
    cur.execute("""SELECT coalesce(sum(n_dead_tup), 0)::int AS n FROM pg_stat_user_tables
                   WHERE relid IN ('face_embeddings'::regclass, 'enrollments'::regclass)""")
    return cur.fetchone()["n"]


# --- paired devices ----------------------------------------------------------------------------

DEVICE_COLUMNS = ("id, name, site, timezone, created_at, paired_at, revoked_at, pairing_expires_at, last_seen_at, "
                  "door, automatic")


def insert_device(cur, *, name: str, site: str | None, timezone: str, pairing_code_hash: str,
                  pairing_expires_at: datetime) -> dict:
    cur.execute(
        f"""INSERT INTO devices (name, site, timezone, pairing_code_hash, pairing_expires_at)
            VALUES (%s, %s, %s, %s, %s) RETURNING {DEVICE_COLUMNS}""",
        (name, site, timezone, pairing_code_hash, pairing_expires_at),
    )
    return cur.fetchone()


def get_device(cur, device_id: UUID, *, for_update: bool = False) -> dict | None:
    lock = " FOR UPDATE" if for_update else ""
    cur.execute(f"SELECT {DEVICE_COLUMNS} FROM devices WHERE id = %s{lock}", (str(device_id),))
    return cur.fetchone()


def list_devices(cur) -> list[dict]:
    cur.execute(f"SELECT {DEVICE_COLUMNS} FROM devices ORDER BY created_at, id")
    return cur.fetchall()


def set_device_settings(cur, device_id: UUID, *, door: str | None, automatic: bool | None) -> dict | None:
    """The kiosk's Door and Automatic mode as HR sets them (null: the tablet's own setting)."""
    cur.execute(f"UPDATE devices SET door = %s, automatic = %s WHERE id = %s RETURNING {DEVICE_COLUMNS}",
                (door, automatic, str(device_id)))
    return cur.fetchone()


def set_pairing_code(cur, device_id: UUID, *, pairing_code_hash: str, pairing_expires_at: datetime) -> dict | None:
    """A new code; the device's current token stops working (re-pairing). The row also carries repaired_at (the time
    the ledger records the re-pairing with)."""
    cur.execute(
        f"""UPDATE devices SET pairing_code_hash = %s, pairing_expires_at = %s, token_hash = NULL, paired_at = NULL,
                   repaired_at = now()
            WHERE id = %s AND revoked_at IS NULL RETURNING {DEVICE_COLUMNS}, repaired_at""",
        (pairing_code_hash, pairing_expires_at, str(device_id)),
    )
    return cur.fetchone()


def put_setup_code(cur, device_id: UUID, *, code_hash: str, expires_at: datetime, created_by: str | None) -> None:
    """A kiosk's setup code, replacing the one it had (spent or not): tries counted from zero again."""
    cur.execute(
        """INSERT INTO device_setup_codes (device_id, code_hash, expires_at, created_by)
           VALUES (%(device_id)s, %(code_hash)s, %(expires_at)s, %(created_by)s)
           ON CONFLICT (device_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at,
                  failed_attempts = 0, created_by = EXCLUDED.created_by, created_at = now()""",
        {"device_id": str(device_id), "code_hash": code_hash, "expires_at": expires_at, "created_by": created_by},
    )


def setup_code_for_update(cur, device_id: UUID) -> dict | None:
    """The device's setup code (code_hash, expires_at, failed_attempts), locked: tries on it are counted one by one."""
    cur.execute("SELECT code_hash, expires_at, failed_attempts FROM device_setup_codes WHERE device_id = %s FOR UPDATE",
                (str(device_id),))
    return cur.fetchone()


def count_setup_code_failure(cur, device_id: UUID) -> int:
    """One more wrong try on the device's setup code: the tries so far."""
    cur.execute("""UPDATE device_setup_codes SET failed_attempts = failed_attempts + 1 WHERE device_id = %s
                   RETURNING failed_attempts""", (str(device_id),))
    return cur.fetchone()["failed_attempts"]


def spend_setup_code(cur, device_id: UUID) -> None:
    cur.execute("DELETE FROM device_setup_codes WHERE device_id = %s", (str(device_id),))


def delete_expired_setup_codes(cur, *, before: datetime) -> int:
    """The daily cleanup: setup codes that expired unused (a try spends an expired one; these had none)."""
    cur.execute("DELETE FROM device_setup_codes WHERE expires_at < %s", (before,))
    return cur.rowcount


def device_by_pairing_code(cur, pairing_code_hash: str) -> dict | None:
    cur.execute(f"SELECT {DEVICE_COLUMNS} FROM devices WHERE pairing_code_hash = %s FOR UPDATE",
                (pairing_code_hash,))
    return cur.fetchone()


def complete_pairing(cur, device_id: UUID, *, token_hash: str) -> dict:
    cur.execute(
        f"""UPDATE devices SET token_hash = %s, paired_at = now(), pairing_code_hash = NULL,
                   pairing_expires_at = NULL
            WHERE id = %s RETURNING {DEVICE_COLUMNS}""",
        (token_hash, str(device_id)),
    )
    return cur.fetchone()


def revoke_device(cur, device_id: UUID) -> dict | None:
    cur.execute(
        f"""UPDATE devices SET revoked_at = coalesce(revoked_at, now()), token_hash = NULL, pairing_code_hash = NULL,
                   pairing_expires_at = NULL
            WHERE id = %s RETURNING {DEVICE_COLUMNS}""",
        (str(device_id),),
    )
    return cur.fetchone()


def devices_not_revoked(cur, device_ids: list[UUID]) -> list[UUID]:
    """Those of these devices the database has not revoked (a restore from before their revocation)."""
    cur.execute("SELECT id FROM devices WHERE id = ANY(%s::uuid[]) AND revoked_at IS NULL ORDER BY id",
                (_uuid_array(device_ids),))
    return [row["id"] for row in cur.fetchall()]


def tokens_paired_before(cur, repaired_at: dict[UUID, datetime], *, skew: timedelta) -> list[UUID]:
    """Of these devices, each with the time the ledger recorded a re-pairing of it, those holding a token paired
    more than `skew` before that (a restore from a backup older than the re-pairing brought the old token back)."""
    cur.execute(
        """SELECT d.id FROM devices d
             JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = d.id
            WHERE d.revoked_at IS NULL AND d.token_hash IS NOT NULL AND d.paired_at < ledger.at - %(skew)s
            ORDER BY d.id""",
        {"ids": _uuid_array(list(repaired_at)), "ats": list(repaired_at.values()), "skew": skew},
    )
    return [row["id"] for row in cur.fetchall()]


def repairings_unrecorded(cur, latest: dict[UUID, datetime], *, skew: timedelta) -> list[dict]:
    """Devices (not revoked) re-paired more than `skew` after the last re-pairing the ledger holds for them (`latest`),
    or never recorded (the ledger's write after the commit failed). Rows: id, repaired_at."""
    cur.execute(
        """SELECT d.id, d.repaired_at FROM devices d
             LEFT JOIN unnest(%(ids)s::uuid[], %(ats)s::timestamptz[]) AS ledger (id, at) ON ledger.id = d.id
            WHERE d.repaired_at IS NOT NULL AND d.revoked_at IS NULL
              AND (ledger.id IS NULL OR d.repaired_at > ledger.at + %(skew)s)
            ORDER BY d.id""",
        {"ids": _uuid_array(list(latest)), "ats": list(latest.values()), "skew": skew},
    )
    return cur.fetchall()


def clear_token_paired_before(cur, device_id: UUID, *, before: datetime) -> bool:
    """The device's token stops working, if it was paired before `before` (one paired since is the new tablet's):
    the device awaits a new pairing code."""
    cur.execute("""UPDATE devices SET token_hash = NULL, paired_at = NULL
                    WHERE id = %s AND revoked_at IS NULL AND token_hash IS NOT NULL AND paired_at < %s""",
                (str(device_id), before))
    return cur.rowcount > 0


def device_by_token(cur, token_hash: str) -> dict | None:
    """The paired, not revoked device holding this token (as it was before this call); marks it seen, at most
    once a minute. One statement: every kiosk request asks, so it runs without a transaction (Database.reading)."""
    cur.execute(
        f"""WITH seen AS (
                UPDATE devices SET last_seen_at = now()
                WHERE token_hash = %(token_hash)s AND revoked_at IS NULL
                  AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')
                RETURNING id)
            SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = %(token_hash)s AND revoked_at IS NULL""",
        {"token_hash": token_hash},
    )
    return cur.fetchone()


def quiet_devices(cur, *, now: datetime, quiet_since: datetime, heard_since: datetime) -> list[dict]:
    """Paired, not revoked devices last heard from before `quiet_since` but not before `heard_since` (one never heard
    from, or quiet longer, is not counted). Reads only. Rows: id, name, site, timezone, last_seen_at, quiet_minutes
    (at `now`), oldest silence first."""
    cur.execute(
        """SELECT id, name, site, timezone, last_seen_at,
                  floor(extract(epoch FROM %(now)s::timestamptz - last_seen_at) / 60)::int AS quiet_minutes
             FROM devices
            WHERE revoked_at IS NULL AND paired_at IS NOT NULL AND token_hash IS NOT NULL
              AND last_seen_at < %(quiet_since)s AND last_seen_at >= %(heard_since)s
            ORDER BY last_seen_at, id""",
        {"now": now, "quiet_since": quiet_since, "heard_since": heard_since},
    )
    return cur.fetchall()


def device_dates(cur, device_id: str) -> dict | None:
    """When the device was created and its current credential issued (None: no such device, or revoked)."""
    cur.execute("SELECT created_at, paired_at FROM devices WHERE id::text = %s AND revoked_at IS NULL", (device_id,))
    return cur.fetchone()


def get_attendance_snapshot(cur, attendance_id: int) -> dict | None:
    cur.execute("SELECT id, snapshot_key, entered_by FROM attendance_log WHERE id = %s", (attendance_id,))
    return cur.fetchone()


# --- the server's own logging ----------------------------------------------------------------


def server_settings(cur, names: list[str]) -> dict[str, str]:
    """The named settings as this connection sees them (its role's and database's own values included); a setting
    of an extension that is not loaded is absent."""
    cur.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (names,))
    return {row["name"]: row["setting"] for row in cur.fetchall()}


# --- pay-period lock (payroll.py) --------------------------------------------------------------


def pay_period_lock(cur, *, lock: Literal["share", "update"] | None = None) -> dict:
    """The company's lock row (closed_through NULL: nothing closed). `lock` "share": a change to an attendance record
    reads it so (a close waits for the change to commit, a change waits for a close); "update": a close or reopen."""
    clause = {None: "", "share": " FOR SHARE", "update": " FOR UPDATE"}[lock]
    cur.execute("SELECT closed_through, changed_at, changed_by, note, report_timezone, max_shift_hours, "
                "repeat_window_seconds FROM pay_period_lock WHERE id" + clause)
    return cur.fetchone()


def pay_period_lock_as_deployed(cur) -> dict | None:
    """The lock row with whatever columns the schema has now (the deploy's check reads it before migrating: before
    migration 0029 it has no close settings), None before the table exists."""
    cur.execute("SELECT to_regclass('pay_period_lock') IS NOT NULL AS present")
    if not cur.fetchone()["present"]:
        return None
    cur.execute("SELECT to_jsonb(l) AS row FROM pay_period_lock l WHERE id")
    found = cur.fetchone()
    if found is None:
        return None
    row = found["row"]
    through = row.get("closed_through")
    return {**row, "closed_through": date.fromisoformat(through) if through else None}


def set_pay_period_lock(cur, *, closed_through, actor: str, note: str | None, action: str, previous,
                        forced: bool = False, undecided: dict | None = None,
                        closed_with: dict | None = None, signed: list[dict] | None = None,
                        adjust_from=None) -> dict:
    """Move the lock to `closed_through` and append its history row, in one statement. `signed` (a close): the
    minutes it signs per person and day (employee_id, day, worked_minutes, manual_minutes), written with the history
    row's id by insert_close_minutes, their totals on the history row (people_signed, minutes_signed); the answer's
    `history_id` is that row's. A close (`signed` not None) then records its adjustments from `adjust_from` (None:
    no day to compare) through `closed_through` (insert_close_adjustments; the history row says they are kept,
    adjustments_kept). `undecided` (a close): the
    counts of what the newly closed days still held (pending_reviews, days_without_exit, days_without_entry);
    `forced`: the close went through over them. `closed_with` (a close): the settings it was computed with
    (close_settings.running), on both rows; a reopen keeps the lock row's (the days still closed were closed with
    them) unless it reopens everything (closed_through None: cleared), and its history row has none."""
    counts = undecided or {}
    values = closed_with or {}
    cur.execute(
        """WITH moved AS (
                UPDATE pay_period_lock SET closed_through = %(closed_through)s, changed_at = now(),
                       changed_by = %(actor)s, note = %(note)s,
                       report_timezone = CASE WHEN %(closing)s THEN %(zone)s
                                              WHEN %(closed_through)s::date IS NOT NULL THEN report_timezone END,
                       max_shift_hours = CASE WHEN %(closing)s THEN %(shift)s
                                              WHEN %(closed_through)s::date IS NOT NULL THEN max_shift_hours END,
                       repeat_window_seconds = CASE WHEN %(closing)s THEN %(window)s
                                                    WHEN %(closed_through)s::date IS NOT NULL
                                                    THEN repeat_window_seconds END
                 WHERE id RETURNING closed_through, changed_at, changed_by, note, report_timezone, max_shift_hours,
                                    repeat_window_seconds),
            logged AS (
                INSERT INTO pay_period_lock_history (action, closed_through, previous, actor, note, created_at,
                                                     forced, pending_reviews, days_without_exit, days_without_entry,
                                                     report_timezone, max_shift_hours, repeat_window_seconds,
                                                     people_signed, minutes_signed, adjustments_kept)
                SELECT %(action)s, moved.closed_through, %(previous)s, %(actor)s, %(note)s, moved.changed_at,
                       %(forced)s, %(pending)s, %(no_exit)s, %(no_entry)s, %(zone)s, %(shift)s, %(window)s,
                       %(people_signed)s, %(minutes_signed)s, %(kept)s
                  FROM moved RETURNING id)
           SELECT moved.*, logged.id AS history_id FROM moved, logged""",
        {"closed_through": closed_through, "actor": actor, "note": note, "action": action, "previous": previous,
         "forced": forced, "pending": counts.get("pending_reviews"), "no_exit": counts.get("days_without_exit"),
         "no_entry": counts.get("days_without_entry"), "closing": closed_with is not None,
         "zone": values.get("report_timezone"), "shift": values.get("max_shift_hours"),
         "window": values.get("repeat_window_seconds"),
         "people_signed": len({row["employee_id"] for row in signed}) if signed is not None else None,
         "minutes_signed": sum(row["worked_minutes"] for row in signed) if signed is not None else None,
         "kept": signed is not None})
    moved = cur.fetchone()
    if signed:
        insert_close_minutes(cur, moved["history_id"], signed)
    if signed is not None:
        insert_close_adjustments(cur, moved["history_id"], first=adjust_from, last=closed_through)
    return moved


# The latest close covering each day of [first, last] (a close covers the days after its `previous`, every day before
# with none, through its closed_through), among those before close id %(before)s (NULL: all), and whether it kept
# its minutes.
_LATEST_CLOSE_COVERING = """
    SELECT DISTINCT ON (g.at) g.at::date AS day, h.id AS close_id, h.people_signed IS NOT NULL AS kept
      FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS g (at)
      JOIN pay_period_lock_history h
        ON h.action = 'close' AND (%(before)s::bigint IS NULL OR h.id < %(before)s::bigint)
       AND h.closed_through >= g.at::date AND (h.previous IS NULL OR h.previous < g.at::date)
     ORDER BY g.at, h.id DESC"""


def insert_close_adjustments(cur, close_id: int, *, first, last) -> None:
    """A close's adjustments (pay_period_close_adjustments), after its own rows are written: for each day of
    [first, last] whose latest EARLIER close covering it kept its minutes, per person whose figure moves, that
    close's row (0 without one) and this close's (0 without one): one statement in the database (a full re-close of
    10,000 people x 31 days compares 310,000 rows there, nothing comes back). A person deleted meanwhile: their
    rows went with them (insert_close_minutes leaves them out, their earlier rows cascaded)."""
    if first is None or last is None or first > last:
        return
    cur.execute(
        f"""WITH covering AS ({_LATEST_CLOSE_COVERING}),
            before AS (SELECT m.employee_id, m.day, m.worked_minutes FROM pay_period_close_minutes m
                         JOIN covering c ON c.kept AND m.close_id = c.close_id AND m.day = c.day),
            now AS (SELECT m.employee_id, m.day, m.worked_minutes FROM pay_period_close_minutes m
                      JOIN covering c ON c.kept AND m.close_id = %(close)s AND m.day = c.day)
           INSERT INTO pay_period_close_adjustments (close_id, employee_id, day, signed_before, signed_now)
           SELECT %(close)s, coalesce(b.employee_id, n.employee_id), coalesce(b.day, n.day),
                  coalesce(b.worked_minutes, 0), coalesce(n.worked_minutes, 0)
             FROM before b FULL JOIN now n ON n.employee_id = b.employee_id AND n.day = b.day
            WHERE coalesce(b.worked_minutes, 0) <> coalesce(n.worked_minutes, 0)""",
        {"first": first, "last": last, "close": close_id, "before": close_id})


# A close's adjustment totals (null: not kept, a reopen or a close made before migration 0032), summed as the
# history is read: the history is append-only, so a close cannot write them on its own row after its adjustments.
ADJUSTMENT_TOTALS = """CASE WHEN h.adjustments_kept THEN coalesce(t.people, 0) END AS people_adjusted,
                       CASE WHEN h.adjustments_kept THEN coalesce(t.net, 0) END AS minutes_adjusted,
                       CASE WHEN h.adjustments_kept THEN coalesce(t.added, 0) END AS minutes_added,
                       CASE WHEN h.adjustments_kept THEN coalesce(t.clawed, 0) END AS minutes_clawed_back"""
ADJUSTMENTS_SUMMED = """LEFT JOIN LATERAL (
        SELECT count(DISTINCT a.employee_id) AS people, sum(a.signed_now - a.signed_before) AS net,
               sum(a.signed_now - a.signed_before) FILTER (WHERE a.signed_now > a.signed_before) AS added,
               sum(a.signed_before - a.signed_now) FILTER (WHERE a.signed_now < a.signed_before) AS clawed
          FROM pay_period_close_adjustments a WHERE a.close_id = h.id) AS t ON true"""


def close_adjustments(cur, history_id: int) -> tuple[dict, list[dict]] | None:
    """A close's history row and its adjustments per person and day, by name then day, with the person's own zone
    (null: none of their own) (None: no such close, or a reopen)."""
    cur.execute(f"""SELECT h.id, h.action, h.closed_through, h.previous, h.created_at, {ADJUSTMENT_TOTALS}
                      FROM pay_period_lock_history h {ADJUSTMENTS_SUMMED} WHERE h.id = %s""", (history_id,))
    found = cur.fetchone()
    if found is None or found["action"] != "close":
        return None
    cur.execute("""SELECT a.employee_id, e.full_name, e.employee_number, e.email, e.timezone, a.day, a.signed_before,
                           a.signed_now, a.signed_now - a.signed_before AS delta
                      FROM pay_period_close_adjustments a JOIN employees e ON e.id = a.employee_id
                     WHERE a.close_id = %s ORDER BY e.full_name, a.employee_id, a.day""", (history_id,))
    return found, cur.fetchall()


CLOSE_MINUTES_BATCH = 50_000  # rows a statement: 10,000 people x 31 days is seven statements, not 310,000


def insert_close_minutes(cur, close_id: int, signed: list[dict]) -> None:
    """The minutes a close signed (pay_period_close_minutes), a batch of rows a statement (arrays unnested): never a
    round trip per row. A person deleted meanwhile is left out (their rows would go with them anyway)."""
    for start in range(0, len(signed), CLOSE_MINUTES_BATCH):
        batch = signed[start:start + CLOSE_MINUTES_BATCH]
        cur.execute(
            """INSERT INTO pay_period_close_minutes (close_id, employee_id, day, worked_minutes, manual_minutes)
               SELECT %s, t.employee_id, t.day, t.worked, t.manual
                 FROM unnest(%s::uuid[], %s::date[], %s::integer[], %s::integer[])
                      AS t (employee_id, day, worked, manual)
                WHERE EXISTS (SELECT 1 FROM employees e WHERE e.id = t.employee_id)""",
            (close_id, [row["employee_id"] for row in batch], [row["day"] for row in batch],
             [row["worked_minutes"] for row in batch], [row["manual_minutes"] for row in batch]))


def signed_minutes(cur, *, employee_ids: list, first, last, closed_through) -> tuple[dict, dict]:
    """What was signed for the closed days of [first, last] (those up to `closed_through`) for these people: each
    day's LATEST signature, what the last close covering it signed (what payroll was last sent): ({day: that
    close}, {(employee_id, day): (worked_minutes, manual_minutes)}; a person without a row that day was signed 0).
    A day whose latest close kept no minutes (made before migration 0031) is not in the answer."""
    if closed_through is None or not employee_ids or first > min(last, closed_through):
        return {}, {}
    return latest_signatures(cur, first=first, last=min(last, closed_through), employee_ids=employee_ids)


def latest_signatures(cur, *, first, last, employee_ids: list | None = None) -> tuple[dict, dict]:
    """Each day of [first, last]'s latest signature: the close with the highest id covering it (a close covers the
    days after its `previous`, every day before with none, through its closed_through), when that close kept its
    minutes: ({day: close id}, {(employee_id, day): (worked_minutes, manual_minutes)}), for these people (None:
    everyone). Read before a close's own history row is written, it is what that close's days were signed before
    (a reopened day: the close before the reopen), which the close's adjustments are measured from."""
    if first is None or last is None or first > last:
        return {}, {}
    cur.execute(_LATEST_CLOSE_COVERING, {"first": first, "last": last, "before": None})
    compared = {row["day"]: row["close_id"] for row in cur.fetchall() if row["kept"]}
    if not compared:
        return {}, {}
    days = sorted(compared)
    cur.execute(
        """SELECT m.employee_id, m.day, m.worked_minutes, m.manual_minutes
             FROM pay_period_close_minutes m
             JOIN unnest(%s::bigint[], %s::date[]) AS c (close_id, day) ON c.close_id = m.close_id AND c.day = m.day
            WHERE %s::uuid[] IS NULL OR m.employee_id = ANY(%s::uuid[])""",
        ([compared[day] for day in days], days,
         None if employee_ids is None else list(employee_ids), None if employee_ids is None else list(employee_ids)))
    return compared, {(row["employee_id"], row["day"]): (row["worked_minutes"], row["manual_minutes"])
                      for row in cur.fetchall()}


def earliest_signed_day(cur):
    """The earliest day a close signed (None: none kept): the day after the smallest `previous` of a close, or the
    earliest day a close made with nothing closed (covering every day before) kept a row for, by its own rows (the
    primary key's close_id first). What a close after a reopen of everything signs again from."""
    cur.execute("""SELECT least((SELECT min(previous) + 1 FROM pay_period_lock_history
                                  WHERE action = 'close' AND previous IS NOT NULL AND people_signed IS NOT NULL),
                                (SELECT min(m.day) FROM pay_period_close_minutes m
                                  WHERE m.close_id IN (SELECT id FROM pay_period_lock_history
                                                        WHERE action = 'close' AND previous IS NULL
                                                          AND people_signed IS NOT NULL))) AS day""")
    return cur.fetchone()["day"]


def pay_period_lock_history(cur, *, limit: int) -> list[dict]:
    """The closes and reopens, newest first."""
    cur.execute(f"""SELECT h.id, h.action, h.closed_through, h.previous, h.actor, h.note, h.created_at, h.forced,
                           h.pending_reviews, h.days_without_exit, h.days_without_entry, h.report_timezone,
                           h.max_shift_hours, h.repeat_window_seconds, h.people_signed, h.minutes_signed,
                           {ADJUSTMENT_TOTALS}
                      FROM (SELECT * FROM pay_period_lock_history ORDER BY id DESC LIMIT %s) AS h
                      {ADJUSTMENTS_SUMMED} ORDER BY h.id DESC""", (limit,))
    return cur.fetchall()


def earliest_reported_event(cur) -> datetime | None:
    """The instant of the earliest counted event or event awaiting review (None: none): where a first close's
    newly closed days can begin to hold anything."""
    cur.execute(f"""SELECT min(a.occurred_at) AS at FROM attendance_log a
                    WHERE {COUNTED_EVENT} OR a.review_state = 'pending'""")
    return cur.fetchone()["at"]


def attendance_watermark(cur) -> dict:
    """The latest attendance event, attendance audit row (every decision, flag and reassignment) and zone change,
    and how many zone rows there are: what a close's check read (attendance_changed_since tells whether anything
    came after). Zone rows are written by employee creations and zone changes, which take no lock row: one can
    commit after a later id did, which the count sees (the table is small: a row per person and zone change)."""
    cur.execute("""SELECT (SELECT coalesce(max(id), 0) FROM attendance_log) AS events,
                          (SELECT coalesce(max(id), 0) FROM attendance_audit) AS audit,
                          (SELECT coalesce(max(id), 0) FROM employee_time_zones) AS zones,
                          (SELECT count(*) FROM employee_time_zones) AS zone_rows""")
    return dict(cur.fetchone())


def attendance_changed_since(cur, mark: dict, *, before: datetime) -> bool:
    """Whether an event before `before` was added or changed (audited), or a zone set, after `mark`
    (attendance_watermark): ids only grow, and each table's index on id finds the few rows after it; a zone row
    committed out of id order (no lock row orders its writers) changes the count."""
    cur.execute("""SELECT EXISTS (SELECT 1 FROM attendance_log a WHERE a.id > %(events)s AND a.occurred_at < %(before)s)
                       OR EXISTS (SELECT 1 FROM attendance_audit u JOIN attendance_log a ON a.id = u.attendance_id
                                   WHERE u.id > %(audit)s AND a.occurred_at < %(before)s)
                       OR EXISTS (SELECT 1 FROM employee_time_zones z WHERE z.id > %(zones)s)
                       OR (SELECT count(*) FROM employee_time_zones) <> %(zone_rows)s AS changed""",
                {**mark, "before": before})
    return cur.fetchone()["changed"]


# --- self-service: an employee's own punches and correction requests (self_service.py) --------------------------


def own_punches(cur, *, employee_id: UUID, start: datetime | None, end: datetime | None,
                after: tuple[datetime, int] | None, limit: int) -> list[dict]:
    """A person's own punches between two instants, oldest first, from `after` (a cursor): only what they may read
    of them (no face evidence; the kiosk's name, not its id), and whether the reports count each (REPORTED_EVENT)."""
    cur.execute(
        f"""SELECT a.id, a.occurred_at, a.event_type, a.review_state, a.status, a.entered_by, a.offline,
                   d.name AS device_name, {REPORTED_EVENT} AS counted
            FROM attendance_log a LEFT JOIN devices d ON d.id::text = a.device_id
            WHERE a.employee_id = %(employee)s
              AND (%(start)s::timestamptz IS NULL OR a.occurred_at >= %(start)s)
              AND (%(end)s::timestamptz IS NULL OR a.occurred_at < %(end)s)
              AND (%(after_ts)s::timestamptz IS NULL OR (a.occurred_at, a.id) > (%(after_ts)s, %(after_id)s))
            ORDER BY a.occurred_at, a.id
            LIMIT %(limit)s""",
        {"employee": employee_id, "start": start, "end": end, "after_ts": after[0] if after else None,
         "after_id": after[1] if after else None, "limit": limit})
    return cur.fetchall()


CORRECTION_COLUMNS = """c.id, c.employee_id, e.full_name, c.day, c.attendance_id, c.note, c.requested_by,
    c.created_at, c.resolved_at, c.resolved_by, c.resolution_note, c.self_review, a.occurred_at AS event_occurred_at,
    a.event_type AS event_type, a.employee_id AS event_employee_id"""
# The request's person, and the punch it names (its time and direction: what HR looks at; whose it is now, since HR
# may have assigned it to someone else after the request: the employee is shown it only while it is theirs).
CORRECTION_JOINS = "JOIN employees e ON e.id = c.employee_id LEFT JOIN attendance_log a ON a.id = c.attendance_id"


def correction_counts(cur, employee_id: UUID, day: date, *, since: datetime) -> dict:
    """A person's requests counted for the caps on new ones: `open_on_day` (open about `day`), `open` (open in all),
    `recent` (created after `since`)."""
    cur.execute("""SELECT count(*) FILTER (WHERE resolved_at IS NULL AND day = %(day)s) AS open_on_day,
                          count(*) FILTER (WHERE resolved_at IS NULL) AS open,
                          count(*) FILTER (WHERE created_at > %(since)s) AS recent
                   FROM correction_requests WHERE employee_id = %(employee)s""",
                {"employee": employee_id, "day": day, "since": since})
    return cur.fetchone()


def first_punch_at(cur, employee_id: UUID) -> datetime | None:
    """The instant of a person's earliest punch (any state), None without one."""
    cur.execute("SELECT min(occurred_at) AS first FROM attendance_log WHERE employee_id = %s", (employee_id,))
    return cur.fetchone()["first"]


def insert_correction(cur, *, employee_id: UUID, day: date, attendance_id: int | None, note: str,
                      requested_by: str) -> dict:
    cur.execute(
        f"""WITH c AS (INSERT INTO correction_requests (employee_id, day, attendance_id, note, requested_by)
                      VALUES (%s, %s, %s, %s, %s) RETURNING *)
            SELECT {CORRECTION_COLUMNS} FROM c {CORRECTION_JOINS}""",
        (employee_id, day, attendance_id, note, requested_by))
    return cur.fetchone()


def own_corrections(cur, employee_id: UUID, *, limit: int) -> list[dict]:
    """A person's requests, newest first."""
    cur.execute(f"""SELECT {CORRECTION_COLUMNS} FROM correction_requests c {CORRECTION_JOINS}
                    WHERE c.employee_id = %s ORDER BY c.created_at DESC, c.id DESC LIMIT %s""", (employee_id, limit))
    return cur.fetchall()


def list_corrections(cur, *, resolved: bool, after: tuple[datetime, int] | None, limit: int,
                     departments: list[str] | None = None) -> list[dict]:
    """The open (or the resolved) requests of everyone (of people of `departments` only, when given), oldest first,
    from `after` (a cursor)."""
    cur.execute(
        f"""SELECT {CORRECTION_COLUMNS} FROM correction_requests c {CORRECTION_JOINS}
            WHERE (c.resolved_at IS NOT NULL) = %(resolved)s AND {IN_DEPARTMENTS}
              AND (%(after_ts)s::timestamptz IS NULL OR (c.created_at, c.id) > (%(after_ts)s, %(after_id)s))
            ORDER BY c.created_at, c.id LIMIT %(limit)s""",
        {"resolved": resolved, "after_ts": after[0] if after else None, "after_id": after[1] if after else None,
         "limit": limit, "departments": departments})
    return cur.fetchall()


def open_corrections_on_days(cur, first: date | None, last: date) -> list[dict]:
    """The open requests about the days [first, last] (`first` None: every day up to `last`; a request's day is the
    person's own, in their zone), by day, name, id: what a close weighs (reports.undecided_days). Only what payroll
    may read: the request's id, person and day, never the note (the employee's words to the reviewers)."""
    cur.execute("""SELECT c.id, c.employee_id, e.full_name, c.day
                   FROM correction_requests c JOIN employees e ON e.id = c.employee_id
                   WHERE c.resolved_at IS NULL AND c.day <= %(last)s
                     AND (%(first)s::date IS NULL OR c.day >= %(first)s)
                   ORDER BY c.day, e.full_name, c.id""", {"first": first, "last": last})
    return cur.fetchall()


def get_correction(cur, correction_id: int, *, for_update: bool = False) -> dict | None:
    lock = " FOR UPDATE OF c" if for_update else ""
    cur.execute(f"SELECT {CORRECTION_COLUMNS} FROM correction_requests c {CORRECTION_JOINS} "
                f"WHERE c.id = %s{lock}", (correction_id,))
    return cur.fetchone()


def resolve_correction(cur, correction_id: int, *, actor: str, note: str, self_review: bool) -> dict:
    cur.execute(
        f"""WITH c AS (UPDATE correction_requests SET resolved_at = now(), resolved_by = %s, resolution_note = %s,
                                                      self_review = %s
                      WHERE id = %s RETURNING *)
            SELECT {CORRECTION_COLUMNS} FROM c {CORRECTION_JOINS}""",
        (actor, note, self_review, correction_id))
    return cur.fetchone()


def delete_employee_corrections(cur, employee_id: UUID, *, idempotency_scope: str) -> int:
    """An erasure: the person's correction requests, and the stored answers of their creation (which hold the
    notes). The answered ones are refused to any other DELETE (migration 0036): through the erasure's own function,
    for a person already marked erased (mark_erased)."""
    cur.execute("DELETE FROM idempotency_keys WHERE scope = %s", (idempotency_scope,))
    cur.execute("SELECT erase_correction_requests(%s) AS n", (str(employee_id),))
    return cur.fetchone()["n"]


# --- reviewers scoped to departments (department_scope.py, migration 0035) ----------------------------------------

def reviewer_departments(cur, username: str) -> list[str]:
    """The departments the user (lower-cased user name) reviews, sorted as list_departments sorts them."""
    cur.execute("""SELECT department FROM reviewer_departments WHERE username = %s
                   ORDER BY lower(department), department""", (username,))
    return [row["department"] for row in cur.fetchall()]


def lock_reviewer_departments(cur, username: str) -> None:
    """One change of a user's departments at a time (to the commit): the before an audit row keeps stays as read."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('reviewer_departments:' || %s, 0))", (username,))


def set_reviewer_departments(cur, username: str, *, departments: list[str], actor: str, before: list[str]) -> None:
    """Replace the user's departments and append the change to reviewer_departments_audit (the caller checked that
    it changes something)."""
    cur.execute("DELETE FROM reviewer_departments WHERE username = %s", (username,))
    cur.execute("""INSERT INTO reviewer_departments (username, department)
                   SELECT %s, unnest(%s::text[])""", (username, departments))
    cur.execute("""INSERT INTO reviewer_departments_audit (username, actor, before, after)
                   VALUES (%s, %s, %s::text[], %s::text[])""", (username, actor, before, departments))


def list_reviewer_departments(cur) -> list[dict]:
    """Every user with departments: username, departments (sorted), the latest change's actor and time, and their
    last sign-in (console_sign_ins: last_seen_at and roles, null when never seen)."""
    cur.execute("""SELECT r.username, array_agg(r.department ORDER BY lower(r.department), r.department) AS departments,
                          last.actor AS changed_by, last.created_at AS changed_at,
                          s.last_seen_at, s.roles
                   FROM reviewer_departments r
                   LEFT JOIN LATERAL (SELECT au.actor, au.created_at FROM reviewer_departments_audit au
                                      WHERE au.username = r.username ORDER BY au.id DESC LIMIT 1) last ON true
                   LEFT JOIN console_sign_ins s ON s.username = r.username
                   GROUP BY r.username, last.actor, last.created_at, s.last_seen_at, s.roles
                   ORDER BY r.username""")
    return cur.fetchall()


# --- console users' last sign-ins (console_users.py, migration 0038) ----------------------------------------------

def record_sign_in(cur, username: str, roles: list[str], *, every: timedelta) -> bool:
    """Upsert the user's roles and last_seen_at (now), unless a row no older than `every` holds the same roles: then
    nothing is written, nor locked (the NOT EXISTS reads only). True when a row was written."""
    cur.execute("""INSERT INTO console_sign_ins AS s (username, roles, last_seen_at)
                   SELECT %(username)s, %(roles)s::text[], now()
                   WHERE NOT EXISTS (SELECT 1 FROM console_sign_ins
                                     WHERE username = %(username)s AND roles = %(roles)s::text[]
                                       AND last_seen_at > now() - %(every)s)
                   ON CONFLICT (username) DO UPDATE SET roles = EXCLUDED.roles, last_seen_at = EXCLUDED.last_seen_at
                   WHERE s.roles IS DISTINCT FROM EXCLUDED.roles
                      OR s.last_seen_at <= EXCLUDED.last_seen_at - %(every)s""",
                {"username": username, "roles": roles, "every": every})
    return cur.rowcount > 0


def sign_in_of(cur, username: str) -> dict | None:
    """The user's last sign-in (roles, last_seen_at), or None: never seen (or forgotten by the cleanup)."""
    cur.execute("SELECT username, roles, last_seen_at FROM console_sign_ins WHERE username = %s", (username,))
    return cur.fetchone()


def unscoped_reviewers(cur, *, unscoped_roles: list[str]) -> list[dict]:
    """Users seen holding the reviewer role, none of `unscoped_roles` (admin, payroll) and no departments: they see
    everyone. By user name."""
    cur.execute("""SELECT s.username, s.roles, s.last_seen_at FROM console_sign_ins s
                   WHERE 'reviewer' = ANY(s.roles) AND NOT s.roles && %s::text[]
                     AND NOT EXISTS (SELECT 1 FROM reviewer_departments r WHERE r.username = s.username)
                   ORDER BY s.username""", (unscoped_roles,))
    return cur.fetchall()


def count_stale_sign_ins(cur, *, before: datetime) -> int:
    cur.execute("SELECT count(*) AS n FROM console_sign_ins WHERE last_seen_at < %s", (before,))
    return cur.fetchone()["n"]


def delete_stale_sign_ins(cur, *, before: datetime) -> int:
    """Forget the users not seen since `before` (the daily cleanup); how many."""
    cur.execute("DELETE FROM console_sign_ins WHERE last_seen_at < %s", (before,))
    return cur.rowcount


def reviewer_departments_changes(cur, username: str, *, limit: int) -> list[dict]:
    """The user's audited changes, newest first."""
    cur.execute("""SELECT id, username, actor, before, after, created_at FROM reviewer_departments_audit
                   WHERE username = %s ORDER BY id DESC LIMIT %s""", (username, limit))
    return cur.fetchall()


def departments_held(cur, departments: list[str]) -> set[str]:
    """Which of `departments` an employee has (as stored: the spelling exactly)."""
    cur.execute("SELECT DISTINCT department FROM employees WHERE department = ANY(%s::text[])", (departments,))
    return {row["department"] for row in cur.fetchall()}


def people_of_events(cur, event_ids: list[int]) -> dict[int, UUID | None]:
    """Each existing attendance event's person now (null: nobody's), by id."""
    cur.execute("SELECT id, employee_id FROM attendance_log WHERE id = ANY(%s::bigint[])", (list(event_ids),))
    return {row["id"]: row["employee_id"] for row in cur.fetchall()}


def departments_of(cur, employee_ids: list[UUID]) -> dict[str, str | None]:
    """Each existing employee's department, by id (text)."""
    cur.execute("SELECT id, department FROM employees WHERE id = ANY(%s::uuid[])", (_uuid_array(employee_ids),))
    return {str(row["id"]): row["department"] for row in cur.fetchall()}


def employee_department(cur, employee_id: UUID) -> tuple[bool, str | None]:
    """(whether the employee exists, their department)."""
    cur.execute("SELECT department FROM employees WHERE id = %s", (str(employee_id),))
    row = cur.fetchone()
    return (row is not None, row["department"] if row else None)


# --- absences (absences.py; migration 0041) ----------------------------------------------------------------------

_ABSENCE_COLUMNS = ("a.id, a.employee_id, e.full_name, e.department, a.day, a.kind, a.minutes, a.note, a.created_by, "
                    "a.created_at, a.batch_id")
# An absence as its employee_audit rows write it (`2026-11-03 vacation 480`).
_ABSENCE_TEXT = "{0}.day::text || ' ' || {0}.kind || ' ' || {0}.minutes::text"
# A statement's `deleted` absences, each audited in the person's History (before its text, after null) by %(actor)s;
# self_review on the rows of %(self_review_of)s (the caller's own employee when FACEPASS_ALLOW_SELF_REVIEW let them
# delete their own absence; NULL: none). Every delete of absences writes its History through this one CTE.
_DELETED_ABSENCES_AUDITED = f"""audited AS (
                INSERT INTO employee_audit (employee_id, field, actor, before, after, self_review)
                SELECT deleted.employee_id, 'absence', %(actor)s, {_ABSENCE_TEXT.format('deleted')}, NULL,
                       coalesce(deleted.employee_id = %(self_review_of)s::uuid, false) FROM deleted)"""


def lock_people(cur, employee_ids: list[UUID], *, departments: list[str] | None = None,
                not_erased: bool = False) -> list[UUID]:
    """These people's rows locked FOR NO KEY UPDATE (get_employee's lock "no key update": ordered with a
    (de)activation, an erasure, another absence of theirs) in one statement, by id (the order every bulk absence
    locks in: two never wait for each other crosswise); of `departments` only when given (a scoped reviewer's,
    IN_DEPARTMENTS, checked on the row as locked: a person moved out meanwhile is left out); `not_erased`: an erased
    one left out too (erasure keeps the row). The ids locked, by id (an unknown one: not there)."""
    cur.execute(f"""SELECT e.id FROM employees e WHERE e.id = ANY(%(ids)s::uuid[]) AND {IN_DEPARTMENTS}
                       AND (NOT %(not_erased)s OR e.erased_at IS NULL)
                     ORDER BY e.id FOR NO KEY UPDATE OF e""",
                {"ids": _uuid_array(employee_ids), "departments": departments, "not_erased": not_erased})
    return [row["id"] for row in cur.fetchall()]


def insert_absences(cur, *, employee_ids: list[UUID], days: list, kind: str, minutes: int, note: str | None,
                    actor: str, self_review: list[bool], batch_id: UUID | None = None) -> list[dict]:
    """One absence per (employee_ids[i], days[i]) (one statement, whatever their number: a company's holiday is
    thousands), each with its employee_audit row (field `absence`, before null, after `<day> <kind> <minutes>`,
    self_review[i]) in the same statement; by person, then day; `batch_id`: a bulk add's id on every row (None for a
    single add or a range). One of that kind that day already is a UniqueViolation: absences.py reads the days under
    the people's locks first, so none is there."""
    cur.execute(
        f"""WITH pairs AS (
                SELECT * FROM unnest(%(people)s::uuid[], %(days)s::date[], %(self_review)s::boolean[])
                                AS p(employee_id, day, self_review)),
            added AS (
                INSERT INTO absences (employee_id, day, kind, minutes, note, created_by, batch_id)
                SELECT employee_id, day, %(kind)s, %(minutes)s, %(note)s, %(actor)s, %(batch)s::uuid FROM pairs
                RETURNING *),
            audited AS (
                INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at, self_review)
                SELECT added.employee_id, 'absence', %(actor)s, NULL, {_ABSENCE_TEXT.format('added')},
                       added.created_at, pairs.self_review
                  FROM added JOIN pairs ON pairs.employee_id = added.employee_id AND pairs.day = added.day
                 ORDER BY added.employee_id, added.day)
            SELECT {_ABSENCE_COLUMNS} FROM added a JOIN employees e ON e.id = a.employee_id
             ORDER BY a.employee_id, a.day""",
        {"people": [str(person) for person in employee_ids], "days": list(days), "kind": kind,
         "minutes": minutes, "note": note, "actor": actor, "self_review": list(self_review),
         "batch": str(batch_id) if batch_id else None})
    return cur.fetchall()


def people_employed_during(cur, *, department: str | None, departments: list[str] | None,
                           employed: tuple[datetime, datetime]) -> list[dict]:
    """The people (id, full_name), not erased, who are active or were employees at some instant of `employed`
    ([start, end), as the is_active history says: people_in_period's rule, so someone who has left since is there,
    their record made before its end); of `department` exactly when given, of `departments` only when given (a
    scoped reviewer's, IN_DEPARTMENTS); by id: the order absences.add_bulk locks them in (two bulk adds never wait
    for each other crosswise)."""
    cur.execute(f"""SELECT e.id, e.full_name FROM employees e
                     WHERE e.erased_at IS NULL AND (%(department)s::text IS NULL OR e.department = %(department)s)
                       AND {IN_DEPARTMENTS}
                       AND (e.is_active OR (e.created_at < %(employed_end)s
                                            AND ({_ACTIVE_AT_START} OR {_ACTIVATED_DURING})))
                     ORDER BY e.id""",
                {"department": department, "departments": departments, "employed_start": employed[0],
                 "employed_end": employed[1]})
    return cur.fetchall()


def delete_absences_after_leaving(cur, employee_id: UUID, *, actor: str, report_zone: str,
                                  at: datetime | None = None, self_review: bool = False) -> int:
    """A leaver's absences on the days after the one they left on (`at`, default now, as a date in their zone, else
    `report_zone`) deleted, each audited (field `absence`, before `<day> <kind> <minutes>`, after null) in the same
    statement: leave booked ahead is no pay owed once they are gone (the reports list a person with an absence in a
    period). The day they left keeps its own. How many were deleted."""
    cur.execute(
        f"""WITH deleted AS (
                DELETE FROM absences a USING employees e
                 WHERE a.employee_id = %(id)s AND e.id = a.employee_id
                   AND a.day > (coalesce(%(at)s::timestamptz, now()) AT TIME ZONE coalesce(e.timezone, %(zone)s))::date
                RETURNING a.*),
            {_DELETED_ABSENCES_AUDITED}
            SELECT count(*) AS n FROM deleted""",
        {"id": str(employee_id), "actor": actor, "zone": report_zone, "at": at,
         "self_review_of": str(employee_id) if self_review else None})
    return cur.fetchone()["n"]


def get_absence(cur, absence_id: int, *, lock: bool = False) -> dict | None:
    """One absence with its person's name and department; `lock`: FOR UPDATE of the absence's row."""
    cur.execute(f"SELECT {_ABSENCE_COLUMNS} FROM absences a JOIN employees e ON e.id = a.employee_id "
                f"WHERE a.id = %s{' FOR UPDATE OF a' if lock else ''}", (absence_id,))
    return cur.fetchone()


def delete_absence(cur, absence_id: int, *, actor: str, self_review_of: UUID | None = None) -> dict | None:
    """The absence deleted, and its employee_audit row (field `absence`, before `<day> <kind> <minutes>`, after null;
    self_review when it is `self_review_of`'s) in the same statement: the row as it was; None when there was none."""
    cur.execute(
        f"""WITH deleted AS (DELETE FROM absences WHERE id = %(id)s RETURNING *),
                 {_DELETED_ABSENCES_AUDITED}
            SELECT {_ABSENCE_COLUMNS} FROM deleted a JOIN employees e ON e.id = a.employee_id""",
        {"id": absence_id, "actor": actor, "self_review_of": str(self_review_of) if self_review_of else None})
    return cur.fetchone()


# An absence as a change's employee_audit row writes it, before and after: _ABSENCE_TEXT and its note, if any, after
# one more space (`2026-11-03 sick 240 flu`): a change of the note alone shows too.
_ABSENCE_TEXT_WITH_NOTE = _ABSENCE_TEXT + " || coalesce(' ' || {0}.note, '')"


def change_absence(cur, absence_id: int, *, kind: str, minutes: int, note: str | None, actor: str,
                   self_review: bool = False) -> dict | None:
    """The absence's kind, minutes and note set, and its employee_audit row (field `absence`, before and after
    `<day> <kind> <minutes>[ <note>]`, by `actor`, `self_review`) written in the same statement: the absence as it is
    now; None when there is none. A change of kind takes the absence out of its bulk add (`batch_id` null: another
    absence now, which undoing the bulk must not delete); minutes and note keep it there (the same absence, corrected).
    absences.change calls it with the row and the person locked, the checks made, and only for a real change (a
    no-op writes no History row)."""
    cur.execute(
        f"""WITH changed AS (
                UPDATE absences a SET kind = %(kind)s, minutes = %(minutes)s, note = %(note)s,
                       batch_id = CASE WHEN a.kind = %(kind)s THEN a.batch_id END
                  FROM absences was WHERE a.id = %(id)s AND was.id = a.id
                RETURNING a.*, {_ABSENCE_TEXT_WITH_NOTE.format('was')} AS before_text,
                          {_ABSENCE_TEXT_WITH_NOTE.format('a')} AS after_text),
            audited AS (
                INSERT INTO employee_audit (employee_id, field, actor, before, after, self_review)
                SELECT changed.employee_id, 'absence', %(actor)s, changed.before_text, changed.after_text,
                       %(self_review)s FROM changed)
            SELECT {_ABSENCE_COLUMNS} FROM changed a JOIN employees e ON e.id = a.employee_id""",
        {"id": absence_id, "kind": kind, "minutes": minutes, "note": note, "actor": actor,
         "self_review": self_review})
    return cur.fetchone()


def lock_absence_batch(cur, batch_id: UUID, *, departments: list[str] | None, own: UUID | None) -> dict:
    """A bulk add's absences still there locked (FOR UPDATE, by id: a single delete of one of them waits, and then
    finds it gone), summed up in the same statement: `absences` and `people` (counts), `first_day` (the earliest
    day, None when there is none), `outside` (whether a person of them is outside `departments` when given: a scoped
    reviewer's, IN_DEPARTMENTS), `own` (whether `own`, the caller's employee, has one of them)."""
    cur.execute(
        f"""WITH locked AS (SELECT a.id, a.employee_id, a.day FROM absences a WHERE a.batch_id = %(batch)s::uuid
                              ORDER BY a.id FOR UPDATE OF a)
            SELECT count(*) AS absences, count(DISTINCT locked.employee_id) AS people, min(locked.day) AS first_day,
                   coalesce(bool_or(NOT ({IN_DEPARTMENTS})), false) AS outside,
                   coalesce(bool_or(locked.employee_id = %(own)s::uuid), false) AS own
              FROM locked JOIN employees e ON e.id = locked.employee_id""",
        {"batch": str(batch_id), "departments": departments, "own": str(own) if own else None})
    return cur.fetchone()


def delete_absence_batch(cur, batch_id: UUID, *, actor: str, self_review_of: UUID | None = None) -> dict:
    """Every absence of a bulk add (`batch_id`) deleted, each with its employee_audit row as a single delete writes
    it (_DELETED_ABSENCES_AUDITED; self_review on `self_review_of`'s), in one statement whatever their number:
    `deleted` and `people` (counts)."""
    cur.execute(
        f"""WITH deleted AS (DELETE FROM absences WHERE batch_id = %(batch)s::uuid RETURNING *),
                 {_DELETED_ABSENCES_AUDITED}
            SELECT count(*) AS deleted, count(DISTINCT employee_id) AS people FROM deleted""",
        {"batch": str(batch_id), "actor": actor, "self_review_of": str(self_review_of) if self_review_of else None})
    return cur.fetchone()


def list_absences(cur, *, first, last, employee_id: UUID | None = None, employee_ids: list[UUID] | None = None,
                  departments: list[str] | None = None, after: tuple | None = None,
                  limit: int | None = None) -> list[dict]:
    """The absences on the days [first, last] (of one person, of these people (`employee_ids`: a bulk add's, in one
    statement), of people of `departments` only, when given), by day, then name (as it is now), then person id, then
    absence id (the order recorded): a total order on what a correction (PATCH: kind, minutes, note) never changes. A
    page of GET /attendance/absences: those after `after` (the previous page's last row's (day, full_name,
    employee_id, id)), at most `limit`. The statement reads absences_day_idx from the cursor's day on (`a.day >=
    after's day` as an index condition beside the whole key's comparison) and sorts the rows of each day by name as it
    reads them (an Incremental Sort on the index's day order, stopped by the LIMIT): a page costs the days it reaches,
    not a sort of the whole period."""
    after_day, after_name, after_person, after_id = after if after is not None else (None, None, None, None)
    cur.execute(
        f"""SELECT {_ABSENCE_COLUMNS} FROM absences a JOIN employees e ON e.id = a.employee_id
             WHERE a.day BETWEEN %(first)s AND %(last)s
               AND (%(person)s::uuid IS NULL OR a.employee_id = %(person)s::uuid)
               AND (%(people)s::uuid[] IS NULL OR a.employee_id = ANY(%(people)s::uuid[])) AND {IN_DEPARTMENTS}
               AND a.day >= coalesce(%(after_day)s::date, %(first)s)
               AND (%(after_day)s::date IS NULL
                    OR (a.day, e.full_name, e.id, a.id)
                       > (%(after_day)s::date, %(after_name)s::text, %(after_person)s::uuid, %(after_id)s::bigint))
             ORDER BY a.day, e.full_name, e.id, a.id
             LIMIT %(limit)s""",
        {"first": first, "last": last, "person": str(employee_id) if employee_id else None,
         "people": _uuid_array(employee_ids), "departments": departments, "after_day": after_day,
         "after_name": after_name, "after_person": str(after_person) if after_person else None,
         "after_id": after_id, "limit": limit})
    return cur.fetchall()


def rename_count(cur) -> int:
    """How many renames employee_audit holds (full_name with a value before; a creation has none): append-only, so it
    moves with every rename committed since it was last read (GET /attendance/absences' pages are keyed on names as
    they are now). The full_name branch of employee_audit_watermark_idx (migration 0042)."""
    cur.execute("SELECT count(*) AS renames FROM employee_audit WHERE field = 'full_name' AND before IS NOT NULL")
    return cur.fetchone()["renames"]


def absences_of(cur, *, employee_ids: list, first, last) -> list[dict]:
    """These people's absences on the days [first, last] (a timesheet page's): employee_id, day, kind, minutes."""
    if not employee_ids:
        return []
    cur.execute("""SELECT employee_id, day, kind, minutes FROM absences
                    WHERE employee_id = ANY(%s::uuid[]) AND day BETWEEN %s AND %s
                    ORDER BY employee_id, day,
                             array_position(ARRAY['vacation', 'sick', 'holiday', 'other'], kind)""",
                ([str(person) for person in employee_ids], first, last))
    return cur.fetchall()


# --- work schedules (facepass.schedules) ---------------------------------------------------------

_SCHEDULE_COLUMNS = """s.id, s.name, s.late_grace_minutes, s.created_at, s.updated_at, s.updated_by,
    (SELECT count(*) FROM employees e WHERE e.schedule_id = s.id) AS employees,
    coalesce((SELECT json_agg(json_build_object('weekday', d.weekday, 'starts_at', to_char(d.starts_at, 'HH24:MI'),
                                                'ends_at', to_char(d.ends_at, 'HH24:MI')) ORDER BY d.weekday)
                FROM work_schedule_days d WHERE d.schedule_id = s.id), '[]'::json) AS days"""


def list_schedules(cur, schedule_id: int | None = None) -> list[dict]:
    """Every schedule (or the one), by name: its days (weekday 1-7, times HH:MM, Monday first) and how many
    employees, active or not, have it."""
    cur.execute(f"""SELECT {_SCHEDULE_COLUMNS} FROM work_schedules s
                    WHERE %(id)s::bigint IS NULL OR s.id = %(id)s::bigint
                    ORDER BY lower(s.name), s.name, s.id""", {"id": schedule_id})
    return cur.fetchall()


def _insert_schedule_days(cur, schedule_id: int, days: list[tuple[int, str, str]]) -> None:
    if days:
        cur.execute("""INSERT INTO work_schedule_days (schedule_id, weekday, starts_at, ends_at)
                       SELECT %(id)s, d.weekday, d.starts_at, d.ends_at
                         FROM unnest(%(weekdays)s::smallint[], %(starts)s::time[], %(ends)s::time[])
                              AS d(weekday, starts_at, ends_at)""",
                    {"id": schedule_id, "weekdays": [day[0] for day in days], "starts": [day[1] for day in days],
                     "ends": [day[2] for day in days]})


def insert_schedule(cur, *, name: str, late_grace_minutes: int, days: list[tuple[int, str, str]],
                    actor: str | None) -> int:
    """A new schedule and its days ((ISO weekday, HH:MM, HH:MM)); its id. A name taken in any case:
    UniqueViolation (work_schedules_name_unique)."""
    cur.execute("""INSERT INTO work_schedules (name, late_grace_minutes, updated_by) VALUES (%s, %s, %s)
                   RETURNING id""", (name, late_grace_minutes, actor))
    schedule_id = cur.fetchone()["id"]
    _insert_schedule_days(cur, schedule_id, days)
    return schedule_id


def replace_schedule(cur, schedule_id: int, *, name: str, late_grace_minutes: int,
                     days: list[tuple[int, str, str]], actor: str | None) -> bool:
    """The schedule's name, grace and days replaced; False: no such schedule. A name taken: UniqueViolation."""
    cur.execute("""UPDATE work_schedules SET name = %s, late_grace_minutes = %s, updated_by = %s,
                          updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
                   WHERE id = %s RETURNING id""", (name, late_grace_minutes, actor, schedule_id))
    if cur.fetchone() is None:
        return False
    cur.execute("DELETE FROM work_schedule_days WHERE schedule_id = %s", (schedule_id,))
    _insert_schedule_days(cur, schedule_id, days)
    return True


def lock_schedule(cur, schedule_id: int) -> bool:
    """Lock the schedule's row against a change of its use: a person given it meanwhile (their foreign key check
    takes a KEY SHARE lock on it) waits for the delete, then finds it gone. False: no such schedule."""
    cur.execute("SELECT id FROM work_schedules WHERE id = %s FOR UPDATE", (schedule_id,))
    return cur.fetchone() is not None


def schedule_users(cur, schedule_id: int) -> int:
    """How many employees, active or not, have the schedule."""
    cur.execute("SELECT count(*) AS n FROM employees WHERE schedule_id = %s", (schedule_id,))
    return cur.fetchone()["n"]


def delete_schedule(cur, schedule_id: int) -> bool:
    cur.execute("DELETE FROM work_schedules WHERE id = %s RETURNING id", (schedule_id,))
    return cur.fetchone() is not None


def schedule_days_of(cur, employee_ids: list[UUID], weekdays: list[int]) -> dict[tuple[UUID, int], dict]:
    """Per (person of `employee_ids`, ISO weekday of `weekdays`) their schedule works on, in one statement: starts_at,
    ends_at (time) and the schedule's late_grace_minutes. Those without one, or off that weekday, are not in it."""
    cur.execute("""SELECT e.id AS employee_id, d.weekday, d.starts_at, d.ends_at, s.late_grace_minutes
                     FROM employees e JOIN work_schedules s ON s.id = e.schedule_id
                     JOIN work_schedule_days d ON d.schedule_id = s.id AND d.weekday = ANY(%(weekdays)s::int[])
                    WHERE e.id = ANY(%(people)s::uuid[])""",
                {"people": [str(person) for person in employee_ids], "weekdays": weekdays})
    return {(row["employee_id"], row["weekday"]): row for row in cur.fetchall()}


def people_scheduled(cur, *, weekday: int, employed: tuple[datetime, datetime],
                     departments: list[str] | None = None) -> list[dict]:
    """The people whose schedule works on ISO `weekday` and who were employed at some instant of `employed`
    ([start, end): the day in the report zone, as people_in_period reckons it), of `departments` only when given,
    by name, then id: employee_id, full_name, department, employee_number, email (the daily report lists them)."""
    cur.execute(
        f"""SELECT e.id AS employee_id, e.full_name, e.department, e.employee_number, e.email
            FROM employees e
            WHERE {IN_DEPARTMENTS}
              AND EXISTS (SELECT 1 FROM work_schedule_days d WHERE d.schedule_id = e.schedule_id
                                                              AND d.weekday = %(weekday)s)
              AND e.created_at < %(employed_end)s AND ({_ACTIVE_AT_START} OR {_ACTIVATED_DURING})
            ORDER BY e.full_name, e.id""",
        {"weekday": weekday, "departments": departments, "employed_start": employed[0],
         "employed_end": employed[1]})
    return cur.fetchall()


def shift_events(cur, windows: list[tuple[UUID, datetime, datetime, datetime]]) -> dict[UUID, dict]:
    """Per (person, their shift's start, [opens, closes): its window, schedules.ShiftWindow), in one statement for
    all of them: `employed` (computed once per window, then joined to its events), whether they were an active
    employee at the start (the is_active history, _ACTIVE_AT_START, and their record created at or before it:
    was_active_at's rule), and `events`, every event of theirs in the window in any state (counted, awaiting review,
    rejected), in the reports' order (EVENT_ORDER), each with occurred_at, event_type and `counted` (REPORTED_EVENT:
    what the reports count)."""
    if not windows:
        return {}
    # `employed` once per window (a MATERIALIZED CTE: not inlined into the join, where it would run per event).
    sql = f"""WITH w AS MATERIALIZED (
                  SELECT w.employee_id, w.opens_at, w.closes_at, w.n,
                         coalesce(e.created_at <= w.employed_start AND {_ACTIVE_AT_START}, false) AS employed
                    FROM unnest(%(people)s::uuid[], %(starts)s::timestamptz[], %(opens)s::timestamptz[],
                                %(closes)s::timestamptz[]) WITH ORDINALITY AS w(employee_id, employed_start,
                                                                               opens_at, closes_at, n)
                    LEFT JOIN employees e ON e.id = w.employee_id)
              SELECT w.employee_id, w.employed, a.occurred_at, a.event_type, a.counted
                FROM w
                LEFT JOIN LATERAL (SELECT a.id, a.occurred_at, a.event_type, {REPORTED_EVENT} AS counted
                                     FROM attendance_log a
                                    WHERE a.employee_id = w.employee_id AND a.occurred_at >= w.opens_at
                                      AND a.occurred_at < w.closes_at) a ON true
               ORDER BY w.n, {EVENT_ORDER}"""
    cur.execute(sql.replace("%(employed_start)s", "w.employed_start"),
                {"people": [str(person) for person, _, _, _ in windows],
                 "starts": [start for _, start, _, _ in windows], "opens": [opens for _, _, opens, _ in windows],
                 "closes": [closes for _, _, _, closes in windows]})
    shifts: dict[UUID, dict] = {}
    for row in cur.fetchall():
        shift = shifts.setdefault(row["employee_id"], {"employed": bool(row["employed"]), "events": []})
        if row["occurred_at"] is not None:
            shift["events"].append({"occurred_at": row["occurred_at"], "event_type": row["event_type"],
                                    "counted": bool(row["counted"])})
    return shifts
