"""The booking review step (issue #15): what a booking would be, before it is made. A read, with
the same access and rules as `services.booking_create` (everything that does not depend on the
places left), so the review never shows a booking that would then be refused for a reason it could
have given. The places are counted again when the booking is made: the review says whether the
booking would be confirmed or join the waiting list *now*."""

from __future__ import annotations

from dataclasses import dataclass

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import PermissionDenied
from recoverynet.core.money import LineAmounts, Totals, total
from recoverynet.network.models import Organisation

from . import access, selectors
from .models import Event
from .services.booking_rules import booking_check_open
from .services.bookings import DelegateInput, _checked_lines


@dataclass(frozen=True)
class QuoteLine:
    name: str
    email: str
    rate_name: str
    amounts: LineAmounts


@dataclass(frozen=True)
class BookingQuote:
    lines: list[QuoteLine]
    totals: Totals
    tax_name: str
    organisation: Organisation | None
    will_wait: bool
    free: int | None
    booker_name: str
    booker_email: str

    @property
    def places(self) -> int:
        return len(self.lines)

    @property
    def is_free(self) -> bool:
        return self.totals.gross == 0

    @property
    def invoice_to(self) -> str:
        """Who the invoice goes to ("" when the places are free), as the review page says it."""
        if self.is_free:
            return ""
        person = f"{self.booker_name or self.booker_email} ({self.booker_email})"
        if self.organisation is None:
            return person
        return f"{self.organisation.name}, for the attention of {person}"


def booking_quote(
    *,
    actor: Actor,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None,
) -> BookingQuote:
    """Each delegate's rate, net, tax and gross, the totals in the network's currency, and whether
    the booking would be confirmed now; raises the same errors `booking_create` would."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to book.")
    if organisation is not None and not (
        access.can_book_for(actor, organisation.pk) or access.is_organiser(actor, event)
    ):
        raise PermissionDenied("You can only book for an organisation you belong to.")
    booking_check_open(event)
    priced = _checked_lines(event, delegates, organisation)
    currency = event.network.currency
    lines = [
        QuoteLine(
            name=d.name,
            email=d.email,
            rate_name=d.rate_name,
            amounts=LineAmounts(
                net=d.net, tax=d.tax, gross=d.gross, rate=d.tax_rate, currency=currency
            ),
        )
        for d in priced
    ]
    availability = selectors.event_availability(event)
    free = availability["free"]
    will_wait = free is not None and (availability["waiting"] > 0 or free < len(lines))
    return BookingQuote(
        lines=lines,
        totals=total([line.amounts for line in lines], currency),
        tax_name=event.network.tax_name,
        organisation=organisation,
        will_wait=will_wait,
        free=free,
        booker_name=getattr(actor, "full_name", "") or "",
        booker_email=getattr(actor, "email", ""),
    )
