"""The library API with several files: upload under `files` (or the older single `file`), and the
resource lists each version's files with their download addresses."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from recoverynet.library.models import Resource, ResourceFile, ResourceVersion
from tests.conftest import PDF, World, token_client
from tests.library.stored import library_folder

pytestmark = pytest.mark.django_db

CSV = b"step,question\n1,Who is in the room?\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any) -> Client:
    return token_client(user)


def _named(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _fields(**extra: Any) -> dict[str, Any]:
    return {"title": "Starter kit", "summary": "Templates.", "kind": "tool", **extra}


def test_upload_several_files(world: World) -> None:
    client = _client(world.lead_a)
    response = client.post(
        "/api/v1/networks/uk/resources",
        _fields(files=[_named(PDF, "kit.pdf"), _named(CSV, "planner.csv")]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    [version] = body["versions"]
    assert version["link"] == ""
    assert [(f["file_name"], f["content_type"], f["size"]) for f in version["files"]] == [
        ("kit.pdf", "application/pdf", len(PDF)),
        ("planner.csv", "text/csv", len(CSV)),
    ]
    csv = version["files"][1]
    assert csv["web_url"] == (f"http://testserver/library/{body['id']}/v1/files/{csv['id']}/")
    assert csv["url"] == (
        f"http://testserver/api/v1/resources/{body['id']}/versions/1/files/{csv['id']}"
    )
    # The submitter downloads it with the same token; others cannot while it waits for review.
    download = client.get(csv["url"].removeprefix("http://testserver"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == CSV
    assert download["Content-Disposition"] == 'attachment; filename="planner.csv"'
    other = _client(world.lead_b).get(csv["url"].removeprefix("http://testserver"))
    assert other.status_code == 404
    assert Client().get(csv["url"].removeprefix("http://testserver")).status_code == 404

    detail = client.get(f"/api/v1/resources/{body['id']}").json()
    assert [f["file_name"] for f in detail["versions"][0]["files"]] == ["kit.pdf", "planner.csv"]


def test_single_file_field_still_works(world: World) -> None:
    response = _client(world.lead_a).post(
        "/api/v1/networks/uk/resources", _fields(file=_named(PDF, "paper.pdf"))
    )
    assert response.status_code == 201, response.content
    assert [f["file_name"] for f in response.json()["versions"][0]["files"]] == ["paper.pdf"]


def test_a_link_has_no_files(world: World) -> None:
    response = _client(world.lead_a).post(
        "/api/v1/networks/uk/resources", _fields(link="https://example.org/recording")
    )
    assert response.status_code == 201, response.content
    [version] = response.json()["versions"]
    assert version["link"] == "https://example.org/recording" and version["files"] == []


def test_one_bad_file_keeps_nothing_and_names_it(world: World, tmp_path: Path) -> None:
    response = _client(world.lead_a).post(
        "/api/v1/networks/uk/resources",
        _fields(files=[_named(PDF, "kit.pdf"), _named(b"MZ\x90\x00" + b"\x00" * 64, "tool.pdf")]),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "files" and "tool.pdf" in body["errors"][0]["message"]
    assert not Resource.objects.exists() and not ResourceVersion.objects.exists()
    assert not ResourceFile.objects.exists()
    assert list(library_folder().iterdir()) == []


def test_outsider_cannot_upload(world: World) -> None:
    response = _client(world.outsider).post(
        "/api/v1/networks/uk/resources", _fields(files=[_named(PDF, "kit.pdf")])
    )
    assert response.status_code == 403
    assert not ResourceFile.objects.exists()
