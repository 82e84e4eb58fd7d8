"""The voting page on a phone: a signed-in attendee votes as themselves; a device without a
sign-in joins with a one-time room card (when the organisers allow walk-ins; `cards.py`) and keeps
its own pseudonymous token in a cookie. One vote per round; voting again changes it until the round closes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError

from .. import selectors, services
from ..forms import CodeForm, VoteForm
from .cards import redeem_and_go
from .common import (
    VOTE_COOKIE_AGE,
    set_token_cookie,
    show_error,
    status_for,
    vote_cookie_name,
)


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, public_id: Any) -> HttpResponse:
    debate = selectors.debate_for_voting(actor=request.user, public_id=public_id)
    token = request.COOKIES.get(vote_cookie_name(debate), "")
    results = selectors.debate_results(actor=request.user, debate=debate)
    can_vote = bool(token) or request.user.is_authenticated
    form = VoteForm(request.POST if request.method == "POST" else None, labels=results.labels)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        if not can_vote:
            form.add_error(None, "Sign in, or enter the code on your card, to vote.")
        else:
            try:
                if not token:
                    new_token = services.voter_token_for(actor=request.user, debate=debate)
                services.vote_cast(
                    actor=request.user,
                    debate=debate,
                    kind=results.open_round or "before",
                    choice=form.cleaned_data["choice"],
                    token=token or new_token,
                )
            except ApplicationError as exc:
                if exc.status in (401, 403, 409):
                    form.add_error(None, exc.message)
                else:
                    show_error(form, exc)
            else:
                label = results.labels[form.cleaned_data["choice"]]
                messages.success(
                    request, f"Your vote is in: {label}. You can change it until voting closes."
                )
                done = redirect("feedback:vote", public_id=debate.public_id)
                if new_token:
                    set_token_cookie(
                        done, vote_cookie_name(debate), new_token, max_age=VOTE_COOKIE_AGE
                    )
                return done
    response = render(
        request,
        "feedback/debates/vote.html",
        {
            "debate": debate,
            "results": results,
            "form": form,
            "code_form": CodeForm(),
            "can_vote": can_vote,
            "has_token": bool(token),
            "title": "Vote",
        },
        status=(409 if form.non_field_errors() else status_for(form)),
    )
    return response


@require_POST
def join(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A device without a sign-in joins this debate's vote with a one-time room card."""
    debate = selectors.debate_for_voting(actor=request.user, public_id=public_id)
    form = CodeForm(request.POST)
    if form.is_valid():
        done = redeem_and_go(request, form, expected=debate)
        if done is not None:
            return done
    results = selectors.debate_results(actor=request.user, debate=debate)
    return render(
        request,
        "feedback/debates/vote.html",
        {
            "debate": debate,
            "results": results,
            "form": VoteForm(labels=results.labels),
            "code_form": form,
            "can_vote": False,
            "title": "Vote",
        },
        status=409 if form.non_field_errors() else 400,
    )


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    debate = selectors.debate_by_code(code)
    return redirect("feedback:vote", public_id=debate.public_id)
