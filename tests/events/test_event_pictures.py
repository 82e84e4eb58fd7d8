"""An event's picture on the events list and the event's page (issue #15): through the shared
picture check, stored privately, alt text required unless decorative, a chosen file kept after a
form error, served only to those who may see the event, and in the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.events import services
from recoverynet.events.models import EventPicture
from tests.conftest import png, sign_in, token_client
from tests.hostile_files import bomb_png

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media: Path) -> list[Path]:
    folder = media / "events"
    return sorted(folder.iterdir()) if folder.exists() else []


def _upload(name: str = "hall.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else png((40, 30)), "image/png")


def test_a_picture_on_the_list_the_page_and_in_the_api(world: Any, event: Any, media: Path) -> None:
    picture = services.event_picture_set(
        actor=world.coordinator_uk,
        event=event,
        upload=_upload(),
        alt_text="The hall set out with round tables",
    )
    assert (picture.width, picture.height, picture.content_type) == (40, 30, "image/png")
    assert len(_stored(media)) == 1
    src = f"/events/{event.public_id}/picture/{picture.stored_name}"
    listing = Client().get("/events/").content.decode()
    assert f'src="{src}"' in listing
    assert 'alt="The hall set out with round tables"' in listing
    assert 'width="40" height="30" loading="lazy"' in listing
    detail = Client().get(f"/events/{event.public_id}/").content.decode()
    assert f'src="{src}"' in detail and 'width="40" height="30"' in detail
    served = Client().get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline")
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    api = Client().get(f"/api/v1/events/{event.public_id}").json()["picture"]
    assert api["url"].endswith(src) and api["alt"] == "The hall set out with round tables"
    assert (api["width"], api["height"], api["decorative"]) == (40, 30, False)
    listed = Client().get("/api/v1/events").json()["items"][0]["picture"]
    assert listed == api
    assert AuditEntry.objects.filter(action="events.event.picture_set").exists()


def test_a_decorative_picture_has_an_empty_alt(world: Any, event: Any) -> None:
    services.event_picture_set(
        actor=world.coordinator_uk, event=event, upload=_upload(), alt_text="", decorative=True
    )
    page = Client().get("/events/").content.decode()
    assert 'alt="" width="40"' in page
    assert Client().get(f"/api/v1/events/{event.public_id}").json()["picture"]["alt"] == ""


def test_an_event_without_a_picture(world: Any, event: Any) -> None:
    assert "rn-event-picture" not in Client().get("/events/").content.decode()
    assert Client().get(f"/api/v1/events/{event.public_id}").json()["picture"] is None


def test_the_form_needs_alt_text_and_keeps_the_chosen_file(
    world: Any, event: Any, media: Path
) -> None:
    client = sign_in(Client(), world.coordinator_uk)
    url = f"/manage/events/{event.public_id}/picture/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"picture": _upload(), "alt_text": "   "})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Describe the picture for people who cannot see it" in page
    assert "You chose <strong>hall.png</strong>" in page  # kept, not chosen again
    token = page.split('name="picture__kept" value="')[1].split('"')[0]
    assert not EventPicture.objects.exists()
    saved = client.post(url, {"picture__kept": token, "alt_text": "Our hall"})
    assert saved.status_code == 302
    assert EventPicture.objects.get().alt_text == "Our hall"
    # Changing only the description keeps the file.
    client.post(url, {"alt_text": "Our hall in spring"})
    assert EventPicture.objects.get().alt_text == "Our hall in spring"
    assert len(_stored(media)) == 1


def test_bad_files_and_bad_text_are_refused_with_the_field_named(
    world: Any, event: Any, media: Path
) -> None:
    client = sign_in(Client(), world.coordinator_uk)
    url = f"/manage/events/{event.public_id}/picture/"
    not_a_picture = client.post(
        url, {"picture": _upload("notes.png", b"hello, not a picture"), "alt_text": "A hall"}
    )
    assert not_a_picture.status_code == 400
    assert "is not a picture we can read" in not_a_picture.content.decode()
    bomb = client.post(url, {"picture": _upload("big.png", bomb_png()), "alt_text": "A hall"})
    assert bomb.status_code == 400 and "too many pixels" in bomb.content.decode()
    nothing = client.post(url, {"alt_text": "A hall"})
    assert "Choose a picture to upload." in nothing.content.decode()
    too_long = client.post(url, {"picture": _upload(), "alt_text": "x" * 301})
    assert "300 characters or fewer" in too_long.content.decode()
    with pytest.raises(ApplicationError) as nul:
        services.event_picture_set(
            actor=world.coordinator_uk, event=event, upload=_upload(), alt_text="A\x00hall"
        )
    assert nul.value.field == "alt_text"
    assert not EventPicture.objects.exists() and _stored(media) == []


def test_replacing_and_removing_delete_the_old_file(
    world: Any, event: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = services.event_picture_set(
            actor=world.coordinator_uk, event=event, upload=_upload(), alt_text="One"
        ).stored_name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.event_picture_set(
            actor=world.coordinator_uk, event=event, upload=_upload("b.png"), alt_text="Two"
        ).stored_name
    assert [p.name for p in _stored(media)] == [second] and first != second
    # The old address no longer serves anything.
    assert Client().get(f"/events/{event.public_id}/picture/{first}").status_code == 404
    client = sign_in(Client(), world.coordinator_uk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/manage/events/{event.public_id}/picture/remove/").status_code == 302
    assert not EventPicture.objects.exists() and _stored(media) == []


def test_who_must_not_change_or_see_a_picture(world: Any, media: Path) -> None:
    draft = make_event(world, title="Draft day", status="draft")
    picture = services.event_picture_set(
        actor=world.coordinator_uk, event=draft, upload=_upload(), alt_text="A hall"
    )
    src = f"/events/{draft.public_id}/picture/{picture.stored_name}"
    # A draft's picture: not for the public, nor for a member; its organisers see it.
    assert Client().get(src).status_code == 404
    assert sign_in(Client(), world.lead_a).get(src).status_code == 404
    organiser = sign_in(Client(), world.coordinator_uk).get(src)
    assert organiser.status_code == 200 and organiser["Cache-Control"] == "private, no-store"
    assert Client().get(f"/events/{draft.public_id}/picture/other.png").status_code == 404
    for person in (world.lead_a, world.coordinator_ie, world.outsider):
        client = sign_in(Client(), person)
        url = f"/manage/events/{draft.public_id}/picture/"
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"picture": _upload(), "alt_text": "Mine"}).status_code in (
            403,
            404,
        )
        assert client.post(url + "remove/").status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            services.event_picture_remove(actor=person, event=draft)
    assert EventPicture.objects.get().alt_text == "A hall"
    assert Client().get(f"/manage/events/{draft.public_id}/picture/").status_code == 302


def test_the_api_event_list_has_pictures(world: Any, event: Any) -> None:
    services.event_picture_set(
        actor=world.coordinator_uk, event=event, upload=_upload(), alt_text="A hall"
    )
    items = token_client(world.lead_a).get("/api/v1/events").json()["items"]
    assert items[0]["picture"]["alt"] == "A hall"
