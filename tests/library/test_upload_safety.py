"""Uploads served back cannot run in a browser (issue #9): a download's name ends with the extension
of the type detected from its content, never the uploader's; web pages and SVG are refused; a file
claiming a huge picture is refused with a clear message on the form and in the API, keeping nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.library import services, uploads
from recoverynet.library.models import Resource, ResourceFile, ResourceVersion
from recoverynet.library.services import Content, FileUpload, ResourceInput
from tests.conftest import World, sign_in, token_client
from tests.hostile_files import (
    SCRIPT,
    bomb_png,
    png_with_script,
    small_png,
    svg_with_onload,
    text_with_late_script,
)
from tests.library.stored import library_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _share(world: World, data: bytes, name: str) -> Resource:
    resource = services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(title="Agenda", summary="For the day.", kind="tool"),
        content=Content(files=[FileUpload(file=io.BytesIO(data), name=name)]),
    )
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    return resource


def _download(world: World, file: ResourceFile) -> Any:
    version = file.version
    url = reverse(
        "library:resource-download-file",
        args=[version.resource.public_id, version.number, file.pk],
    )
    response = sign_in(Client(), world.lead_b).get(url)
    assert response.status_code == 200
    return response


def _assert_safe(response: Any, filename: str, content_type: str) -> None:
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def _nothing_kept() -> bool:
    return (
        not Resource.objects.exists()
        and not ResourceVersion.objects.exists()
        and not ResourceFile.objects.exists()
        and list(library_folder().iterdir()) == []
    )


def test_a_png_named_html_downloads_as_png(world: World) -> None:
    resource = _share(world, png_with_script(), "agenda.html")
    file = ResourceFile.objects.get(version__resource=resource)
    assert file.file_name == "agenda.png" and file.content_type == "image/png"
    response = _download(world, file)
    _assert_safe(response, "agenda.png", "image/png")
    assert b"".join(response.streaming_content) == png_with_script()


@pytest.mark.parametrize(
    ("data", "name"),
    [(text_with_late_script(), "notes.html"), (svg_with_onload(), "badge.svg")],
)
def test_web_pages_and_svg_are_refused_and_nothing_kept(
    world: World, data: bytes, name: str
) -> None:
    with pytest.raises(ApplicationError) as caught:
        _share(world, data, name)
    error = caught.value
    assert error.status == 422 and error.field == "files" and error.code == "file_not_allowed"
    assert error.message.startswith(f"We cannot accept {name}: it contains web page or SVG code")
    assert _nothing_kept()


@pytest.mark.parametrize(
    "text",
    [
        b"Notes\n<p onclick=alert(1)>hi</p>\n",
        b"Notes\n<a href='javascript:alert(1)'>go</a>\n",
        b"<!DOCTYPE html><title>x</title>",
        b"<?xml version='1.0'?><x/>",
    ],
)
def test_markup_that_can_run_is_refused_anywhere_in_text(world: World, text: bytes) -> None:
    with pytest.raises(ApplicationError, match="web page or SVG code"):
        uploads.check(io.BytesIO(b"x" * 5000 + text), name="notes.txt")


def test_plain_text_that_mentions_angle_brackets_is_still_text() -> None:
    kind, _data = uploads.check(io.BytesIO(b"Scores: 3 < 5 and 7 > 2. <3\n"), name="n.md")
    assert kind == uploads.Checked("text/plain", ".txt")


def _stored_row(world: World, data: bytes, name: str, content_type: str) -> ResourceFile:
    """A file as it was stored before this fix: the uploader's name, and maybe no known type."""
    resource = _share(world, small_png(), "placeholder.png")
    file = ResourceFile.objects.get(version__resource=resource)
    (library_folder() / file.stored_name).write_bytes(data)
    ResourceFile.objects.filter(pk=file.pk).update(
        file_name=name, content_type=content_type, size=len(data)
    )
    file.refresh_from_db()
    return file


def test_existing_rows_get_the_detected_extension_when_served(world: World) -> None:
    text = b"Meeting notes.\n" * 200 + SCRIPT  # stored when only the first 2 KB were checked
    notes = _stored_row(world, text, "notes.html", "text/plain")
    _assert_safe(_download(world, notes), "notes.txt", "text/plain; charset=utf-8")

    agenda = _stored_row(world, png_with_script(), "agenda.html", "")  # no stored type: detected
    _assert_safe(_download(world, agenda), "agenda.png", "image/png")

    odd = _stored_row(world, svg_with_onload(), "badge.svg", "image/svg+xml")  # never served as SVG
    _assert_safe(_download(world, odd), "badge.bin", "application/octet-stream")


def test_unicode_names_are_kept_in_filename_star(world: World) -> None:
    resource = _share(world, small_png(), "Café plan.html")
    file = ResourceFile.objects.get(version__resource=resource)
    response = _download(world, file)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Cafe plan.png\"; filename*=UTF-8''Caf%C3%A9%20plan.png"
    )


# --- A file claiming a huge picture: a clear 4xx on the form and in the API, nothing kept ----------


def test_huge_picture_is_refused_on_the_form(world: World) -> None:
    client = sign_in(Client(), world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        {
            "title": "Poster",
            "summary": "A poster.",
            "kind": "tool",
            "audience": "members",
            "files": SimpleUploadedFile("poster.png", bomb_png(), content_type="image/png"),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "poster.png has too many pixels." in body and 'id="id_files-error"' in body
    assert _nothing_kept()


def test_huge_picture_is_refused_by_the_api(world: World) -> None:
    upload = io.BytesIO(bomb_png())
    upload.name = "poster.png"
    client = token_client(world.lead_a)
    response = client.post(
        "/api/v1/networks/uk/resources",
        {"title": "Poster", "summary": "A poster.", "kind": "tool", "files": [upload]},
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "file_not_allowed"
    assert body["errors"][0]["field"] == "files"
    assert body["errors"][0]["message"].startswith("poster.png has too many pixels.")
    assert _nothing_kept()


def test_huge_picture_as_a_new_version_keeps_nothing(world: World) -> None:
    resource = _share(world, small_png(), "plan.png")
    with pytest.raises(ApplicationError, match="too many pixels"):
        services.resource_new_version(
            actor=world.lead_a,
            resource=resource,
            content=Content(files=[FileUpload(file=io.BytesIO(bomb_png()), name="big.png")]),
        )
    assert resource.versions.count() == 1 and ResourceFile.objects.count() == 1
    assert len(list(library_folder().iterdir())) == 1


def test_the_migration_renames_stored_rows_from_their_type(world: World) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("recoverynet.library.migrations.0003_download_names")
    notes = _stored_row(world, b"Notes\n", "notes.html", "text/plain")
    unknown = _stored_row(world, b"Notes\n", "odd.html", "")
    migration.rename(apps, None)
    notes.refresh_from_db()
    unknown.refresh_from_db()
    assert notes.file_name == "notes.txt"
    assert unknown.file_name == "odd.html"  # left for the download to judge from its content
