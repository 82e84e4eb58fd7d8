"""Room cards (decision 0036): the organisers print a sheet of one-time codes; a person without a
sign-in or an e-mail address scans or types one at `/join/` and that device (only) may then vote
in the debate or answer the feedback form. Each device keeps its own token in a cookie."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError

from .. import qr, selectors, services
from ..forms import CardsForm, CodeForm
from ..links import join_link
from ..models import Debate, FeedbackForm
from .common import (
    CARD_COOKIE_AGE,
    VOTE_COOKIE_AGE,
    card_cookie_name,
    set_token_cookie,
    show_error,
    status_for,
    vote_cookie_name,
)


def _cards_page(
    request: AuthenticatedRequest, obj: Debate | FeedbackForm, back: str
) -> HttpResponse:
    form = CardsForm(request.POST if request.method == "POST" else None, initial={"count": 20})
    title = obj.motion if isinstance(obj, Debate) else obj.title
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.cards_issue(
                actor=request.user, obj=obj, count=form.cleaned_data["count"]
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            cards = [
                {"code": f"{c[:4]} {c[4:]}", "qr": qr.secret_data_url(join_link(c))} for c in codes
            ]
            response = render(
                request,
                "feedback/cards/sheet.html",
                {
                    "obj": obj,
                    "what": title,
                    "cards": cards,
                    "join": join_link(),
                    "back": back,
                    "is_debate": isinstance(obj, Debate),
                    "title": "Room cards to print",
                },
            )
            response["Cache-Control"] = "no-store"  # the codes are shown this once
            return response
    return render(
        request,
        "feedback/cards/make.html",
        {
            "obj": obj,
            "what": title,
            "form": form,
            "back": back,
            "is_debate": isinstance(obj, Debate),
            "title": "Make room cards",
        },
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_cards(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    return _cards_page(request, debate, reverse("feedback:debate-manage", args=[public_id]))


@login_required
@require_http_methods(["GET", "POST"])
def form_cards(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    return _cards_page(request, form, reverse("feedback:form-manage", args=[public_id]))


def redeem_and_go(
    request: HttpRequest, form: CodeForm, expected: Any = None
) -> HttpResponse | None:
    """Use the card on this device and send it on, with its token in a cookie; None (and the
    problem on `form`) when the card is refused."""
    try:
        done = services.card_redeem(
            actor=request.user, code=form.cleaned_data["code"], expected=expected
        )
    except ApplicationError as exc:
        if exc.status == 403:
            form.add_error(None, exc.message)
        else:
            show_error(form, exc)
        return None
    if done.debate is not None:
        messages.success(request, "You can vote now from this device.")
        response = redirect("feedback:vote", public_id=done.debate.public_id)
        set_token_cookie(
            response, vote_cookie_name(done.debate), done.token, max_age=VOTE_COOKIE_AGE
        )
        return response
    assert done.form is not None
    messages.success(request, "You can give your feedback now from this device.")
    response = redirect("feedback:answer", public_id=done.form.public_id)
    set_token_cookie(response, card_cookie_name(done.form), done.token, max_age=CARD_COOKIE_AGE)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Anyone with a card: no sign-in, no e-mail address, no name."""
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            done = redeem_and_go(request, form)
            if done is not None:
                return done
    else:
        form = CodeForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(
        request,
        "feedback/cards/join.html",
        {"form": form, "title": "Join with your card"},
        status=409 if form.non_field_errors() else status_for(form),
    )
