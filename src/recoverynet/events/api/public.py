"""Reading events, their rates and availability (no sign-in needed)."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import optional_auth
from recoverynet.core.api import Mapped, PageNumber
from recoverynet.core.errors import ApplicationError
from recoverynet.core.page_cache import public_page

from .. import selectors
from ..models import EventKind
from .schemas import EventDetailOut, EventOut, RateOut, event_out, rates_out

router = Router()

# --- Public ------------------------------------------------------------------------------------------


@router.get(
    "/events",
    response=list[EventOut],
    auth=None,
    summary="Upcoming events",
    operation_id="recoverynet_events_api_event_list",
)
@decorate_view(public_page("events"))
@paginate(PageNumber)
def event_list(
    request: HttpRequest, network: str = "", kind: EventKind | None = None, month: str = ""
) -> Any:
    month_date = None
    if month:
        try:
            month_date = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise ApplicationError(
                "invalid", "month must look like 2027-06.", field="month", status=422
            ) from None
    events = selectors.event_list_upcoming(network_slug=network, kind=kind or "", month=month_date)
    return Mapped(events, event_out)


@router.get(
    "/events/{event_id}",
    response=EventDetailOut,
    auth=optional_auth,
    summary="One event, with rates and availability",
    operation_id="recoverynet_events_api_event_detail",
)
@decorate_view(public_page("events"))
def event_detail(request: HttpRequest, event_id: UUID) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    return {
        **event_out(event),
        "rates": rates_out(event),
        "availability": selectors.event_availability(event),
    }


@router.get(
    "/events/{event_id}/rates",
    response=list[RateOut],
    auth=optional_auth,
    summary="An event's rates",
    operation_id="recoverynet_events_api_event_rates",
)
def event_rates(request: HttpRequest, event_id: UUID) -> Any:
    return rates_out(selectors.event_get(actor=request.user, public_id=event_id))
