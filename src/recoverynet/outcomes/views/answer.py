"""Answering a questionnaire: by a single-use link (no sign-in) or as the signed-in person.

One page with every question (it works without JavaScript); with JavaScript the page shows one
question at a time (`static/outcomes/stepper.mjs`). "Save and come back later" keeps the answers
given so far; "Send my answers" needs every question answered or declined."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import markdown
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page

from .. import access, selectors, services
from ..forms import AnswerForm
from ..models import Invitation


def _questionnaire(request: HttpRequest, invitation: Invitation, action_url: str) -> HttpResponse:
    parts = selectors.questionnaire(invitation)
    rows = selectors.part_rows(parts)
    collection = invitation.participant.collection
    context = {
        "collection": collection,
        "organisation": collection.organisation,
        "parts": parts,
        "action_url": action_url,
        "title": "Questionnaire",
    }
    if request.method == "POST":
        finish = request.POST.get("action") != "save"
        form = AnswerForm(request.POST, rows=rows, required=finish)
        if form.is_valid():
            try:
                messages = services.answers_save(
                    actor=request.user,
                    invitation=invitation,
                    answers=form.answers(),
                    finish=finish,
                )
            except ApplicationError as exc:
                if exc.status in (403, 404, 410):
                    raise
                add_service_error(form, exc)
            else:
                template = "outcomes/answer_done.html" if finish else "outcomes/answer_saved.html"
                return render(
                    request,
                    template,
                    {**context, "signposts": [markdown.render(m) for m in messages]},
                )
        return render(
            request,
            "outcomes/answer.html",
            {**context, "form": form},
            status=400 if form.errors else 200,
        )
    form = AnswerForm(rows=rows, required=True)
    return render(request, "outcomes/answer.html", {**context, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    response = _questionnaire(request, invitation, request.path)
    # The link is the key: never send it to another site (same-origin keeps CSRF origin checks).
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer_as_self(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_for_self(actor=request.user, invitation_id=invitation_id)
    return _questionnaire(request, invitation, request.path)


@login_required
@private_page(*access.PAGE_APPS)
def my_questionnaires(request: AuthenticatedRequest) -> HttpResponse:
    open_ = list(selectors.invitations_for_self(actor=request.user))
    results = selectors.my_results(actor=request.user)
    return render(
        request,
        "outcomes/mine.html",
        {
            "invitations": open_,
            "results": results,
            "shares": selectors.my_shares(actor=request.user),
            "share_organisations": selectors.share_organisations(actor=request.user),
            "title": "Your questionnaires",
        },
    )
