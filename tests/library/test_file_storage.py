"""Library files and newsletter pictures go through the shared file storage (core.files, decision
0023), so another backend (an object store shared by every server) can replace the local folder.
Files stored before the move stay where they were (MEDIA_ROOT/library/<name>,
MEDIA_ROOT/newsletter/<name>: the same names in the default storage), so no data moves."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse

from recoverynet.core import files as stored_files
from recoverynet.core.errors import ApplicationError
from recoverynet.library import services as library_services
from recoverynet.library.services import Content, FileUpload, ResourceInput
from recoverynet.newsletter import services as newsletter_services
from tests.conftest import PDF, World, png, sign_in
from tests.newsletter.factories import draft, publication_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_memory(settings: Any, tmp_path: Path) -> Path:
    """Files in memory instead of a folder; MEDIA_ROOT points at an empty folder that must stay
    empty (nothing may bypass the storage)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return tmp_path


def _share(world: World, data: bytes, name: str) -> Any:
    return library_services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(
            title="Business case for recovery",
            summary="Why recovery pays.",
            kind="briefing_paper",
            audience="members",
        ),
        content=Content(files=[FileUpload(file=io.BytesIO(data), name=name)]),
    )


def test_a_library_file_is_stored_and_served_through_the_storage(
    world: World, in_memory: Path
) -> None:
    resource = _share(world, PDF, "paper.pdf")
    file = resource.versions.get().files.get()
    assert storages["default"].exists(f"library/{file.stored_name}")
    assert list(in_memory.iterdir()) == []  # nothing written beside the storage
    response: Any = sign_in(Client(), world.lead_a).get(
        reverse("library:resource-download", args=[resource.public_id])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_failed_upload_leaves_nothing_in_the_storage(world: World, in_memory: Path) -> None:
    with pytest.raises(ApplicationError):
        library_services.resource_submit(
            actor=world.lead_a,
            network=world.uk,
            data=ResourceInput(title="Kit", summary="A kit.", kind="tool", audience="members"),
            content=Content(
                files=[
                    FileUpload(file=io.BytesIO(PDF), name="kit.pdf"),
                    FileUpload(file=io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64), name="tool.exe"),
                ]
            ),
        )
    storage = storages["default"]
    assert not storage.exists("library") or storage.listdir("library") == ([], [])


def test_a_missing_library_file_is_not_found(world: World, in_memory: Path) -> None:
    resource = _share(world, PDF, "paper.pdf")
    stored_files.delete("library", resource.versions.get().files.get().stored_name)
    response = sign_in(Client(), world.lead_a).get(
        reverse("library:resource-download", args=[resource.public_id])
    )
    assert response.status_code == 404


def test_a_newsletter_picture_is_stored_served_and_removed_through_the_storage(
    world: World, in_memory: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = draft(world.lead_a, publication_of(world.uk))
    image = newsletter_services.image_add(
        actor=world.lead_a, article=article, upload=io.BytesIO(png()), alt_text="A ward garden"
    )
    path = f"newsletter/{image.stored_name}"
    assert storages["default"].exists(path)
    assert list(in_memory.iterdir()) == []
    response: Any = sign_in(Client(), world.lead_a).get(
        reverse("newsletter:image", args=[article.public_id, image.number])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_services.image_remove(actor=world.lead_a, image=image)
    assert not storages["default"].exists(path)


def test_files_stored_before_the_move_are_still_found(
    world: World, settings: Any, tmp_path: Path
) -> None:
    """The local layout is unchanged: a file at MEDIA_ROOT/library/<name> written by the old code
    is what core.files opens for that name."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "0123abcd.pdf").write_bytes(PDF)
    assert stored_files.read("library", "0123abcd.pdf") == PDF
