"""What several event pages share: prices, finding an event its organisers may manage."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone

from recoverynet.core.errors import PermissionDenied
from recoverynet.core.money import describe_price, price_line

from .. import access, selectors
from ..models import Event


def _prices(event: Event) -> list[dict[str, Any]]:
    network = event.network
    rate = network.tax_rate_on(timezone.localdate(event.starts_at, network.tz))
    return [
        {
            "rate": r,
            "label": describe_price(
                price_line(r.net_amount, rate, network.currency), network.tax_name
            ),
        }
        for r in event.rates.all()
    ]


def _organiser_event(request: HttpRequest, public_id: UUID) -> Event:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    if not access.is_organiser(request.user, event):
        raise PermissionDenied("Only the event's organisers can see this page.")
    return event


def _manager_event(request: HttpRequest, public_id: UUID) -> Event:
    event = _organiser_event(request, public_id)
    if not access.can_manage_events(request.user, event.network_id):
        raise PermissionDenied("Only a coordinator of this network can change events.")
    return event
