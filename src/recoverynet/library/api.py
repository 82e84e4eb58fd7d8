"""The library over HTTP: search, retrieve, upload (multipart: several files, or a link), moderate."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, optional_auth, private_read
from recoverynet.core.api import PageNumber
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import Name
from recoverynet.network import selectors as network_selectors

from . import downloads, selectors, services, uploads
from .access import can_moderate
from .models import Audience, ResourceKind
from .selectors import download_band

router = Router(tags=["library"])


def _absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class FileOut(Schema):
    id: int
    file_name: str
    content_type: str
    size: int
    url: str = Field(
        description="Download it through the API, signed in the same way as this request."
    )
    web_url: str = Field(description="Download it on the website (for people signed in there).")

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        version = obj.version
        path = reverse(
            "api:resource_file_download",
            kwargs={
                "resource_id": version.resource.public_id,
                "number": version.number,
                "file_id": obj.pk,
            },
        )
        return _absolute(context, path)

    @staticmethod
    def resolve_web_url(obj: Any, context: Any) -> str:
        version = obj.version
        path = reverse(
            "library:resource-download-file",
            args=[version.resource.public_id, version.number, obj.pk],
        )
        return _absolute(context, path)


class VersionOut(Schema):
    number: int
    link: str = Field(description="Set when the version is a link; it then has no files.")
    files: list[FileOut] = Field(description="One or more files, in order; empty for a link.")
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_files(obj: Any) -> list[Any]:
        return list(obj.files.all())


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
    downloads: str = Field(
        description='How often it was downloaded, as a band ("Fewer than 8", "10 to 19" …), never '
        "an exact count that could show who downloaded it."
    )
    downloads_at_least: int | None = Field(
        description="The lowest number in that band; null below the people threshold."
    )

    @staticmethod
    def resolve_network(obj: Any) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_downloads(obj: Any) -> str:
        return download_band(obj).label

    @staticmethod
    def resolve_downloads_at_least(obj: Any) -> int | None:
        return download_band(obj).low

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
@private_read("library", "network", "events", "challenges")
@paginate(PageNumber)
def resource_search(
    request: HttpRequest,
    q: str = Query("", max_length=200),
    kind: ResourceKind | None = None,
    tag: str = Query("", max_length=60),
    challenge: str = Query("", max_length=2),
    audience: Audience | None = None,
    network: str = Query("", max_length=60),
) -> Any:
    return selectors.search_results(
        actor=request.user,
        query=q,
        kind=kind or "",
        tag=tag,
        challenge=challenge,
        audience=audience or "",
        network_slug=network,
    )  # with words, counted up to 1,000


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


@router.get(
    "/resources/{resource_id}/versions/{number}/files/{file_id}",
    auth=optional_auth,
    summary="Download one file of a version",
    url_name="resource_file_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def resource_file_download(
    request: HttpRequest, resource_id: UUID, number: int, file_id: int
) -> HttpResponseBase:
    return downloads.file_response(
        actor=request.user, public_id=resource_id, number=number, file_id=file_id
    )


@router.post(
    "/networks/{slug}/resources",
    response={201: ResourceDetailOut},
    auth=api_auth,
    summary="Share a resource (multipart: fields and one or more files, or a link)",
)
def resource_upload(
    request: HttpRequest,
    slug: str,
    title: Name = Form(..., max_length=200),
    summary: str = Form(..., max_length=2000),
    kind: ResourceKind = Form(...),
    audience: Audience = Form(Audience.MEMBERS),
    authors: str = Form("", max_length=300),
    tags: str = Form("", max_length=300),
    challenges: str = Form("", max_length=60),
    published_on: datetime.date | None = Form(None),
    link: str = Form("", max_length=500),
    files: list[UploadedFile] | None = File(
        None, description=f"Up to {uploads.MAX_FILES} files (repeat the `files` field)."
    ),
    file: UploadedFile | None = File(
        None, description="One file; kept for older clients. Use `files` instead."
    ),
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
            files=[
                services.FileUpload(file=upload.file, name=upload.name or "")
                for upload in ([file] if file else []) + list(files or [])
                if upload.file is not None
            ],
            link=link,
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
