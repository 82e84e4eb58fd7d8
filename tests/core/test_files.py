"""Stored files go through Django's storage API (core.files), so an object store can replace the
local folder: the same calls work on the local backend and on another backend."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recoverynet.core import files


@pytest.fixture(params=["local", "memory"])
def backend(request: Any, settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    name = {
        "local": "django.core.files.storage.FileSystemStorage",
        "memory": "django.core.files.storage.InMemoryStorage",
    }[request.param]
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": name, "OPTIONS": {}}}
    return tmp_path / "media"


def test_save_read_delete(backend: Path) -> None:
    files.save("library", "abc123.pdf", b"%PDF-1.7 data")
    assert files.exists("library", "abc123.pdf")
    assert files.read("library", "abc123.pdf") == b"%PDF-1.7 data"
    with files.open_file("library", "abc123.pdf") as handle:
        assert handle.read() == b"%PDF-1.7 data"
    files.delete("library", "abc123.pdf")
    files.delete("library", "abc123.pdf")  # twice is harmless
    assert not files.exists("library", "abc123.pdf")
    with pytest.raises(FileNotFoundError):
        files.open_file("library", "abc123.pdf")


def test_the_local_backend_writes_under_media_root(settings: Any, backend: Path) -> None:
    files.save("newsletter", "pic.png", b"png")
    on_disk = backend / "newsletter" / "pic.png"
    local = settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert on_disk.exists() is local  # the in-memory backend never touches the folder


def test_a_stored_file_is_never_overwritten(backend: Path) -> None:
    files.save("library", "same.txt", b"first")
    with pytest.raises(FileExistsError):
        files.save("library", "same.txt", b"second")
    assert files.read("library", "same.txt") == b"first"


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("library", "../settings.py"),
        ("library", "a/b.txt"),
        ("library", ".hidden"),
        ("library", ""),
        ("../etc", "passwd"),
        ("library", "a..b"),
        ("library", "x" * 101),
    ],
)
def test_names_that_could_leave_the_folder_are_refused(
    backend: Path, folder: str, name: str
) -> None:
    with pytest.raises(ValueError, match="Bad stored file name"):
        files.save(folder, name, b"x")
    with pytest.raises(ValueError, match="Bad stored file name"):
        files.exists(folder, name)


def test_the_backend_is_chosen_by_the_environment() -> None:
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='recoverynet.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS'])"
    )
    env = {
        **os.environ,
        "RECOVERYNET_FILE_STORAGE": "django.core.files.storage.InMemoryStorage",
        "RECOVERYNET_FILE_STORAGE_OPTIONS": '{"location": "x"}',
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "django.core.files.storage.InMemoryStorage {'location': 'x'}"
