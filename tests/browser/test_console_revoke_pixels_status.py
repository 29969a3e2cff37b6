"""The HR console as a QA pass found it: revoking a paired kiosk asks first and says it is for good; a 48 MP phone
photo is refused in the browser, before any upload, with the pixel limit the API publishes and what to do; a person's
status badge speaks of one person ("Активен", not the filter's "Активные")."""

from __future__ import annotations

import io
import uuid

from tests.browser.conftest import new_page
from tests.browser.test_console import sign_in
from tests.browser.test_console_records import answer_dialogs


def test_revoking_a_paired_kiosk_asks_first_and_says_it_is_for_good(stack, admin, launch, tmp_path):
    from facepass.client import FacePassClient

    name = f"Paired tablet {uuid.uuid4().hex[:4]}"
    code = admin.create_device(name)["pairing_code"]
    FacePassClient(stack.api_url).pair(code)
    page = new_page(launch())
    asked = answer_dialogs(page, [False, False, True])
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/devices")
    row = page.locator(f"tr[data-device='{name}']")
    row.get_by_test_id("device-state").filter(has_text="paired").wait_for()

    row.get_by_role("button", name="Revoke").click()  # Cancel: still paired
    page.wait_for_load_state("networkidle")
    assert asked[0] == (f"Revoke {name} for good? It stops checking anybody in at once, and this cannot be undone: to "
                        "use the tablet again, add it as a new kiosk."), asked
    assert [device["status"] for device in admin.request("GET", "/devices").body["items"]
            if device["name"] == name] == ["paired"]
    row.get_by_test_id("device-state").filter(has_text="paired").wait_for()

    page.get_by_test_id("language").select_option("ru")
    row.get_by_role("button", name="Отозвать").click()  # Cancel again
    page.wait_for_load_state("networkidle")
    assert asked[1].startswith(f"Отозвать {name} навсегда?") and "нельзя отменить" in asked[1], asked
    row.get_by_test_id("device-state").filter(has_text="подключён").wait_for()
    row.get_by_role("button", name="Отозвать").click()  # OK: revoked
    row.get_by_test_id("device-state").filter(has_text="отозван").wait_for()
    (device,) = [device for device in admin.request("GET", "/devices").body["items"] if device["name"] == name]
    assert device["status"] == "revoked"


def phone_photo(width: int = 8000, height: int = 6000) -> bytes:
    """A 48 MP JPEG as a phone camera takes it (flat colour: small in bytes, under the byte limit)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 130, 140)).save(out, "JPEG", quality=80)
    return out.getvalue()


def test_a_48_megapixel_photo_is_refused_before_upload_with_the_limit(stack, admin, launch, tmp_path):
    person = admin.create_employee("Big Photo", f"big-{uuid.uuid4().hex[:6]}@example.com")
    ticket = admin.request("POST", f"/employees/{person['id']}/photos", json={"content_type": "image/jpeg"}).body
    assert ticket["max_pixels"] == 40_000_000  # published beside max_bytes (FACEPASS_MAX_IMAGE_PIXELS)
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo())
    assert photo.stat().st_size < ticket["max_bytes"]

    page = new_page(launch())
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url)
            if request.method == "POST" and request.url.startswith(stack.s3_url) else None)
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Big Photo", level=2).wait_for()
    page.get_by_test_id("photo-input").set_input_files(str(photo))
    page.get_by_text("This photo is 8000 × 6000 pixels (48 MP); the limit is 40 MP. Resize it (or take it at a lower "
                     "resolution in the camera settings) and choose it again.").wait_for()

    page.get_by_test_id("language").select_option("ru")
    page.get_by_test_id("photo-input").set_input_files(str(photo))
    page.get_by_text("Это фото 8000 × 6000 пикселей (48 Мп); предел — 40 Мп.", exact=False).wait_for()
    page.wait_for_load_state("networkidle")
    assert uploads == [], uploads  # never sent to S3
    assert admin.request("GET", f"/employees/{person['id']}/faces").body["items"] == []


def test_the_person_page_badge_says_active_or_inactive_of_one_person(stack, admin, launch, tmp_path):
    person = admin.create_employee("Badge Person", f"badge-{uuid.uuid4().hex[:6]}@example.com")
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Badge Person", level=2).wait_for()
    badge = page.get_by_test_id("person-status")
    assert badge.inner_text() == "Active"
    page.get_by_test_id("language").select_option("ru")
    page.get_by_test_id("person-status").filter(has_text="Активен").wait_for()
    assert badge.inner_text() == "Активен"

    admin.request("PATCH", f"/employees/{person['id']}", json={"is_active": False})
    page.reload()
    page.get_by_test_id("person-status").filter(has_text="Неактивен").wait_for()
    assert badge.inner_text() == "Неактивен"
    page.get_by_test_id("language").select_option("en")
    page.get_by_test_id("person-status").filter(has_text="Inactive").wait_for()
    assert badge.inner_text() == "Inactive"
