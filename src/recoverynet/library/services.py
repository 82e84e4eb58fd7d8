"""Every write to the library: submit, new version, moderate, count downloads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.db.models import F

from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network.models import Network

from . import access, uploads
from .models import Audience, ModerationStatus, Resource, ResourceKind, ResourceVersion


@dataclass(frozen=True)
class ResourceInput:
    title: str
    summary: str
    kind: str
    audience: str = Audience.MEMBERS
    authors: str = ""
    published_on: datetime.date | None = None
    tags: str = ""
    challenge_numbers: str = ""
    learning_set: Any = None


@dataclass(frozen=True)
class Content:
    """A file (opened binary, with its name) or a link."""

    file: IO[bytes] | None = None
    file_name: str = ""
    link: str = ""


def _validate(network: Network, data: ResourceInput) -> None:
    if not data.title.strip():
        raise ApplicationError("invalid", "Enter a title.", field="title", status=422)
    if not data.summary.strip():
        raise ApplicationError(
            "invalid", "Say in a sentence or two what it is.", field="summary", status=422
        )
    if data.kind not in ResourceKind.values:
        raise ApplicationError("invalid", "Choose a kind of resource.", field="kind", status=422)
    if data.audience not in Audience.values:
        raise ApplicationError("invalid", "Choose who can see it.", field="audience", status=422)
    if data.audience == Audience.LEARNING_SET and (
        data.learning_set is None or data.learning_set.network_id != network.pk
    ):
        raise ApplicationError(
            "invalid",
            "Choose one of this network's learning sets.",
            field="learning_set",
            status=422,
        )
    numbers = [n.strip() for n in data.challenge_numbers.split(",") if n.strip()]
    if any(not n.isdecimal() or not 1 <= int(n) <= 10 for n in numbers):
        raise ApplicationError(
            "invalid",
            "Challenges are numbers from 1 to 10, e.g. 2, 7.",
            field="challenge_numbers",
            status=422,
        )


def _version(resource: Resource, actor: Any, content: Content, note: str) -> ResourceVersion:
    """Check and store the content. The file is written only after it passed every check; if the
    database write then fails, the file is removed again, so nothing rejected is kept."""
    if bool(content.file) == bool(content.link):
        raise ApplicationError(
            "invalid", "Upload a file or give a link (one of them).", field="file", status=422
        )
    number = (
        resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if content.link:
        return ResourceVersion.objects.create(
            resource=resource, number=number, link=content.link, note=note, uploaded_by=actor
        )
    assert content.file is not None
    checked, data = uploads.check(content.file, name=content.file_name)
    stored = uploads.store(data, checked)
    try:
        return ResourceVersion.objects.create(
            resource=resource,
            number=number,
            file_name=(content.file_name or f"resource{checked.extension}")[:200],
            stored_name=stored,
            content_type=checked.content_type,
            size=len(data),
            note=note,
            uploaded_by=actor,
        )
    except Exception:
        uploads.path_of(stored).unlink(missing_ok=True)
        raise


@transaction.atomic
def resource_submit(
    *, actor: Any, network: Network, data: ResourceInput, content: Content
) -> Resource:
    """A member shares a resource. It is visible to others once the network team approves it."""
    if not access.can_submit(actor, network.pk):
        raise PermissionDenied("Only members of this network can share resources in its library.")
    _validate(network, data)
    resource = Resource.objects.create(
        network=network,
        title=data.title.strip()[:200],
        summary=data.summary.strip()[:2000],
        kind=data.kind,
        audience=data.audience,
        authors=data.authors.strip()[:300],
        published_on=data.published_on,
        tags=", ".join(t.strip() for t in data.tags.split(",") if t.strip())[:300],
        challenge_numbers=",".join(
            n.strip() for n in data.challenge_numbers.split(",") if n.strip()
        ),
        learning_set=data.learning_set if data.audience == Audience.LEARNING_SET else None,
        submitted_by=actor,
    )
    _version(resource, actor, content, note="First version")
    audit.record(
        actor=actor,
        action="library.resource.submitted",
        obj=resource,
        changes={"title": resource.title},
    )
    return resource


@transaction.atomic
def resource_new_version(
    *, actor: Any, resource: Resource, content: Content, note: str = ""
) -> ResourceVersion:
    """A new file or link; earlier versions stay in the history. It goes back for review."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.submitted_by_id != actor.pk and not access.can_moderate(actor, resource):
        raise PermissionDenied(
            "Only the person who shared it, or the network team, can add a version."
        )
    version = _version(resource, actor, content, note=note.strip()[:300])
    if not access.can_moderate(actor, resource):
        resource.status = ModerationStatus.PENDING
        resource.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="library.resource.new_version",
        obj=resource,
        changes={"version": version.number},
    )
    return version


@transaction.atomic
def resource_moderate(*, actor: Any, resource: Resource, decision: str, note: str = "") -> Resource:
    """Approve, request changes or reject (with a reason the submitter sees)."""
    if not access.can_moderate(actor, resource):
        raise PermissionDenied("Only the network team can review resources.")
    if decision not in (
        ModerationStatus.APPROVED,
        ModerationStatus.CHANGES_REQUESTED,
        ModerationStatus.REJECTED,
    ):
        raise ApplicationError(
            "invalid", "Choose approve, request changes or reject.", field="decision", status=422
        )
    if decision != ModerationStatus.APPROVED and not note.strip():
        raise ApplicationError(
            "invalid",
            "Say what needs to change, or why it is not accepted.",
            field="note",
            status=422,
        )
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    old = resource.status
    resource.status = decision
    resource.moderation_note = note.strip()[:2000]
    resource.save(update_fields=["status", "moderation_note", "updated_at"])
    audit.record(
        actor=actor,
        action="library.resource.moderated",
        obj=resource,
        changes={"status": [old, decision]},
    )
    return resource


def download_counted(resource: Resource) -> None:
    # One UPDATE with F(): concurrent downloads never lose a count.
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
