"""Where the library's files land with the local file storage (core.files under MEDIA_ROOT)."""

from pathlib import Path

from django.conf import settings

from recoverynet.library import uploads


def library_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / uploads.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder
