from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status

from recoverynet.core.api import errors

from . import selectors, services
from .api_auth import api_auth
from .http import AuthenticatedRequest

router = Router(tags=["me"], auth=api_auth)


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    preferred_name: str
    job_title: str
    perspective: str = Field(description="Only ever shown to the person themselves.")


class MePatch(Schema):
    full_name: str | None = Field(None, min_length=1, max_length=150)
    preferred_name: str | None = Field(None, max_length=80)
    job_title: str | None = Field(None, max_length=150)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None


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
    values.update(payload.model_dump(exclude_unset=True, exclude_none=True))
    return services.profile_update(actor=user, user=user, **values)


@router.get("/me/tokens", response=list[TokenOut], summary="Your API tokens")
def token_list(request: AuthenticatedRequest) -> object:
    return selectors.api_token_list(actor=request.user)


@router.post(
    "/me/tokens", response={201: NewTokenOut, **errors(400)}, summary="Create an API token"
)
def token_create(request: AuthenticatedRequest, payload: TokenIn) -> object:
    created = services.api_token_create(
        actor=request.user, name=payload.name, expires_at=payload.expires_at
    )
    out = NewTokenOut.model_validate(
        {**TokenOut.from_orm(created.token).model_dump(), "token": created.raw}
    )
    return Status(201, out)


@router.delete("/me/tokens/{token_id}", response=TokenOut, summary="Revoke an API token")
def token_revoke(request: AuthenticatedRequest, token_id: int) -> object:
    return services.api_token_revoke(actor=request.user, token_id=token_id)
