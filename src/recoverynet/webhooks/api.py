"""Webhooks over HTTP (network coordinators), and the public catalogue of events they can carry."""

import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, optional_auth
from recoverynet.core import domain_events
from recoverynet.core.api import PageNumber, errors
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line

from . import selectors, services

router = Router(tags=["webhooks"])


class EventTypeOut(Schema):
    name: str = Field(description="`<thing>.<past-tense verb>`, the message's `type`.")
    summary: str
    payload: dict[str, str] = Field(
        description="Each field of the message's `data` and what it holds (plus `network`)."
    )


class EndpointOut(Schema):
    id: UUID = Field(alias="public_id")
    network: str = Field(description="The network's short name.")
    url: str
    description: str
    event_types: list[str]
    is_active: bool
    disabled_reason: str = Field(description="Why it was turned off, if it is off.")
    disabled_at: datetime.datetime | None = Field(description="When it was turned off.")
    failures_in_a_row: int = Field(
        description="Deliveries that failed after every try since the last successful try (and "
        "since it was last turned back on), counted from the delivery log."
    )
    disable_after: int = Field(
        description="It is turned off, and the network's coordinators told, when "
        "`failures_in_a_row` reaches this (setting WEBHOOKS_DISABLE_AFTER_FAILURES)."
    )
    previous_secret_signs_until: datetime.datetime | None = Field(
        description="After a rotation, the old secret signs too until then."
    )
    created_at: datetime.datetime

    @staticmethod
    def resolve_network(obj: Any) -> str:
        return str(obj.network.slug)

    @staticmethod
    def resolve_failures_in_a_row(obj: Any) -> int:
        return int(getattr(obj, "failures_in_a_row", 0))  # a new endpoint has no tries yet

    @staticmethod
    def resolve_disable_after(obj: Any) -> int:
        return int(settings.WEBHOOKS_DISABLE_AFTER_FAILURES)

    @staticmethod
    def resolve_previous_secret_signs_until(obj: Any) -> datetime.datetime | None:
        return obj.previous_secret_expires_at if obj.previous_secret else None


class EndpointWithSecretOut(EndpointOut):
    secret: str = Field(description="The signing secret (`whsec_…`). Shown only in this answer.")


class SecretOut(Schema):
    secret: str = Field(description="The new signing secret. Shown only in this answer.")
    previous_secret_signs_until: datetime.datetime


class EndpointIn(Schema):
    url: Line = Field(..., max_length=500, description="https only, on the public internet.")
    event_types: list[str] = Field(..., min_length=1, max_length=100)
    description: Line = Field("", max_length=200)


class EndpointPatch(PatchSchema):
    url: Line | None = Field(None, max_length=500)
    event_types: list[str] | None = Field(None, min_length=1, max_length=100)
    description: Line | None = Field(None, max_length=200)
    is_active: bool | None = Field(None, description="true turns a turned-off endpoint back on.")


class AttemptOut(Schema):
    at: datetime.datetime
    status_code: int | None
    duration_ms: int
    response_excerpt: str = Field(description="The start of the answer, text only.")
    error: str


class DeliveryOut(Schema):
    id: UUID = Field(alias="public_id")
    webhook_id: str = Field(alias="message_id", description="The `webhook-id` header.")
    event_type: str
    status: str = Field(description="pending, succeeded or failed.")
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_status_code: int | None
    created_at: datetime.datetime


class DeliveryDetailOut(DeliveryOut):
    body: str = Field(description="The JSON sent, exactly as signed.")
    log: list[AttemptOut]

    @staticmethod
    def resolve_log(obj: Any) -> list[Any]:
        return list(obj.log.all())


@router.get(
    "/webhooks/event-types",
    response=list[EventTypeOut],
    auth=optional_auth,
    summary="Every event a webhook can carry, with its payload fields",
)
def event_types(request: HttpRequest) -> Any:
    return [
        {"name": t.name, "summary": t.summary, "payload": dict(t.payload)}
        for t in domain_events.catalogue()
    ]


@router.get(
    "/networks/{slug}/webhooks",
    response=list[EndpointOut],
    auth=api_auth,
    summary="A network's webhook endpoints (coordinators)",
)
def endpoint_list(request: HttpRequest, slug: str) -> Any:
    network = selectors.network_for_webhooks(actor=request.user, slug=slug)
    return selectors.endpoint_list(actor=request.user, network=network).select_related("network")


@router.post(
    "/networks/{slug}/webhooks",
    response={201: EndpointWithSecretOut, **errors(409)},
    auth=api_auth,
    summary="Add a webhook endpoint; the answer holds its signing secret, shown only once",
)
def endpoint_create(request: HttpRequest, slug: str, payload: EndpointIn) -> Any:
    network = selectors.network_for_webhooks(actor=request.user, slug=slug)
    endpoint, _secret = services.endpoint_create(
        actor=request.user, network=network, **payload.model_dump()
    )
    return Status(201, endpoint)  # a new endpoint's `secret` is the one just made


@router.get("/webhooks/{endpoint_id}", response=EndpointOut, auth=api_auth, summary="One endpoint")
def endpoint_get(request: HttpRequest, endpoint_id: UUID) -> Any:
    return selectors.endpoint_get(actor=request.user, public_id=endpoint_id)


@router.patch(
    "/webhooks/{endpoint_id}",
    response=EndpointOut,
    auth=api_auth,
    summary="Change an endpoint, or turn it off or back on",
)
def endpoint_update(request: HttpRequest, endpoint_id: UUID, payload: EndpointPatch) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    services.endpoint_update(
        actor=request.user, endpoint=endpoint, **payload.model_dump(exclude_unset=True)
    )
    return selectors.endpoint_get(actor=request.user, public_id=endpoint_id)


@router.post(
    "/webhooks/{endpoint_id}/enable",
    response=EndpointOut,
    auth=api_auth,
    summary="Turn a turned-off endpoint back on; earlier failed deliveries no longer count",
)
def endpoint_enable(request: HttpRequest, endpoint_id: UUID) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    services.endpoint_enable(actor=request.user, endpoint=endpoint)
    return selectors.endpoint_get(actor=request.user, public_id=endpoint_id)


@router.delete(
    "/webhooks/{endpoint_id}",
    response={204: None},
    auth=api_auth,
    summary="Delete an endpoint and its delivery log",
)
def endpoint_delete(request: HttpRequest, endpoint_id: UUID) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    return Status(204, None)


@router.post(
    "/webhooks/{endpoint_id}/secret",
    response=SecretOut,
    auth=api_auth,
    summary="Make a new signing secret; the old one keeps signing for an overlap period",
)
def secret_rotate(request: HttpRequest, endpoint_id: UUID) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    secret = services.secret_rotate(actor=request.user, endpoint=endpoint)
    endpoint.refresh_from_db()
    return {"secret": secret, "previous_secret_signs_until": endpoint.previous_secret_expires_at}


@router.post(
    "/webhooks/{endpoint_id}/test",
    response={202: DeliveryOut, **errors(409)},
    auth=api_auth,
    summary="Send a webhook.test event to this endpoint",
)
def endpoint_test(request: HttpRequest, endpoint_id: UUID) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    delivery = services.endpoint_send_test(actor=request.user, endpoint=endpoint)
    return Status(202, selectors.delivery_get(actor=request.user, public_id=delivery.public_id))


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response=list[DeliveryOut],
    auth=api_auth,
    summary="The delivery log of an endpoint, newest first",
)
@paginate(PageNumber)
def delivery_list(request: HttpRequest, endpoint_id: UUID) -> Any:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=endpoint_id)
    return selectors.delivery_list(actor=request.user, endpoint=endpoint)


@router.get(
    "/webhook-deliveries/{delivery_id}",
    response=DeliveryDetailOut,
    auth=api_auth,
    summary="One delivery, with the body sent and every try",
)
def delivery_get(request: HttpRequest, delivery_id: UUID) -> Any:
    return selectors.delivery_get(actor=request.user, public_id=delivery_id)


@router.post(
    "/webhook-deliveries/{delivery_id}/resend",
    response={202: DeliveryOut, **errors(409)},
    auth=api_auth,
    summary="Send a delivery again (same webhook-id and body)",
)
def delivery_resend(request: HttpRequest, delivery_id: UUID) -> Any:
    delivery = selectors.delivery_get(actor=request.user, public_id=delivery_id)
    services.delivery_resend(actor=request.user, delivery=delivery)
    return Status(202, selectors.delivery_get(actor=request.user, public_id=delivery_id))
