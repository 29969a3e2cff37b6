"""Console users' last sign-ins (README Roles, Reviewers scoped to departments; Privacy): GET /me records the caller's
user name (lower-cased), console roles and time, at most once an hour (at once when the roles change); the admin's
listing of scoped users says who never signed in (a typo'd name: the real supervisor is unscoped) and which reviewers
have no departments (they see everyone); a PUT for a name never seen is saved with a warning; the daily cleanup
forgets a user unseen for 400 days. Real PostgreSQL through the API handler and the cleanup as its function runs it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import console_users
from tests.conftest import fresh_database
from tests.function_roles import run_cleanup

HR = {"sub": "hr-1", "username": "hr@example.com", "scope": "openid email facepass/admin"}
LEAD = {"sub": "sup-1", "username": "Lead@Example.com", "scope": "openid email facepass/reviewer"}
ROVER = {"sub": "sup-2", "username": "rover@example.com", "scope": "openid email facepass/reviewer"}
CLERK = {"sub": "pay-1", "username": "clerk@example.com", "scope": "openid email facepass/payroll"}
BOTH = {"sub": "sup-3", "username": "both@example.com", "scope": "openid email facepass/reviewer facepass/payroll"}
STAFF = {"sub": "emp-1", "username": "walt@example.com", "scope": "openid email facepass/employee"}


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "signin_" + uuid.uuid4().hex[:10])


def sign_ins(services) -> dict[str, dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT username, roles, last_seen_at, xmin::text AS xmin, xmax::text AS xmax "
                    "FROM console_sign_ins ORDER BY username")
        return {row["username"]: row for row in cur.fetchall()}


def seen_ago(services, username: str, ago: timedelta) -> None:
    with services.db.transaction() as cur:
        cur.execute("UPDATE console_sign_ins SET last_seen_at = now() - %s WHERE username = %s", (ago, username))
        assert cur.rowcount == 1


def me(api, claims) -> dict:
    answer = api.get("/me", claims=claims)
    assert answer.status == 200, answer.text
    return answer.json()


def test_get_me_records_a_sign_in_at_most_once_an_hour(api, services):
    assert sign_ins(services) == {}
    me(api, LEAD)
    first = sign_ins(services)["lead@example.com"]  # lower-cased, as a scope keys it
    assert first["roles"] == ["reviewer"]
    assert abs(first["last_seen_at"] - datetime.now(UTC)) < timedelta(minutes=5)
    # Again within the hour: nothing written, not even a row lock.
    me(api, LEAD)
    me(api, {**LEAD, "username": "LEAD@example.com"})
    again = sign_ins(services)["lead@example.com"]
    assert again == first and again["xmax"] == "0"
    # Roles changed: recorded at once.
    me(api, {**LEAD, "scope": "openid facepass/reviewer facepass/payroll"})
    changed = sign_ins(services)["lead@example.com"]
    assert changed["roles"] == ["reviewer", "payroll"] and changed["xmin"] != first["xmin"]
    # Over an hour later: recorded again, with the time now.
    seen_ago(services, "lead@example.com", timedelta(minutes=61))
    me(api, {**LEAD, "scope": "openid facepass/reviewer facepass/payroll"})
    later = sign_ins(services)["lead@example.com"]
    assert later["last_seen_at"] > datetime.now(UTC) - timedelta(minutes=5)
    # Every console role is recorded; a name no scope could key (over 128 characters,
    # control characters) is not, and /me answers as ever.
    me(api, STAFF)
    me(api, {"sub": "x", "username": "x" * 129, "scope": "facepass/reviewer"})
    me(api, {"sub": "y", "username": "bad\x07name", "scope": "facepass/reviewer"})
    recorded = sign_ins(services)
    assert sorted(recorded) == ["lead@example.com", "walt@example.com"]
    assert recorded["walt@example.com"]["roles"] == ["employee"]


def test_the_listing_says_who_never_signed_in_and_which_reviewers_see_everyone(api, services):
    created = api.post("/employees", json_body={"full_name": "Walt", "email": "walt@example.com",
                                                "department": "Warehouse"}, claims=HR)
    assert created.status == 201, created.text
    for claims in (HR, LEAD, ROVER, CLERK, BOTH, STAFF):
        me(api, claims)

    lead = api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]}, claims=HR)
    assert lead.status == 200, lead.text
    assert lead.json()["warning"] is None and lead.json()["roles"] == ["reviewer"]
    assert lead.json()["last_seen_at"] is not None
    # A typo ("lead@exmaple.com"): saved (a user may be set up before their first sign-in), with a warning.
    typo = api.put("/reviewer-departments/Lead@Exmaple.com", json_body={"departments": ["Warehouse"]}, claims=HR)
    assert typo.status == 200, typo.text
    assert typo.json()["departments"] == ["Warehouse"] and typo.json()["last_seen_at"] is None
    assert typo.json()["warning"]["code"] == "never_signed_in"
    assert "lead@exmaple.com" in typo.json()["warning"]["message"]

    listed = api.get("/reviewer-departments", claims=HR)
    assert listed.status == 200, listed.text
    items = {item["username"]: item for item in listed.json()["items"]}
    assert sorted(items) == ["lead@example.com", "lead@exmaple.com"]
    assert items["lead@exmaple.com"]["last_seen_at"] is None and items["lead@exmaple.com"]["roles"] is None
    assert items["lead@example.com"]["last_seen_at"] is not None
    assert items["lead@example.com"]["roles"] == ["reviewer"]
    assert "warning" not in items["lead@example.com"] or items["lead@example.com"]["warning"] is None
    # The reviewer without departments sees everyone; admins, payroll (reviewer too), employees and the scoped
    # lead are not listed.
    [unscoped] = listed.json()["unscoped_reviewers"]
    assert (unscoped["username"], unscoped["roles"]) == ("rover@example.com", ["reviewer"])
    assert unscoped["last_seen_at"] is not None

    # Scoped now: no longer listed. Removing a never-seen name's departments warns of nothing.
    rover = api.put("/reviewer-departments/rover@example.com", json_body={"departments": ["Warehouse"]}, claims=HR)
    assert rover.status == 200 and rover.json()["warning"] is None, rover.text
    assert api.get("/reviewer-departments", claims=HR).json()["unscoped_reviewers"] == []
    removed = api.put("/reviewer-departments/lead@exmaple.com", json_body={"departments": []}, claims=HR)
    assert removed.status == 200 and removed.json()["warning"] is None, removed.text
    # Only admins read the listing.
    assert api.get("/reviewer-departments", claims=LEAD).status == 403


def test_the_cleanup_forgets_users_unseen_for_400_days(api, services):
    assert console_users.SIGN_IN_RETENTION_DAYS == 400
    for claims in (LEAD, ROVER, CLERK):
        me(api, claims)
    seen_ago(services, "lead@example.com", timedelta(days=401))
    seen_ago(services, "rover@example.com", timedelta(days=399))

    dry = run_cleanup(services.db, services.s3, services.settings, dry_run=True)
    assert dry.console_users_forgotten == 1
    assert sorted(sign_ins(services)) == ["clerk@example.com", "lead@example.com", "rover@example.com"]

    report = run_cleanup(services.db, services.s3, services.settings)
    assert report.console_users_forgotten == 1
    assert sorted(sign_ins(services)) == ["clerk@example.com", "rover@example.com"]
    assert run_cleanup(services.db, services.s3, services.settings).console_users_forgotten == 0
    # Forgotten: the listing says the lead never signed in (until they next do).
    api.post("/employees", json_body={"full_name": "Walt", "email": "walt@example.com", "department": "Warehouse"},
             claims=HR)
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).json()["warning"]["code"] == "never_signed_in"
    me(api, LEAD)
    [item] = api.get("/reviewer-departments", claims=HR).json()["items"]
    assert item["last_seen_at"] is not None


def test_a_user_name_with_a_nul_or_control_character_names_nobody(api, services):
    """No Cognito token carries one, but a token is input: a NUL (PostgreSQL's text refuses it) in the user name or
    the email claim names nobody, so GET /me answers (no own record, no scope, nothing recorded) instead of a 500."""
    for bad in ("lead\x00@example.com", "lead\x1b@example.com"):
        answer = api.get("/me", claims={**LEAD, "username": bad, "email": bad})
        assert answer.status == 200, answer.text
        assert answer.json()["employee_id"] is None and answer.json()["departments"] is None
    assert sign_ins(services) == {}


def test_get_me_answers_when_the_sign_in_cannot_be_written(api, services):
    """A database refusing writes (a failover leaving the writer endpoint on a reader, a read-only maintenance window)
    must not lock everyone out of the console: GET /me is a read; its sign-in is best effort."""
    with services.db.transaction() as cur:
        cur.execute("SET default_transaction_read_only = on")  # the session's: the API's connection from now on
    try:
        assert me(api, ROVER)["departments"] is None
    finally:
        with services.db.transaction() as cur:
            cur.execute("SET default_transaction_read_only = off")
    assert "rover@example.com" not in sign_ins(services)


def test_get_me_answers_when_the_sign_in_waits_on_a_lock_past_its_timeout(api, services, database_url):
    """The sign-in's row held by another session (a second tab's write stuck, a vacuum): the write gives up at the
    lock timeout, which the database layer turns into 503 database_unavailable; /me still answers, as for any
    refused write."""
    import psycopg

    me(api, ROVER)
    seen_ago(services, "rover@example.com", timedelta(hours=2))  # due for a new write
    with psycopg.connect(database_url) as holder, holder.cursor() as cur:
        cur.execute("SELECT 1 FROM console_sign_ins WHERE username = 'rover@example.com' FOR UPDATE")
        with services.db.transaction() as api_cur:
            api_cur.execute("SET lock_timeout = '200ms'")  # the session's: the API's connection
        try:
            assert me(api, ROVER)["departments"] is None
        finally:
            holder.rollback()
            with services.db.transaction() as api_cur:
                api_cur.execute("SET lock_timeout = 0")


def test_a_user_name_longer_once_lower_cased_is_refused_not_a_500(api):
    """'İ' lower-cased is two characters: a name within the limit as typed may not be as stored (the table's CHECK)."""
    from urllib.parse import quote

    answer = api.put(f"/reviewer-departments/{quote('İ' * 100)}", json_body={"departments": ["Warehouse"]},
                     claims=HR)
    assert (answer.status, answer.error_code) == (422, "invalid_username"), answer.text
