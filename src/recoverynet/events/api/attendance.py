"""Attendance at an event (organisers)."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import PageNumber, errors
from recoverynet.core.errors import ApplicationError

from .. import page_scopes, selectors, services
from .schemas import AttendanceIn, DelegateOut

router = Router()

# --- Attendance (invoices are in invoice_api.py) ---------------------------------------------------


@router.get(
    "/events/{event_id}/attendance",
    response=list[DelegateOut],
    auth=api_auth,
    summary="Confirmed delegates and attendance (organisers), 50 a page by name",
    operation_id="recoverynet_events_api_attendance_list",
)
@private_read("events", "network", scopes=page_scopes.attendance_scopes)
@paginate(PageNumber)
def attendance_list(request: HttpRequest, event_id: UUID) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    # A page of places, nothing joined: the answer shows only the places' own columns (joining
    # every booker made PostgreSQL hash the whole people table for a 500-place event; issue #17).
    return selectors.event_delegates(actor=request.user, event=event).select_related(None)


@router.post(
    "/events/{event_id}/attendance",
    response={200: DelegateOut, **errors(409)},
    auth=api_auth,
    summary="Record attendance (organisers)",
    operation_id="recoverynet_events_api_attendance_record",
)
def attendance_record(request: HttpRequest, event_id: UUID, payload: AttendanceIn) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    delegate = (
        selectors.event_delegates(actor=request.user, event=event)
        .filter(pk=payload.delegate)
        .first()
    )
    if delegate is None:
        raise ApplicationError(
            "invalid",
            "No confirmed delegate with that id at this event.",
            field="delegate",
            status=422,
        )
    return services.delegate_check_in(
        actor=request.user, delegate=delegate, attended=payload.attended
    )
