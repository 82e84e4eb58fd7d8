"""Capacity over HTTP: days committed per consultant per month, the forecast, availability."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from recoverynet.accounts.api_auth import api_auth
from recoverynet.network import selectors as network_selectors

from .. import selectors, services
from .engagements import consultant_by_email
from .routing import router
from .schemas import AvailabilityIn, CapacityOut


def _capacity(request: HttpRequest, network: Any) -> dict[str, Any]:
    rows = selectors.capacity(actor=request.user, network=network)
    return {
        "rows": [
            {
                "consultant": row.consultant.full_name or row.consultant.email,
                "cells": [
                    {
                        "month": c.month,
                        "committed": c.committed,
                        "available": c.available,
                        "over": c.over,
                    }
                    for c in row.cells
                ],
            }
            for row in rows
        ],
        "forecast": [
            {
                "engagement": f.engagement.public_id,
                "title": f.engagement.title,
                "remaining": f.remaining,
                "free": f.free,
                "ends_on": f.engagement.ends_on,
            }
            for f in selectors.forecast(actor=request.user, network=network)
        ],
    }


@router.get(
    "/networks/{slug}/capacity",
    response=CapacityOut,
    auth=api_auth,
    summary="Consultants' committed and available days for six months, and engagements that will "
    "not fit",
)
def capacity(request: HttpRequest, slug: str) -> Any:
    return _capacity(request, network_selectors.network_get(slug))


@router.put(
    "/networks/{slug}/capacity",
    response=CapacityOut,
    auth=api_auth,
    summary="Set a consultant's working days and leave for a month (the consultant or the lead)",
)
def availability_set(request: HttpRequest, slug: str, payload: AvailabilityIn) -> Any:
    network = network_selectors.network_get(slug)
    services.consultant_month_set(
        actor=request.user,
        network=network,
        consultant=consultant_by_email(request.user, network, payload.consultant, "consultant"),
        month=payload.month,
        available_days=payload.available_days,
        leave_days=payload.leave_days,
    )
    return _capacity(request, network)
