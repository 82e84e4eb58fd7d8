"""Every write to the library: submit, new version, moderate, count downloads."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, dates, domain_events, outbox
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network

from . import access, indexing, uploads
from .domain_events import RESOURCE_PUBLISHED
from .models import (
    Audience,
    ModerationStatus,
    Resource,
    ResourceFile,
    ResourceKind,
    ResourceVersion,
)


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
class FileUpload:
    """One uploaded file: opened binary, with the name people will download it as."""

    file: IO[bytes]
    name: str = ""


@dataclass(frozen=True)
class Content:
    """One or more files, or a link (never both)."""

    files: Sequence[FileUpload] = ()
    link: str = ""


@dataclass(frozen=True)
class _Checked:
    link: str
    files: list[uploads.CheckedFile]


def _check_content(content: Content) -> _Checked:
    """Judge the content before anything is written: a link, or files that all pass the checks."""
    if bool(content.files) == bool(content.link):
        raise ApplicationError(
            "invalid",
            "Upload one or more files or give a link (one of them).",
            field=uploads.FIELD,
            status=422,
        )
    if content.link:
        link = content.link.strip()
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            link = ""
        if not link or len(link) > 200:
            raise ApplicationError(
                "invalid",
                "Enter a web address of up to 200 characters, like https://example.org/page.",
                field="link",
                status=422,
            )
        return _Checked(link=link, files=[])
    return _Checked(link="", files=uploads.check_all([(f.file, f.name) for f in content.files]))


def _tags(raw: str) -> str:
    return ", ".join(t.strip() for t in raw.split(",") if t.strip())


def _validate(network: Network, data: ResourceInput) -> None:
    if not data.title.strip():
        raise ApplicationError("invalid", "Enter a title.", field="title", status=422)
    if not data.summary.strip():
        raise ApplicationError(
            "invalid", "Say in a sentence or two what it is.", field="summary", status=422
        )
    clean_text(data.title, field="title", max_length=200, single_line=True)
    clean_text(data.summary, field="summary", max_length=2000)
    clean_text(data.authors, field="authors", max_length=300, single_line=True)
    clean_text(_tags(data.tags), field="tags", max_length=300, single_line=True)
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
    dates.check_not_future(
        data.published_on, field="published_on", label="The date published", tz=network.tz
    )
    numbers = [n.strip() for n in data.challenge_numbers.split(",") if n.strip()]
    if any(not n.isdecimal() or not 1 <= int(n) <= 10 for n in numbers):
        raise ApplicationError(
            "invalid",
            "Challenges are numbers from 1 to 10, e.g. 2, 7.",
            field="challenge_numbers",
            status=422,
        )


def _version(
    resource: Resource, actor: Actor, content: _Checked, note: str, stored: list[str]
) -> ResourceVersion:
    """Write the checked content as the next version. Each stored file's name is added to `stored`
    so that the caller can remove the files again if anything after this fails."""
    number = (
        resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = ResourceVersion.objects.create(
        resource=resource, number=number, link=content.link, note=note, uploaded_by=person(actor)
    )
    for position, checked in enumerate(content.files):
        stored_name = uploads.store(checked.data, checked.kind)
        stored.append(stored_name)
        ResourceFile.objects.create(
            version=version,
            position=position,
            file_name=checked.name[:200],
            stored_name=stored_name,
            content_type=checked.kind.content_type,
            size=len(checked.data),
        )
    return version


def _content_changes(content: _Checked) -> dict[str, Any]:
    return {"link": content.link} if content.link else {"files": [f.name for f in content.files]}


def resource_submit(
    *, actor: Actor, network: Network, data: ResourceInput, content: Content
) -> Resource:
    """A member shares a resource. It is visible to others once the network team approves it.
    Every file is checked before anything is written; if one is refused, nothing is kept."""
    if not access.can_submit(actor, network.pk):
        raise PermissionDenied("Only members of this network can share resources in its library.")
    _validate(network, data)
    checked = _check_content(content)
    with uploads.removed_on_error() as stored, transaction.atomic():
        return _submit(actor, network, data, checked, stored)


def _submit(
    actor: Actor, network: Network, data: ResourceInput, checked: _Checked, stored: list[str]
) -> Resource:
    resource = Resource.objects.create(
        network=network,
        title=data.title.strip(),
        summary=data.summary.strip(),
        kind=data.kind,
        audience=data.audience,
        authors=data.authors.strip(),
        published_on=data.published_on,
        tags=_tags(data.tags),
        challenge_numbers=",".join(
            n.strip() for n in data.challenge_numbers.split(",") if n.strip()
        ),
        learning_set=data.learning_set if data.audience == Audience.LEARNING_SET else None,
        submitted_by=person(actor),
    )
    _version(resource, actor, checked, "First version", stored)
    indexing.resource_index_later(resource)
    audit.record(
        actor=actor,
        action="library.resource.submitted",
        obj=resource,
        changes={"title": resource.title, **_content_changes(checked)},
    )
    return resource


def resource_new_version(
    *, actor: Actor, resource: Resource, content: Content, note: str = ""
) -> ResourceVersion:
    """New files or a link; earlier versions stay in the history. It goes back for review. Every
    file is checked before anything is written; if one is refused, nothing is kept."""
    if resource.submitted_by_id != actor.pk and not access.can_moderate(actor, resource):
        raise PermissionDenied(
            "Only the person who shared it, or the network team, can add a version."
        )
    note = clean_text(note, field="note", max_length=300)
    checked = _check_content(content)
    with uploads.removed_on_error() as stored, transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        version = _version(resource, actor, checked, note, stored)
        indexing.resource_index_later(resource)
        if not access.can_moderate(actor, resource):
            resource.status = ModerationStatus.PENDING
            resource.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="library.resource.new_version",
            obj=resource,
            changes={"version": version.number, **_content_changes(checked)},
        )
        return version


@transaction.atomic
def resource_moderate(
    *, actor: Actor, resource: Resource, decision: str, note: str = ""
) -> Resource:
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
    note = clean_text(note, field="note", max_length=2000)
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("network", "submitted_by")
        .get(pk=resource.pk)
    )
    old = resource.status
    resource.status = decision
    resource.moderation_note = note
    resource.save(update_fields=["status", "moderation_note", "updated_at"])
    audit.record(
        actor=actor,
        action="library.resource.moderated",
        obj=resource,
        changes={"status": [old, decision]},
    )
    if decision != old or note:
        _tell_submitter(actor, resource, decision, note)
    if decision == ModerationStatus.APPROVED and old != ModerationStatus.APPROVED:
        domain_events.emit(
            RESOURCE_PUBLISHED.name,
            network_slug=resource.network.slug,
            data={
                "resource_id": str(resource.public_id),
                "title": resource.title,
                "url": settings.SITE_URL
                + reverse("library:resource-detail", args=[resource.public_id]),
            },
        )
    return resource


_REVIEW_SUBJECTS = {
    ModerationStatus.APPROVED: "Your resource is published: {}",
    ModerationStatus.CHANGES_REQUESTED: "Changes asked for: {}",
    ModerationStatus.REJECTED: "Not published: {}",
}


def _tell_submitter(actor: Actor, resource: Resource, decision: str, note: str) -> None:
    """E-mail the person who shared it (one message, through the outbox), unless they reviewed it."""
    submitter = resource.submitted_by
    if submitter.pk == actor.pk or not submitter.email or not submitter.is_active:
        return
    path = reverse(
        "library:resource-new-version"
        if decision == ModerationStatus.CHANGES_REQUESTED
        else "library:resource-detail",
        args=[resource.public_id],
    )
    outbox.enqueue(
        to=[submitter.email],
        subject=_REVIEW_SUBJECTS[ModerationStatus(decision)].format(resource.title[:80]),
        body_text=render_to_string(
            "library/email/resource_reviewed.txt",
            {
                "name": submitter.preferred_name or submitter.full_name or "there",
                "resource": resource,
                "network": resource.network.name,
                "decision": decision,
                "note": note,
                "link": settings.SITE_URL + path,
                "site_name": settings.SITE_NAME,
            },
        ),
    )


def download_counted(resource: Resource) -> None:
    # One UPDATE with F(): concurrent downloads never lose a count.
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
