"""The library over HTTP: search, retrieve, upload (multipart), moderate."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, optional_auth
from recoverynet.core.api import PageNumber
from recoverynet.core.errors import ApplicationError
from recoverynet.network import selectors as network_selectors

from . import selectors, services
from .access import can_moderate
from .models import Audience, ResourceKind

router = Router(tags=["library"])


class VersionOut(Schema):
    number: int
    file_name: str
    content_type: str
    size: int
    link: str
    note: str
    created_at: datetime.datetime


class ResourceOut(Schema):
    id: UUID = Field(alias="public_id")
    network: str
    title: str
    summary: str
    kind: str
    audience: str
    authors: str
    published_on: datetime.date | None
    tags: list[str]
    challenges: list[int]
    status: str
    download_count: int

    @staticmethod
    def resolve_network(obj: Any) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return obj.tag_list

    @staticmethod
    def resolve_challenges(obj: Any) -> list[int]:
        return [int(n) for n in obj.challenge_numbers.split(",") if n.strip().isdecimal()]


class ResourceDetailOut(ResourceOut):
    versions: list[VersionOut]
    moderation_note: str = Field(description="Only the submitter and the network team see this.")

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions.all())


class ModerateIn(Schema):
    decision: str = Field(description='"approved", "changes" or "rejected"')
    note: str = Field("", max_length=2000)


@router.get(
    "/resources", response=list[ResourceOut], auth=optional_auth, summary="Search the library"
)
@paginate(PageNumber)
def resource_search(
    request: HttpRequest,
    q: str = "",
    kind: ResourceKind | None = None,
    tag: str = "",
    challenge: str = "",
    audience: Audience | None = None,
    network: str = "",
) -> Any:
    return selectors.search(
        actor=request.user,
        query=q[:200],
        kind=kind or "",
        tag=tag[:60],
        challenge=challenge[:2],
        audience=audience or "",
        network_slug=network[:60],
    )


@router.get(
    "/resources/{resource_id}",
    response=ResourceDetailOut,
    auth=optional_auth,
    summary="One resource",
)
def resource_detail(request: HttpRequest, resource_id: UUID) -> Any:
    resource = selectors.resource_get(actor=request.user, public_id=resource_id)
    if resource.submitted_by_id != getattr(request.user, "pk", None) and not can_moderate(
        request.user, resource
    ):
        resource.moderation_note = ""
    return resource


@router.post(
    "/networks/{slug}/resources",
    response={201: ResourceDetailOut},
    auth=api_auth,
    summary="Share a resource (multipart: fields and a file, or a link)",
)
def resource_upload(
    request: HttpRequest,
    slug: str,
    title: str = Form(..., max_length=200),
    summary: str = Form(..., max_length=2000),
    kind: ResourceKind = Form(...),
    audience: Audience = Form(Audience.MEMBERS),
    authors: str = Form("", max_length=300),
    tags: str = Form("", max_length=300),
    challenges: str = Form("", max_length=60),
    published_on: datetime.date | None = Form(None),
    link: str = Form("", max_length=500),
    file: UploadedFile | None = File(None),
) -> Any:
    network = network_selectors.network_get(slug)
    if audience == Audience.LEARNING_SET:
        raise ApplicationError(
            "invalid",
            "Share with a learning set on the website, where you choose the set.",
            field="audience",
            status=422,
        )
    resource = services.resource_submit(
        actor=request.user,
        network=network,
        data=services.ResourceInput(
            title=title,
            summary=summary,
            kind=kind,
            audience=audience,
            authors=authors,
            tags=tags,
            challenge_numbers=challenges,
            published_on=published_on,
        ),
        content=services.Content(
            file=file.file if file else None, file_name=(file.name or "") if file else "", link=link
        ),
    )
    return Status(201, selectors.resource_get(actor=request.user, public_id=resource.public_id))


@router.post(
    "/resources/{resource_id}/moderation",
    response=ResourceDetailOut,
    auth=api_auth,
    summary="Approve, request changes or reject (network team)",
)
def resource_moderate(request: HttpRequest, resource_id: UUID, payload: ModerateIn) -> Any:
    resource = selectors.resource_get(actor=request.user, public_id=resource_id)
    services.resource_moderate(
        actor=request.user, resource=resource, decision=payload.decision, note=payload.note
    )
    return selectors.resource_get(actor=request.user, public_id=resource_id)
