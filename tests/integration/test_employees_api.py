"""Employees API over real HTTP API v2 events, real PostgreSQL + pgvector."""

from __future__ import annotations

import uuid

from tests.conftest import ADMIN_CLAIMS, employee_record


def new_employee(api, **overrides):
    body = {"full_name": "Ada Lovelace", "email": f"ada.{uuid.uuid4().hex[:8]}@example.com", "department": "R&D"}
    body.update(overrides)
    response = api.post("/employees", json_body=body)
    assert response.status == 201, response.text
    return response.json()


def test_create_and_get(api):
    created = new_employee(api)
    assert created["is_active"] is True
    fetched = api.get(f"/employees/{created['id']}")
    assert fetched.status == 200
    # A read also carries the person's zones over time (none set: the report zone from the start).
    assert fetched.json() == {**created, "time_zones": [{"valid_from": None, "zone": None}]}


def test_create_returns_location_header(api):
    created = new_employee(api)
    response = api.get(f"/employees/{created['id']}")
    assert response.json()["email"] == created["email"]


def test_cyrillic_name_round_trips(api):
    created = new_employee(api, full_name="Анна Петрова-Сидорова", department="Склад")
    fetched = api.get(f"/employees/{created['id']}").json()
    assert fetched["full_name"] == "Анна Петрова-Сидорова"
    assert fetched["department"] == "Склад"


def test_duplicate_email_is_409_whatever_the_case(api):
    created = new_employee(api)
    response = api.post("/employees", json_body={"full_name": "Twin", "email": created["email"].upper()})
    assert response.status == 409
    assert response.error_code == "email_taken"


def test_invalid_body_is_422_with_error_code(api):
    response = api.post("/employees", json_body={"full_name": "", "email": "not-an-email"})
    assert response.status == 422
    body = response.json()
    assert body["error"]["code"] == "validation_error"
    fields = {tuple(problem["location"])[-1] for problem in body["error"]["details"]["errors"]}
    assert {"full_name", "email"} <= fields


def test_unknown_field_is_rejected(api):
    response = api.post("/employees", json_body={"full_name": "X", "email": "x@example.com", "salary": 1})
    assert response.status == 422


def test_malformed_json_is_400(api):
    response = api.post("/employees", body="{not json", headers={"content-type": "application/json"})
    assert response.status == 400
    assert response.error_code == "malformed_json"


def test_control_characters_in_name_are_rejected(api):
    response = api.post("/employees", json_body={"full_name": "Bob\x00Tables", "email": "bob@example.com"})
    assert response.status == 422


def test_unknown_employee_is_404(api):
    response = api.get(f"/employees/{uuid.uuid4()}")
    assert response.status == 404
    assert response.error_code == "employee_not_found"


def test_bad_uuid_is_422(api):
    response = api.get("/employees/not-a-uuid")
    assert response.status == 422
    assert response.error_code == "validation_error"


def test_unknown_route_is_404(api):
    response = api.get("/no/such/route")
    assert response.status == 404
    assert response.error_code == "route_not_found"


def test_put_replaces_and_patch_changes_some(api):
    created = new_employee(api, department="Sales")
    replaced = api.put(f"/employees/{created['id']}",
                       json_body={"full_name": "Ada King", "email": created["email"], "department": "Ops"})
    assert replaced.status == 200
    assert replaced.json()["full_name"] == "Ada King"
    assert replaced.json()["department"] == "Ops"
    patched = api.patch(f"/employees/{created['id']}", json_body={"department": "Finance"})
    assert patched.status == 200
    assert patched.json()["full_name"] == "Ada King"
    assert patched.json()["department"] == "Finance"
    assert patched.json()["updated_at"] >= created["updated_at"]


def test_an_empty_department_is_422_in_post_put_and_patch_and_null_clears_it(api):
    """The QA report: PATCH {"department": ""} (or "  ") stored an empty department (200, audited Ops -> "", and the
    department filter offered an empty choice); POST and PUT refused it. One rule for all three now."""
    created = new_employee(api, department="Ops")
    full = {"full_name": created["full_name"], "email": created["email"]}
    audit = api.get(f"/employees/{created['id']}/audit").json()
    for empty in ("", "  "):
        answers = [api.post("/employees", json_body={**full, "email": f"e.{uuid.uuid4().hex[:8]}@example.com",
                                                      "department": empty}),
                   api.put(f"/employees/{created['id']}", json_body={**full, "department": empty}),
                   api.patch(f"/employees/{created['id']}", json_body={"department": empty})]
        assert [(answer.status, answer.error_code) for answer in answers] == [(422, "validation_error")] * 3, empty
    assert api.get(f"/employees/{created['id']}").json()["department"] == "Ops"
    assert "" not in api.get("/employees/departments").json()["items"]
    assert api.get(f"/employees/{created['id']}/audit").json() == audit  # nothing written
    # No department is null: PATCH null clears it.
    cleared = api.patch(f"/employees/{created['id']}", json_body={"department": None})
    assert (cleared.status, cleared.json()["department"]) == (200, None)


def test_patch_to_taken_email_is_409(api):
    first, second = new_employee(api), new_employee(api)
    response = api.patch(f"/employees/{second['id']}", json_body={"email": first["email"]})
    assert response.status == 409


def test_patch_unknown_employee_is_404(api):
    response = api.patch(f"/employees/{uuid.uuid4()}", json_body={"department": "X"})
    assert response.status == 404


def test_delete_is_a_soft_delete(api):
    created = new_employee(api)
    response = api.delete(f"/employees/{created['id']}")
    assert response.status == 200
    assert response.json()["is_active"] is False
    still_there = api.get(f"/employees/{created['id']}")
    assert still_there.status == 200
    assert still_there.json()["is_active"] is False
    reactivated = api.patch(f"/employees/{created['id']}", json_body={"is_active": True})
    assert reactivated.json()["is_active"] is True


def test_pagination_walks_every_employee_once(api):
    department = f"pager-{uuid.uuid4().hex[:6]}"
    ids = {new_employee(api, department=department)["id"] for _ in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        query = f"limit=3&department={department}" + (f"&cursor={cursor}" if cursor else "")
        page = api.get("/employees", query=query).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == ids


def test_filter_by_active(api):
    department = f"active-{uuid.uuid4().hex[:6]}"
    keep = new_employee(api, department=department)
    gone = new_employee(api, department=department)
    api.delete(f"/employees/{gone['id']}")
    active = api.get("/employees", query=f"department={department}&active=true").json()["items"]
    inactive = api.get("/employees", query=f"department={department}&active=false").json()["items"]
    assert [e["id"] for e in active] == [keep["id"]]
    assert [e["id"] for e in inactive] == [gone["id"]]


def test_bad_cursor_and_limit_are_4xx(api):
    assert api.get("/employees", query="cursor=garbage").error_code == "invalid_cursor"
    assert api.get("/employees", query="limit=0").status == 422
    assert api.get("/employees", query="limit=100000").status == 422


def test_faces_of_new_employee_is_empty_list(api):
    created = new_employee(api)
    response = api.get(f"/employees/{created['id']}/faces")
    assert response.status == 200
    assert response.json() == {"employee_id": created["id"], "items": [],
                               "enrollment": {"photos": 0, "recommended_min": 3, "complete": False,
                                              "consent_needed": True},  # no consent recorded yet
                               "identifiable": False}  # no face: nobody can check in as them


def test_health_checks_the_database(api):
    response = api.get("/health")
    assert response.status == 200
    assert response.json()["database"] == "ok"
    from facepass.config import Settings
    from facepass.db import list_migrations

    assert response.json()["schema_version"] == list_migrations(Settings().migrations_dir)[-1].version
    assert response.json()["status"] == "ok" and response.json()["pending_migrations"] == []


def test_search_by_part_of_the_name_or_email_in_any_case(api):
    from urllib.parse import quote

    marker = uuid.uuid4().hex[:8]
    anna = new_employee(api, full_name=f"Анна Петрова {marker}", email=f"anna.{marker}@example.com")
    percent = new_employee(api, full_name=f"Per%cent_{marker}", email=f"pc.{marker}@example.com")
    found = api.get("/employees", query=f"q={quote('анна петрова')}&limit=200").json()["items"]
    assert anna["id"] in [item["id"] for item in found]
    by_email = api.get("/employees", query=f"q=ANNA.{marker}").json()["items"]
    assert [item["id"] for item in by_email] == [anna["id"]]
    # LIKE wildcards in the search text are literal.
    literal = api.get("/employees", query=f"q={quote('%cent_' + marker)}").json()["items"]
    assert [item["id"] for item in literal] == [percent["id"]]
    underscore = api.get("/employees", query=f"q={quote('_' + marker)}").json()["items"]
    assert [item["id"] for item in underscore] == [percent["id"]]  # "_" is not "any one character"
    assert api.get("/employees", query="q=").status == 422


def ids(api, query: str) -> set[str]:
    answer = api.get("/employees", query=query + "&limit=200")
    assert answer.status == 200, answer.text
    return {item["id"] for item in answer.json()["items"]}


def test_the_department_filter_finds_part_of_it_in_any_case_and_yo_as_ye(api):
    from urllib.parse import quote

    marker = uuid.uuid4().hex[:8]
    lab = new_employee(api, department=f"Lab {marker}")["id"]
    niokr = new_employee(api, department=f"НИОКР {marker}")["id"]
    yolka = new_employee(api, full_name=f"Пётр Ёлкин {marker}", department=f"Отдел ёлок {marker}")["id"]
    percent = new_employee(api, department=f"50%_{marker}")["id"]
    assert ids(api, f"department={quote('lab ' + marker)}") == {lab}
    assert lab in ids(api, "department=La") and niokr not in ids(api, "department=La")
    assert ids(api, f"department={quote('ниокр ' + marker)}") == {niokr}
    assert ids(api, f"department={quote('отдел елок ' + marker)}") == {yolka}  # е finds ё, and ё е
    assert ids(api, f"q={quote('петр елкин ' + marker)}") == {yolka}
    assert ids(api, f"q={quote('ПЁТР ЁЛКИН ' + marker)}") == {yolka}
    assert ids(api, f"department={quote('0%_' + marker)}") == {percent}  # LIKE's wildcards are literal
    assert ids(api, f"department={quote('0__' + marker)}") == set()
    departments = api.get("/employees/departments")
    assert departments.status == 200, departments.text
    mine = [name for name in departments.json()["items"] if marker in name]
    assert mine == [f"50%_{marker}", f"Lab {marker}", f"НИОКР {marker}", f"Отдел ёлок {marker}"]


def test_a_save_from_an_older_read_is_409_employee_stale_and_writes_nothing(api):
    # Admins A and B open the same person; A changes the department; B, who read it before, changes the name.
    read = new_employee(api, department="Sales")
    by_a = api.patch(f"/employees/{read['id']}", json_body={"department": "Ops",
                                                            "expected_updated_at": read["updated_at"]},
                     claims=ADMIN_CLAIMS)  # user name "hr"
    assert by_a.status == 200 and by_a.json()["updated_at"] != read["updated_at"], by_a.text
    for method, body in (("patch", {"full_name": "Ada B"}),
                         ("put", {"full_name": "Ada B", "email": read["email"], "department": "Sales"}),
                         ("patch", {})):
        by_b = getattr(api, method)(f"/employees/{read['id']}",
                                    json_body={**body, "expected_updated_at": read["updated_at"]})
        assert (by_b.status, by_b.error_code) == (409, "employee_stale"), (method, by_b.text)
        # ... and says who changed the person meanwhile, and when (the console tells B).
        assert by_b.json()["error"]["details"] == {"updated_at": by_a.json()["updated_at"], "changed_by": "hr",
                                                   "changed_at": by_a.json()["updated_at"]}
    assert employee_record(api.get(f"/employees/{read['id']}").json()) == by_a.json()  # A's stands, B's not
    # B reloads and saves again from what A left; a client that sends no expected_updated_at is served as before.
    again = api.patch(f"/employees/{read['id']}", json_body={"full_name": "Ada B",
                                                             "expected_updated_at": by_a.json()["updated_at"]})
    assert again.status == 200 and again.json()["department"] == "Ops" and again.json()["full_name"] == "Ada B"
    same = api.put(f"/employees/{read['id']}", json_body={"full_name": "Ada C", "email": read["email"],
                                                          "department": "Ops",
                                                          "expected_updated_at": again.json()["updated_at"]})
    assert same.status == 200 and same.json()["full_name"] == "Ada C", same.text
    assert api.patch(f"/employees/{read['id']}", json_body={"department": "Old"}).status == 200
    for wrong in (0, 1700000000, "yesterday", "2026-01-01T00:00:00"):  # a number, not a time, no offset
        response = api.patch(f"/employees/{read['id']}", json_body={"department": "X", "expected_updated_at": wrong})
        assert (response.status, response.error_code) == (422, "validation_error"), wrong
    gone = api.patch(f"/employees/{uuid.uuid4()}", json_body={"department": "X",
                                                              "expected_updated_at": read["updated_at"]})
    assert (gone.status, gone.error_code) == (404, "employee_not_found")


def test_updated_at_moves_on_every_write_also_two_in_one_transaction(services):
    # now() is the transaction's start: two writes in one transaction kept one updated_at, and a save that read the
    # first would have overwritten the second unseen.
    from facepass import repository

    with services.db.transaction() as cur:
        person = repository.insert_employee(cur, full_name="Twice", email=f"{uuid.uuid4().hex}@x.io",
                                            department=None, actor="test")
        first = repository.update_employee(cur, person["id"], {"department": "A"}, actor="test")
        second = repository.update_employee(cur, person["id"], {"department": "B"}, actor="test")
        repository.deactivate(cur, person["id"], actor="test")
        third = repository.get_employee(cur, person["id"])
    assert person["updated_at"] < first["updated_at"] < second["updated_at"] < third["updated_at"]


def audit_of(api, employee_id: str) -> list[tuple]:
    items = api.get(f"/employees/{employee_id}/audit").json()["items"]
    return [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in items]


def test_every_change_of_a_person_is_audited_once_by_who_made_it(api):
    hr = {**ADMIN_CLAIMS, "username": "hr-anna"}
    created = api.post("/employees", json_body={"full_name": "Ada Lovelace", "email": "ada.audit@example.com",
                                                 "department": "R&D"}, claims=hr).json()
    person = created["id"]
    # Created: every value given, from null (no department or zone given: no row for them).
    assert audit_of(api, person) == [("full_name", "hr-anna", None, "Ada Lovelace"),
                                     ("email", "hr-anna", None, "ada.audit@example.com"),
                                     ("department", "hr-anna", None, "R&D")]
    start = len(audit_of(api, person))
    # Each field HR can change, one row each, by whoever made the change.
    api.patch(f"/employees/{person}", json_body={"full_name": "Ada King"})
    api.patch(f"/employees/{person}", json_body={"email": "ada.king@example.com", "department": None}, claims=hr)
    api.put(f"/employees/{person}", json_body={"full_name": "Ada King", "email": "ada.king@example.com",
                                               "department": "Maths", "timezone": "Europe/London"})
    assert api.delete(f"/employees/{person}", claims=hr).status == 200  # deactivation
    api.patch(f"/employees/{person}", json_body={"is_active": True})  # reactivation
    # Saves that change nothing write nothing: the same values again, a PUT of the record as it is, a second DELETE.
    api.patch(f"/employees/{person}", json_body={"full_name": "Ada King", "timezone": "Europe/London"})
    api.put(f"/employees/{person}", json_body={"full_name": "Ada King", "email": "ada.king@example.com",
                                               "department": "Maths", "timezone": "Europe/London"})
    api.patch(f"/employees/{person}", json_body={"is_active": False}, claims=hr)
    api.delete(f"/employees/{person}")
    assert audit_of(api, person)[start:] == [
        ("full_name", "test-admin", "Ada Lovelace", "Ada King"),
        ("email", "hr-anna", "ada.audit@example.com", "ada.king@example.com"),
        ("department", "hr-anna", "R&D", None),
        ("department", "test-admin", None, "Maths"),
        ("timezone", "test-admin", None, "Europe/London"),
        ("is_active", "hr-anna", "true", "false"),
        ("is_active", "test-admin", "false", "true"),
        ("is_active", "hr-anna", "true", "false")]
    # A token without a subject changes nothing: nobody could be named.
    anonymous = {"scope": "facepass/admin"}
    for response in (api.patch(f"/employees/{person}", json_body={"full_name": "Nobody"}, claims=anonymous),
                     api.put(f"/employees/{person}", json_body={"full_name": "Nobody", "email": "n@example.com"},
                             claims=anonymous),
                     api.post("/employees", json_body={"full_name": "Nobody", "email": "nobody@example.com"},
                              claims=anonymous),
                     api.delete(f"/employees/{person}", query="erase=true", claims=anonymous)):
        assert (response.status, response.error_code) == (403, "actor_unknown"), response.text
    assert api.get(f"/employees/{person}").json()["full_name"] == "Ada King"
    assert api.get("/employees", query="q=nobody@example.com").json()["items"] == []
    assert len(audit_of(api, person)) == start + 8


def test_an_erasure_audits_its_deactivation_and_keeps_the_names_in_the_trail(api):
    person = new_employee(api, full_name="Erin Erased")["id"]
    api.patch(f"/employees/{person}", json_body={"full_name": "Erin E."})
    erased = api.delete(f"/employees/{person}", query="erase=true", claims=ADMIN_CLAIMS)
    assert erased.status == 200, erased.text
    trail = audit_of(api, person)
    # Names are not biometric: the row keeps the name for payroll, and so does its trail (README, Privacy).
    assert trail[0][:3] == ("full_name", "test-admin", None) and ("full_name", "test-admin", "Erin Erased",
                                                                    "Erin E.") in trail
    # The deactivation, then the erasure as its own entry (History: who erased the person's biometric data).
    assert trail[-2:] == [("is_active", "hr", "true", "false"), ("biometrics", "hr", None, "erased")]
    # Erased again (the same erasure rerun): nothing changed, nothing audited.
    assert api.delete(f"/employees/{person}", query="erase=true").status == 200
    assert audit_of(api, person) == trail


def test_erasing_an_inactive_person_leaves_updated_at_so_no_save_is_refused_by_nobody(api):
    """Erasing someone already inactive changes none of their record's fields (the erasure's own marks aside), and
    audits only the erasure itself: updated_at stays too, so a save from a read before the erasure is not refused as
    changed by nobody (employee_stale with changed_by null: a bump no audit row explains)."""
    read = new_employee(api, department="Sales")
    left = api.patch(f"/employees/{read['id']}", json_body={"is_active": False}, claims=ADMIN_CLAIMS)
    assert left.status == 200 and left.json()["is_active"] is False, left.text
    trail = audit_of(api, read["id"])
    assert api.delete(f"/employees/{read['id']}", query="erase=true", claims=ADMIN_CLAIMS).status == 200
    assert audit_of(api, read["id"]) == [*trail, ("biometrics", "hr", None, "erased")]  # the erasure, no field
    assert api.get(f"/employees/{read['id']}").json()["updated_at"] == left.json()["updated_at"]
    save = api.patch(f"/employees/{read['id']}", json_body={"department": "Ops",
                                                            "expected_updated_at": left.json()["updated_at"]})
    assert (save.status, save.json()["department"]) == (200, "Ops"), save.text
    stale = api.patch(f"/employees/{read['id']}", json_body={"department": "X",
                                                             "expected_updated_at": left.json()["updated_at"]})
    assert (stale.status, stale.error_code) == (409, "employee_stale")
    assert stale.json()["error"]["details"]["changed_by"] == "test-admin"  # the save's author, audited


def test_query_booleans_are_true_or_false_only_and_a_loose_erase_erases_nothing(api):
    """The QA report: DELETE /employees/{id}?erase=yes (or TRUE) erased, for good; the same loose reading for
    ?all_faces=yes and the other boolean query parameters. Only `true`/`false` now, else 422 validation_error."""
    created = new_employee(api)
    for loose in ("yes", "TRUE", "True", "1", "on", "y", ""):
        refused = api.delete(f"/employees/{created['id']}", query=f"erase={loose}")
        assert (refused.status, refused.error_code) == (422, "validation_error"), (loose, refused.text)
        for method, path, query in (("GET", "/employees", "active"), ("GET", "/attendance", "counted"),
                                    ("POST", "/identify", "all_faces"), ("POST", "/identify", "liveness")):
            answer = api.request(method, path, query=f"{query}={loose}",
                                 **({"body": b"not read", "headers": {"content-type": "image/jpeg"}}
                                    if method == "POST" else {}))
            assert (answer.status, answer.error_code) == (422, "validation_error"), (path, query, loose, answer.text)
    fetched = api.get(f"/employees/{created['id']}").json()
    assert fetched["is_active"] is True and fetched["updated_at"] == created["updated_at"]
    # true and false as before.
    assert created["id"] not in [item["id"] for item in api.get("/employees", query="active=false").json()["items"]]
    assert created["id"] in [item["id"] for item in api.get("/employees", query="active=true").json()["items"]]
    assert api.get("/attendance", query="counted=false").status == 200
    kept = api.delete(f"/employees/{created['id']}", query="erase=false")
    assert (kept.status, kept.json()["is_active"]) == (200, False)
    erased = api.delete(f"/employees/{created['id']}", query="erase=true")
    assert erased.status == 200, erased.text
