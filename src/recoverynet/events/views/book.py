"""Booking places: the form (delegates added and removed with or without JavaScript), the review
step with every delegate's price and the totals (issue #15), then the booking."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error
from recoverynet.network import selectors as network_selectors

from .. import listing, quotes, selectors, services
from ..forms import BookingForm, DelegateFormSet
from ..models import BookingStatus, Event
from .common import _prices

DELEGATE_FIELDS = [
    "name",
    "email",
    "organisation_name",
    "rate",
    "perspective",
    "access_needs",
    "dietary_needs",
]


def _small_number(text: str) -> bool:
    """Digits only (not "²"), and short enough that int() cannot be made to do heavy work."""
    return text.isascii() and text.isdecimal() and len(text) <= 4


def _delegate_initial_from_post(post: Any, count: int) -> list[dict[str, str]]:
    return [{f: post.get(f"delegates-{i}-{f}", "") for f in DELEGATE_FIELDS} for i in range(count)]


def _delegate_inputs(formset: Any) -> list[services.DelegateInput]:
    return [
        services.DelegateInput(
            name=f.cleaned_data["name"],
            email=f.cleaned_data["email"],
            rate_id=int(f.cleaned_data["rate"]),
            organisation_name=f.cleaned_data["organisation_name"],
            perspective=f.cleaned_data["perspective"],
            access_needs=f.cleaned_data["access_needs"],
            dietary_needs=f.cleaned_data["dietary_needs"],
        )
        for f in formset.forms
    ]


def _show_error(form: BookingForm, formset: Any, exc: ApplicationError) -> None:
    """A service's refusal on the field it names: a delegate's field, or the booking's."""
    if exc.field and exc.field.startswith("delegates."):
        index = int(exc.field.split(".")[1])
        name = exc.field.split(".")[2] if exc.field.count(".") == 2 else None
        formset.forms[index].add_error(
            name if name in formset.forms[index].fields else None, exc.message
        )
    else:
        add_service_error(form, exc)


def _resized(
    request: AuthenticatedRequest, organisations: Any, rate_choices: Any, limit: int
) -> tuple[BookingForm, Any]:
    typed = request.POST.get("delegates-TOTAL_FORMS", "1")
    step = 1 if "add_delegate" in request.POST else -1
    count = max(1, min((int(typed) if _small_number(typed) else 1) + step, limit))
    form = BookingForm(
        initial={
            "organisation": request.POST.get("organisation"),
            "purchase_order": request.POST.get("purchase_order", ""),
        },
        organisations=organisations,
    )
    formset = DelegateFormSet(
        prefix="delegates",
        initial=_delegate_initial_from_post(request.POST, count),
        form_kwargs={"rate_choices": rate_choices},
    )
    return form, formset


def _blank(
    request: AuthenticatedRequest, organisations: Any, rate_choices: Any, limit: int
) -> tuple[BookingForm, Any]:
    wanted = request.GET.get("delegates", "1")
    count = max(1, min(int(wanted) if _small_number(wanted) else 1, limit))
    initial = [{"name": request.user.full_name, "email": request.user.email}] + [
        {} for _ in range(count - 1)
    ]
    # The organisation defaults to the booker's own when they have exactly one (issue #15).
    own = list(organisations[:2])
    form = BookingForm(
        organisations=organisations,
        initial={"organisation": own[0].pk} if len(own) == 1 else None,
    )
    formset = DelegateFormSet(
        prefix="delegates", initial=initial, form_kwargs={"rate_choices": rate_choices}
    )
    return form, formset


def _booked(request: AuthenticatedRequest, booking: Any) -> HttpResponse:
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(
            request, "Your booking is confirmed. We have sent you an e-mail with the details."
        )
    else:
        messages.success(
            request,
            "The event is full, so you are on the waiting list. We will e-mail you if a place is free.",
        )
    return redirect("events:booking-detail", public_id=booking.public_id)


def _review(
    request: AuthenticatedRequest, event: Event, quote: quotes.BookingQuote, form: BookingForm
) -> HttpResponse:
    """What the booking will be, with the totals; every field goes back as a hidden input."""
    kept = [(k, v) for k in request.POST for v in request.POST.getlist(k)]
    kept = [(k, v) for k, v in kept if k not in ("csrfmiddlewaretoken", "confirmed", "change")]
    return render(
        request,
        "events/book_review.html",
        {
            "event": event,
            "quote": quote,
            "purchase_order": form.cleaned_data["purchase_order"],
            "booker": request.user,
            "kept": kept,
            "title": f"Check your booking: {event.title}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    try:
        services.booking_check_open(event)
    except ApplicationError as exc:
        # No form for an event that cannot be booked here: say where to go instead.
        return render(
            request,
            "events/book_unavailable.html",
            {"event": event, "title": f"Book: {event.title}", "reason": exc.message},
            status=exc.status,
        )
    cohort = listing.cohort_only(actor=request.user, event=event)
    if cohort is not None:
        # A learning-set day is only for its cohort: say so instead of showing a form (issue #15).
        return render(
            request,
            "events/book_unavailable.html",
            {"event": event, "title": f"Book: {event.title}", "cohort_only": cohort},
            status=403,
        )
    rate_choices = [(str(p["rate"].pk), f"{p['rate'].name}: {p['label']}") for p in _prices(event)]
    organisations = network_selectors.my_organisations(actor=request.user)
    limit = event.max_delegates_per_booking
    fresh_key = False
    post = request.POST
    resizing = request.method == "POST" and ("add_delegate" in post or "remove_delegate" in post)
    changing = request.method == "POST" and "change" in post
    if resizing:
        form, formset = _resized(request, organisations, rate_choices, limit)
    elif request.method == "POST":
        form = BookingForm(post, organisations=organisations)
        formset = DelegateFormSet(
            post, prefix="delegates", form_kwargs={"rate_choices": rate_choices}
        )
        if not changing and form.is_valid() and formset.is_valid():
            if len(formset.forms) > limit:
                form.add_error(None, f"You can book at most {limit} delegates at once.")
            else:
                delegates = _delegate_inputs(formset)
                organisation = form.cleaned_data["organisation"]
                try:
                    if post.get("confirmed") != "yes":
                        quote = quotes.booking_quote(
                            actor=request.user,
                            event=event,
                            delegates=delegates,
                            organisation=organisation,
                        )
                        return _review(request, event, quote, form)
                    result = services.booking_create(
                        actor=request.user,
                        event=event,
                        delegates=delegates,
                        organisation=organisation,
                        purchase_order=form.cleaned_data["purchase_order"],
                        idempotency_key=post.get("idempotency_key", ""),
                    )
                except ApplicationError as exc:
                    if exc.code == "idempotency_mismatch":
                        # Sent again (e.g. after Back) with changed details: book nothing now, and
                        # give the form a new key so sending it again makes a new booking.
                        fresh_key = True
                        exc.message = (
                            "You already sent this booking form with different details, so nothing "
                            "new was booked. Check the details and send the form again to make a "
                            "new booking."
                        )
                    _show_error(form, formset, exc)
                else:
                    return _booked(request, result.booking)
    else:
        form, formset = _blank(request, organisations, rate_choices, limit)
    return render(
        request,
        "events/book.html",
        {
            "event": event,
            "form": form,
            "formset": formset,
            "title": f"Book: {event.title}",
            "availability": selectors.event_availability(event),
            "limit": limit,
            "idempotency_key": (not fresh_key and post.get("idempotency_key")) or uuid.uuid4().hex,
        },
        status=400 if request.method == "POST" and not (resizing or changing) else 200,
    )
