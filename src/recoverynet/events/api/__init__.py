"""Events, rates, bookings, waiting-list offers, invoices and attendance over HTTP, with the same
rules as the pages. The server decides every price; a client never sends one.

The modules: `public` (events, rates, availability), `bookings` (booking, the quote, your
bookings, cancelling and undoing it, offers), `attendance` (organisers) and `schemas` (the shapes
and turning models into them). Each operation's `operation_id` is pinned to the one it had when
this was a single module (`recoverynet_events_api_<function>`), so the OpenAPI document and any
generated clients stay the same.
"""

from __future__ import annotations

from ninja import Router

from . import attendance, bookings, public

router = Router(tags=["events"])
router.add_router("", public.router)
router.add_router("", bookings.router)
router.add_router("", attendance.router)

__all__ = ["router"]
