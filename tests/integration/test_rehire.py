"""A rehire (a deactivated person enrolled again as somebody new), reactivating a person whose face another active
person has, and the same photo uploaded twice: real database, real models, the real S3 pipeline."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import fixture_bytes
from tests.integration import test_enrollment
from tests.integration.test_enrollment import _identified

# test_enrollment's fixtures: a fresh database per test, the bucket's notifications handed to the embedding handler.
database_url, sqs, pipeline = test_enrollment.database_url, test_enrollment.sqs, test_enrollment.pipeline

LEONARD = [f"identities/bbt_leonard/leonard{number}.png" for number in range(1, 6)]
OBAMA, OBAMA_OTHER = "identities/fr_obama/train_obama.jpg", "identities/fr_obama/obama3.jpg"


def _enroll_bytes(pipeline, employee: str, data: bytes, content_type: str = "image/jpeg") -> dict:
    ticket = pipeline.ticket(employee, content_type)
    assert pipeline.upload(ticket, data).status_code == 204
    pipeline.deliver()
    return pipeline.status(employee, ticket["ticket_id"])


def _enroll(pipeline, employee: str, photo: str) -> dict:
    return _enroll_bytes(pipeline, employee, fixture_bytes(photo), "image/png" if photo.endswith(".png") else
                         "image/jpeg")


def _audit(pipeline, employee: str) -> list[tuple[str, str | None, str | None]]:
    return [(row["field"], row["before"], row["after"])
            for row in pipeline.api.get(f"/employees/{employee}/audit").json()["items"]]


def _leonard_deactivated(pipeline) -> str:
    leonard = pipeline.employee("Leonard")
    for photo in LEONARD[:2]:
        assert _enroll(pipeline, leonard, photo)["status"] == "completed"
    assert pipeline.api.delete(f"/employees/{leonard}").status == 200  # deactivated: faces kept for the grace period
    return leonard


def test_a_rehire_enrolled_as_somebody_new_is_held_as_a_duplicate_of_the_inactive_record(pipeline):
    leonard = _leonard_deactivated(pipeline)
    newcomer = pipeline.employee("Leo New")

    held = _enroll(pipeline, newcomer, LEONARD[2])

    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "suspected_duplicate"), held
    assert held["duplicate_of_employee_id"] == leonard
    assert held["reason_detail"]["full_name"] == "Leonard"
    assert held["reason_detail"]["duplicate_of_inactive"] is True
    assert held["duplicate_similarity"] >= held["reason_detail"]["threshold"]
    assert pipeline.faces(newcomer) == []  # not enrolled until HR decides
    # Identify still searches the active only: the deactivated record's faces match nobody.
    assert _identified(pipeline, LEONARD[3]) is None
    # A photo of somebody else is not held for Leonard.
    other = pipeline.employee("Barack")
    assert pipeline.enroll(other, OBAMA)["status"] == "completed"


def test_a_deactivation_leaves_a_held_duplicate_of_the_person_held_and_naming_them(pipeline):
    """README's duplicate_erased is for an erasure: a deactivated person keeps their faces, so a photo held as their
    duplicate stays held, naming them (HR decides: a rehire reactivates the old record)."""
    leonard = pipeline.employee("Leonard")
    assert _enroll(pipeline, leonard, LEONARD[0])["status"] == "completed"
    newcomer = pipeline.employee("Leo New")
    held = _enroll(pipeline, newcomer, LEONARD[1])
    assert held["duplicate_of_employee_id"] == leonard

    assert pipeline.api.delete(f"/employees/{leonard}").status == 200

    after = pipeline.status(newcomer, held["ticket_id"])
    assert (after["status"], after["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    assert after["duplicate_of_employee_id"] == leonard and after["reason_detail"]["full_name"] == "Leonard"


def test_reactivating_a_person_whose_face_another_active_person_has_is_refused_unless_forced(pipeline):
    leonard = _leonard_deactivated(pipeline)
    newcomer = pipeline.employee("Leo New")
    held = _enroll(pipeline, newcomer, LEONARD[2])
    # HR enrolls it anyway (as the QA pass did with no warning): Leonard's face is now on an active record.
    assert pipeline.api.post(f"/employees/{newcomer}/enrollments/{held['ticket_id']}/confirm").status == 200
    audit_before = _audit(pipeline, leonard)

    for method, body in (("patch", {"is_active": True}),
                         ("put", {"full_name": "Leonard", "email": "leonard@example.com", "is_active": True})):
        refused = getattr(pipeline.api, method)(f"/employees/{leonard}", json_body=body)
        assert (refused.status, refused.error_code) == (409, "duplicate_person"), refused.text
        people = refused.json()["error"]["details"]["people"]
        assert [(person["employee_id"], person["full_name"]) for person in people] == [(newcomer, "Leo New")]
        assert "Leo New" in refused.json()["error"]["message"]
    # Nothing changed: still inactive, nothing audited, still matched to nobody but the newcomer.
    assert pipeline.api.get(f"/employees/{leonard}").json()["is_active"] is False
    assert _audit(pipeline, leonard) == audit_before
    assert _identified(pipeline, LEONARD[3]) == newcomer

    forced = pipeline.api.patch(f"/employees/{leonard}", json_body={"is_active": True}, query="force=true")

    assert forced.status == 200 and forced.json()["is_active"] is True, forced.text
    assert _audit(pipeline, leonard)[len(audit_before):] == [("is_active", "false", "true"),
                                                             ("reactivation_forced", None, "1")]
    assert newcomer not in str(_audit(pipeline, leonard))  # how many, never who: an erasure of them leaves nothing


def test_reactivating_a_person_nobody_else_looks_like_needs_no_force(pipeline):
    leonard = _leonard_deactivated(pipeline)
    barack = pipeline.employee("Barack")
    assert pipeline.enroll(barack, OBAMA)["status"] == "completed"

    back = pipeline.api.patch(f"/employees/{leonard}", json_body={"is_active": True})

    assert back.status == 200 and back.json()["is_active"] is True, back.text
    assert [row[0] for row in _audit(pipeline, leonard)].count("reactivation_forced") == 0
    assert _identified(pipeline, LEONARD[3]) == leonard


def _resized_jpeg(photo: str, scale: float = 0.8, quality: int = 80) -> bytes:
    image = Image.open(io.BytesIO(fixture_bytes(photo))).convert("RGB")
    image = image.resize((int(image.width * scale), int(image.height * scale)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_the_same_photo_again_is_rejected_and_not_counted(pipeline):
    barack = pipeline.employee("Barack")
    assert pipeline.enroll(barack, OBAMA)["status"] == "completed"

    again = [pipeline.enroll(barack, OBAMA), pipeline.enroll(barack, OBAMA),  # byte-identical copies
             _enroll_bytes(pipeline, barack, _resized_jpeg(OBAMA))]  # re-encoded and resized

    for ticket in again:
        assert (ticket["status"], ticket["reason_code"]) == ("rejected", "same_photo_again"), ticket
        assert ticket["reason_detail"]["similarity"] >= ticket["reason_detail"]["threshold"] == 0.95
    completeness = pipeline.api.get(f"/employees/{barack}/faces").json()["enrollment"]
    assert completeness == {"photos": 1, "recommended_min": 3, "complete": False, "consent_needed": False}
    assert pipeline.keys() == []  # each copy's upload deleted, as any rejected photo's


def test_genuinely_different_photos_of_one_person_still_enroll(pipeline):
    barack = pipeline.employee("Barack")
    leonard = pipeline.employee("Leonard")
    assert [_enroll(pipeline, barack, photo)["status"] for photo in (OBAMA, OBAMA_OTHER)] == ["completed"] * 2
    outcomes = [_enroll(pipeline, leonard, photo) for photo in LEONARD]
    assert [(o["status"], o["reason_code"]) for o in outcomes] == [("completed", None)] * 5
    assert pipeline.api.get(f"/employees/{leonard}/faces").json()["enrollment"]["complete"] is True


def test_a_hold_naming_an_inactive_person_is_confirmed_at_once_when_nothing_changed(pipeline):
    """The confirmation checks the hold again as an upload would: the deactivated look-alike is found again, so the
    verdict HR saw stands and the face is enrolled, not refused as changed ("looks like nobody")."""
    leonard = _leonard_deactivated(pipeline)
    newcomer = pipeline.employee("Leo Look-alike")
    held = _enroll(pipeline, newcomer, LEONARD[2])
    assert held["reason_detail"]["duplicate_of_inactive"] is True
    confirmed = pipeline.api.post(f"/employees/{newcomer}/enrollments/{held['ticket_id']}/confirm")
    assert confirmed.status == 200, confirmed.text
    assert pipeline.status(newcomer, held["ticket_id"])["status"] == "completed"
    assert len(pipeline.faces(newcomer)) == 1 and leonard != newcomer


def test_one_photo_held_twice_is_enrolled_once(pipeline):
    """Two uploads of one photo, both held (as a duplicate of Leonard): the first confirmed, the second is a copy of a
    face of theirs now, refused at its confirmation (409 hold_changed, rejected same_photo_again), never a 2nd face."""
    leonard = pipeline.employee("Leonard")
    assert _enroll(pipeline, leonard, LEONARD[0])["status"] == "completed"
    newcomer = pipeline.employee("Leo Twice")
    held = [_enroll(pipeline, newcomer, LEONARD[1]) for _ in range(2)]
    assert [ticket["reason_code"] for ticket in held] == ["suspected_duplicate"] * 2
    first = pipeline.api.post(f"/employees/{newcomer}/enrollments/{held[0]['ticket_id']}/confirm")
    assert first.status == 200, first.text
    second = pipeline.api.post(f"/employees/{newcomer}/enrollments/{held[1]['ticket_id']}/confirm",
                               json_body={"seen": pipeline.status(newcomer, held[1]["ticket_id"])["verdict"]})
    assert (second.status, second.error_code) == (409, "hold_changed"), second.text
    assert second.json()["error"]["details"]["enrollment"]["photo_url"] is None  # not held any more
    settled = pipeline.status(newcomer, held[1]["ticket_id"])
    assert (settled["status"], settled["reason_code"]) == ("rejected", "same_photo_again")
    assert len(pipeline.faces(newcomer)) == 1
    assert pipeline.keys("held/") == []  # both holds ended (enrolled; the re-check rejected it): no crop is kept


def test_the_look_alike_named_among_inactive_people_is_the_nearest_not_the_last_by_name(pipeline, services):
    """Two deactivated people near an upload: the hold names the nearer one (the search ordered by similarity)."""
    from facepass import repository
    from facepass.face_removal import GalleryRules

    rules = GalleryRules.of(services.settings)
    leonard = pipeline.employee("Aaron Leonard")
    assert _enroll(pipeline, leonard, LEONARD[0])["status"] == "completed"
    barack = pipeline.employee("Zed Barack")
    assert _enroll(pipeline, barack, OBAMA)["status"] == "completed"
    for person in (leonard, barack):
        assert pipeline.api.delete(f"/employees/{person}").status == 200
    with services.db.reading() as cur:
        probe = repository.face_vectors(cur, employee_id=leonard, model_id=rules.model_id)[0]
        near = repository.inactive_people_near(cur, model_id=rules.model_id, dimension=rules.pack.dimension,
                                               embedding=probe, min_similarity=-1.0)
    assert [str(row["employee_id"]) for row in near] == [leonard, barack]
    assert near[0]["similarity"] > near[1]["similarity"]
