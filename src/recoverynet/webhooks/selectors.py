"""Reads for webhooks: always scoped to the acting person (coordinators of the network)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network.models import Network

from . import access, deliveries
from .models import Attempt, Delivery, DeliveryStatus, Endpoint

REFUSED = "Only the network's coordinators can manage its webhooks."


def network_for_webhooks(*, actor: Actor, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise NotFound("There is no network with that name.")
    if not access.can_manage(actor, network.pk):
        raise PermissionDenied(REFUSED)
    return network


def endpoint_list(*, actor: Actor, network: Network) -> QuerySet[Endpoint]:
    if not access.can_manage(actor, network.pk):
        raise PermissionDenied(REFUSED)
    # Counted per endpoint in subqueries: joining the deliveries multiplied every row of the
    # failure streak's subqueries by the endpoint's deliveries (minutes at issue #17's scale).
    return deliveries.failure_streaks(
        Endpoint.objects.filter(network=network).annotate(
            pending=_count(DeliveryStatus.PENDING), failed=_count(DeliveryStatus.FAILED)
        )
    )


def _count(status: str) -> Coalesce:
    return Coalesce(
        Subquery(
            Delivery.objects.filter(endpoint=OuterRef("pk"), status=status)
            .order_by()
            .values("endpoint")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


def endpoint_get(*, actor: Actor, public_id: UUID | str) -> Endpoint:
    endpoint = deliveries.failure_streaks(
        Endpoint.objects.select_related("network").filter(public_id=public_id)
    ).first()
    if endpoint is None:
        raise NotFound("There is no webhook endpoint with that id.")
    if not access.can_manage(actor, endpoint.network_id):
        raise PermissionDenied(REFUSED)
    return endpoint


def delivery_list(*, actor: Actor, endpoint: Endpoint) -> QuerySet[Delivery]:
    if not access.can_manage(actor, endpoint.network_id):
        raise PermissionDenied(REFUSED)
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .select_related("endpoint__network")
        .prefetch_related(Prefetch("log", queryset=Attempt.objects.order_by("-at", "-pk")))
    )


def delivery_get(*, actor: Actor, public_id: UUID | str) -> Delivery:
    delivery = (
        Delivery.objects.select_related("endpoint__network")
        .prefetch_related(Prefetch("log", queryset=Attempt.objects.order_by("-at", "-pk")))
        .filter(public_id=public_id)
        .first()
    )
    if delivery is None:
        raise NotFound("There is no delivery with that id.")
    if not access.can_manage(actor, delivery.endpoint.network_id):
        raise PermissionDenied(REFUSED)
    return delivery
