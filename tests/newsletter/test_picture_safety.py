"""Article pictures use the shared picture check (issue #9): a file claiming a huge picture gets a
clear message on the picture field and nothing is kept; a picture hiding a web page is re-encoded
and served as its own type, inline, with nosniff and a sandbox."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.newsletter import services
from recoverynet.newsletter.models import ArticleImage, Publication
from tests.conftest import World, sign_in
from tests.hostile_files import SCRIPT, bomb_png, png_with_script
from tests.newsletter.factories import draft, publication_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pub(world: World) -> Publication:
    return publication_of(world.uk)


def _stored(media: Path) -> list[Path]:
    folder = media / "newsletter"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_huge_picture_is_refused_on_the_form_and_nothing_kept(
    world: World, pub: Publication, tmp_path: Path
) -> None:
    article = draft(world.lead_a, pub)
    response = sign_in(Client(), world.lead_a).post(
        reverse("newsletter:article-images", args=[article.public_id]),
        {
            "image": SimpleUploadedFile("ward.png", bomb_png(), content_type="image/png"),
            "alt_text": "Six people round a table",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "ward.png has too many pixels." in body and 'id="id_image-error"' in body
    assert not ArticleImage.objects.exists() and _stored(tmp_path) == []


def test_the_service_refuses_on_the_image_field(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    with pytest.raises(ApplicationError) as caught:
        services.image_add(
            actor=world.lead_a, article=article, upload=io.BytesIO(bomb_png()), alt_text="A ward"
        )
    assert caught.value.field == "image" and caught.value.status == 422
    assert caught.value.message.startswith("This file has too many pixels.")


def test_a_picture_hiding_a_page_is_re_encoded_and_served_safely(
    world: World, pub: Publication, tmp_path: Path
) -> None:
    article = draft(world.lead_a, pub)
    image = services.image_add(
        actor=world.lead_a,
        article=article,
        upload=io.BytesIO(png_with_script()),
        alt_text="A ward garden",
    )
    [stored] = _stored(tmp_path)
    assert SCRIPT not in stored.read_bytes()  # re-encoding drops what followed the picture
    response: Any = sign_in(Client(), world.lead_a).get(
        reverse("newsletter:image", args=[article.public_id, image.number])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="picture-1.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
