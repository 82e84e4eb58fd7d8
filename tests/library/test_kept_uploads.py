"""A chosen file is kept after a form error, so it need not be chosen again (issue #15)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.core import kept_uploads
from recoverynet.core.models import KeptUpload
from recoverynet.library.models import Resource
from tests.conftest import PDF, World, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Co-production checklist",
        "summary": "A one-page checklist.",
        "kind": "tool",
        "audience": "members",
        "tags": "co-production",
        "challenge_numbers": "2",
    }
    data.update(overrides)
    return data


def _kept_files(media: Path) -> list[Path]:
    folder = media / kept_uploads.FOLDER
    return list(folder.iterdir()) if folder.exists() else []


def test_the_file_is_kept_after_an_error_and_used_when_sent_again(
    client: Client, world: World, media: Path
) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    pdf = SimpleUploadedFile("checklist.pdf", PDF, content_type="application/pdf")
    refused = client.post(url, _form(title="", files=pdf))
    page = refused.content.decode()
    assert refused.status_code == 400 and "Enter the title" in page
    assert "You chose <strong>checklist.pdf</strong>" in page and "It is kept" in page
    kept = KeptUpload.objects.get()
    assert kept.owner_id == world.lead_a.pk and kept.name == "checklist.pdf"
    assert f'name="files__kept" value="{kept.token}"' in page and len(_kept_files(media)) == 1
    assert not Resource.objects.exists()
    # Sent again with the title and no new file: the kept one is used, then let go.
    done = client.post(url, _form(files__kept=kept.token))
    assert done.status_code == 302
    resource = Resource.objects.get()
    files = [f.file_name for v in resource.versions.all() for f in v.files.all()]
    assert files == ["checklist.pdf"]
    assert not KeptUpload.objects.exists() and _kept_files(media) == []


def test_a_second_error_keeps_the_same_file_once(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    client.post(url, _form(title="", files=SimpleUploadedFile("a.pdf", PDF)))
    token = KeptUpload.objects.get().token
    again = client.post(url, _form(title="", files__kept=token))
    assert again.status_code == 400 and "You chose <strong>a.pdf</strong>" in again.content.decode()
    assert KeptUpload.objects.count() == 1


def test_nobody_else_can_use_a_kept_file(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    client.post(url, _form(title="", files=SimpleUploadedFile("a.pdf", PDF)))
    token = KeptUpload.objects.get().token
    other = sign_in(Client(), world.lead_b)
    response = other.post(url, _form(files__kept=token))
    assert response.status_code == 400  # no file and no link: nothing of lead A's is used
    assert "a.pdf" not in response.content.decode() and not Resource.objects.exists()


def test_an_expired_or_dropped_file_is_not_used(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    client.post(url, _form(title="", files=SimpleUploadedFile("a.pdf", PDF)))
    token = KeptUpload.objects.get().token
    dropped = client.post(url, _form(files__kept=token, files__drop="1"))
    assert dropped.status_code == 400 and not Resource.objects.exists()
    KeptUpload.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(url, _form(files__kept=token)).status_code == 400
    assert kept_uploads.purge_expired() == {"deleted": 1}
    assert not KeptUpload.objects.exists() and _kept_files(media) == []


def test_a_refused_file_is_not_kept(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    empty = client.post(url, _form(files=SimpleUploadedFile("empty.pdf", b"")))
    assert empty.status_code == 400 and "You chose" not in empty.content.decode()
    assert not KeptUpload.objects.exists()


def test_a_new_version_keeps_its_file_too(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(files=SimpleUploadedFile("v1.pdf", PDF)),
    )
    resource = Resource.objects.get()
    url = reverse("library:resource-new-version", args=[resource.public_id])
    refused = client.post(url, {"files": SimpleUploadedFile("v2.pdf", PDF), "note": "x" * 301})
    assert refused.status_code == 400 and "You chose <strong>v2.pdf</strong>" in (
        refused.content.decode()
    )
    token = KeptUpload.objects.get().token
    assert client.post(url, {"files__kept": token, "note": "Updated"}).status_code == 302
    assert resource.versions.count() == 2 and not KeptUpload.objects.exists()


def test_a_newsletter_picture_is_kept_when_its_alt_text_is_missing(
    client: Client, world: World
) -> None:
    from tests.newsletter.factories import draft, png_bytes, publication_of

    article = draft(world.staff_a, publication_of(world.uk))
    sign_in(client, world.staff_a)
    url = reverse("newsletter:article-images", args=[article.public_id])
    refused = client.post(url, {"image": SimpleUploadedFile("ward.png", png_bytes())})
    assert refused.status_code == 400
    assert "You chose <strong>ward.png</strong>" in refused.content.decode()
    token = KeptUpload.objects.get(purpose=f"newsletter.image.{article.pk}").token
    done = client.post(url, {"image__kept": token, "alt_text": "Six people round a table"})
    assert done.status_code == 302 and article.images.count() == 1
    assert not KeptUpload.objects.exists()
