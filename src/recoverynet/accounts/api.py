from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema, Status

from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name

from . import scopes as token_scopes
from . import selectors, services
from .api_auth import api_auth, session_only_auth
from .http import AuthenticatedRequest

router = Router(tags=["me"], auth=api_auth)


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    preferred_name: str
    job_title: str
    perspective: str = Field(description="Only ever shown to the person themselves.")


class MePatch(PatchSchema):
    full_name: Name | None = Field(None, max_length=150)
    preferred_name: Line | None = Field(None, max_length=80)
    job_title: Line | None = Field(None, max_length=150)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: list[str] = Field(description="What the token may do (see docs/api.md).")


class TokenIn(Schema):
    name: Name = Field(max_length=100)
    expires_at: datetime | None = None
    scopes: list[str] = Field(
        default=list(token_scopes.DEFAULT_SCOPES),
        description=(
            '"read" or "write" for every area, or "<area>:read" / "<area>:write" with area one of '
            + ", ".join(token_scopes.AREAS)
            + '. "write" includes "read". Defaults to read-only.'
        ),
    )


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret. Shown once; store it safely.")


@router.get("/me", response=MeOut, summary="The signed-in person")
def me(request: AuthenticatedRequest) -> object:
    return request.user


@router.patch("/me", response=MeOut, summary="Change your profile")
def me_update(request: AuthenticatedRequest, payload: MePatch) -> object:
    user = request.user
    values = {
        "full_name": user.full_name,
        "preferred_name": user.preferred_name,
        "job_title": user.job_title,
    }
    values.update(payload.model_dump(exclude_unset=True))
    return services.profile_update(actor=user, user=user, **values)


_SESSION_ONLY = " Only from a signed-in browser session: an API token cannot manage tokens."


@router.get(
    "/me/tokens",
    response=list[TokenOut],
    summary="Your API tokens",
    description="Each token's scopes and when it was last used." + _SESSION_ONLY,
    auth=session_only_auth,
)
def token_list(request: AuthenticatedRequest) -> object:
    return selectors.api_token_list(actor=request.user)


@router.post(
    "/me/tokens",
    response={201: NewTokenOut, **errors(400)},
    summary="Create an API token",
    description="Read-only unless you choose other scopes." + _SESSION_ONLY,
    auth=session_only_auth,
)
def token_create(request: AuthenticatedRequest, payload: TokenIn) -> object:
    created = services.api_token_create(
        actor=request.user,
        name=payload.name,
        expires_at=payload.expires_at,
        scopes=payload.scopes,
    )
    out = NewTokenOut.model_validate(
        {**TokenOut.from_orm(created.token).model_dump(), "token": created.raw}
    )
    return Status(201, out)


@router.delete(
    "/me/tokens/{token_id}",
    response=TokenOut,
    summary="Revoke an API token",
    description="The token stops working at once." + _SESSION_ONLY,
    auth=session_only_auth,
)
def token_revoke(request: AuthenticatedRequest, token_id: int) -> object:
    return services.api_token_revoke(actor=request.user, token_id=token_id)


class DataExportOut(Schema):
    id: str = Field(description="The export's public id.")
    status: str = Field(description="waiting, building, ready or failed.")
    progress: int = Field(description="Percent done (0–100).")
    step: str = Field(description="What is being gathered now.")
    created_at: datetime
    finished_at: datetime | None
    json_url: str | None = Field(description="Download link of the JSON file when ready.")
    pdf_url: str | None = Field(description="Download link of the readable PDF when ready.")


def _export_out(export: object) -> DataExportOut:
    from django.urls import reverse

    e: Any = export
    ready = e.status == "ready"
    return DataExportOut(
        id=str(e.public_id),
        status=e.status,
        progress=e.progress,
        step=e.step,
        created_at=e.created_at,
        finished_at=e.finished_at,
        json_url=reverse("accounts:data-export-file", args=[e.public_id, "json"])
        if ready
        else None,
        pdf_url=reverse("accounts:data-export-file", args=[e.public_id, "pdf"]) if ready else None,
    )


@router.get(
    "/me/data-export",
    response={200: DataExportOut, **errors(404)},
    summary="Your latest copy of your data",
    description='"Download my data": its progress and, when ready, the download links.'
    + _SESSION_ONLY,
    auth=session_only_auth,
)
def data_export_latest(request: AuthenticatedRequest) -> object:
    latest = selectors.data_export_latest(actor=request.user)
    if latest is None:
        raise ApplicationError(
            "not_found", "You have not asked for a copy of your data.", status=404
        )
    return _export_out(latest)


@router.post(
    "/me/data-export",
    response={202: DataExportOut},
    summary="Prepare a copy of your data",
    description="Everything we hold about you (from the personal-data map), prepared in the "
    "background as JSON and PDF." + _SESSION_ONLY,
    auth=session_only_auth,
)
def data_export_request(request: AuthenticatedRequest) -> object:
    return Status(202, _export_out(services.data_export_request(actor=request.user)))
