"""An event's picture (issue #15): checked and re-encoded by the shared picture check
(`core.images.clean_picture`), stored privately through `core.files` (folder "events"), with alt
text required unless the picture is marked decorative. A replaced or removed picture's file is
deleted once the change is committed."""

from __future__ import annotations

import secrets
from typing import IO

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, files
from recoverynet.core.errors import ApplicationError
from recoverynet.core.images import KNOWN, clean_picture
from recoverynet.core.text import clean_text

from ..models import Event, EventPicture, EventStatus
from . import announce
from .events import _require_manager
from .places import _lock

FOLDER = "events"
FIELD = "picture"
FORMATS = ("PNG", "JPEG", "WEBP")
MAX_BYTES = 5 * 1024 * 1024
# The types pictures are stored (re-encoded) and served as, with their extensions.
EXTENSIONS = {KNOWN[f][0]: KNOWN[f][1] for f in FORMATS}


def _invalid(message: str, field: str) -> ApplicationError:
    return ApplicationError("invalid", message, field=field, status=422)


def _forget_later(stored_name: str) -> None:
    transaction.on_commit(lambda: files.delete(FOLDER, stored_name))


@transaction.atomic
def event_picture_set(
    *,
    actor: Actor,
    event: Event,
    upload: IO[bytes] | None,
    alt_text: str,
    decorative: bool = False,
) -> EventPicture:
    """Add or replace the event's picture (`upload`), or, with no upload, change the description of
    the picture it has. The alt text is required unless `decorative`."""
    _require_manager(actor, event.network_id)
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError("cancelled", "A cancelled event cannot be changed.", status=409)
    alt_text = clean_text(alt_text, field="alt_text", max_length=300, single_line=True)
    if not alt_text and not decorative:
        raise _invalid(
            "Describe the picture for people who cannot see it, or say it is only decoration.",
            "alt_text",
        )
    current = EventPicture.objects.filter(event=event).first()
    if upload is None:
        if current is None:
            raise _invalid("Choose a picture to upload.", FIELD)
        current.alt_text, current.decorative = alt_text, decorative
        current.save(update_fields=["alt_text", "decorative", "updated_at"])
        audit.record(
            actor=actor,
            action="events.event.picture_described",
            obj=event,
            changes={"alt_text": alt_text, "decorative": decorative},
        )
        announce.event_changed(event)
        return current
    picture = clean_picture(upload, formats=FORMATS, field=FIELD, max_bytes=MAX_BYTES)
    stored = files.save(FOLDER, secrets.token_hex(16) + picture.extension, picture.data)
    values = {
        "stored_name": stored,
        "content_type": picture.content_type,
        "size": len(picture.data),
        "width": picture.width,
        "height": picture.height,
        "alt_text": alt_text,
        "decorative": decorative,
    }
    try:
        if current is None:
            current = EventPicture.objects.create(event=event, **values)
        else:
            _forget_later(current.stored_name)
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
    except Exception:
        files.delete(FOLDER, stored)
        raise
    audit.record(
        actor=actor,
        action="events.event.picture_set",
        obj=event,
        changes={"alt_text": alt_text, "decorative": decorative, "size": len(picture.data)},
    )
    announce.event_changed(event)
    return current


@transaction.atomic
def event_picture_remove(*, actor: Actor, event: Event) -> None:
    _require_manager(actor, event.network_id)
    event = _lock(event)
    current = EventPicture.objects.filter(event=event).first()
    if current is None:
        return
    _forget_later(current.stored_name)
    current.delete()
    audit.record(actor=actor, action="events.event.picture_removed", obj=event)
    announce.event_changed(event)
