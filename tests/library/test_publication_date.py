"""A resource's publication date cannot be in the future (judged in the network's time zone) nor
before 1900: refused on the form and in the API with a message on the field, nothing written."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recoverynet.core import dates
from recoverynet.library.models import Resource, ResourceFile
from tests.conftest import PDF, World, sign_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _nothing_written(tmp_path: Path) -> bool:
    folder = tmp_path / "library"
    stored = list(folder.iterdir()) if folder.exists() else []
    return not Resource.objects.exists() and not ResourceFile.objects.exists() and stored == []


def _form(published_on: str) -> dict[str, Any]:
    return {
        "title": "Recovery and risk",
        "summary": "A briefing paper.",
        "kind": "briefing_paper",
        "audience": "members",
        "published_on": published_on,
        "files": SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf"),
    }


@pytest.mark.parametrize(
    ("published_on", "message"),
    [
        ("2099-01-01", "The date published must be today or in the past."),
        ("0206-03-01", "The date published must be on or after 1 January 1900."),
    ],
)
def test_the_form_refuses_a_senseless_publication_date(
    world: World, tmp_path: Path, published_on: str, message: str
) -> None:
    response = sign_in(Client(), world.lead_a).post(
        reverse("library:resource-submit", args=["uk"]), _form(published_on)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'id="id_published_on-error"' in body
    assert _nothing_written(tmp_path)


def test_the_form_accepts_today_and_the_past(world: World) -> None:
    client = sign_in(Client(), world.lead_a)
    today = dates.today(world.uk.tz).isoformat()
    response = client.post(reverse("library:resource-submit", args=["uk"]), _form(today))
    assert response.status_code == 302
    assert Resource.objects.get().published_on == datetime.date.fromisoformat(today)


def test_the_api_refuses_a_future_publication_date(world: World, tmp_path: Path) -> None:
    upload = io.BytesIO(PDF)
    upload.name = "paper.pdf"
    tomorrow = dates.today(world.uk.tz) + datetime.timedelta(days=1)
    client = token_client(world.lead_a)
    response = client.post(
        "/api/v1/networks/uk/resources",
        {
            "title": "Recovery and risk",
            "summary": "A briefing paper.",
            "kind": "briefing_paper",
            "published_on": tomorrow.isoformat(),
            "files": [upload],
        },
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": "published_on", "message": "The date published must be today or in the past."}
    ]
    assert _nothing_written(tmp_path)
