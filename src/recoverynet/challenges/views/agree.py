"""Agreeing many cells at once, and the disagreement heat map (issue #15)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error

from .. import access, agreeing, selectors, services
from ..models import RoundStatus
from ._common import form_status
from .rounds import scale_labels


class AgreeManyForm(forms.Form):
    cells = forms.MultipleChoiceField(
        label="Ratings to agree",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one rating to agree."},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cells"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices


@login_required
@require_http_methods(["GET", "POST"])
def agree_many(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    if not access.can_facilitate(request.user, round_) or round_.status != RoundStatus.OPEN:
        raise PermissionDenied(
            "Only the round's facilitator can record the agreed rating, while the round is open."
        )
    grid = selectors.round_grid(actor=request.user, round_=round_)
    found = agreeing.proposals(grid)
    labels = scale_labels(round_)
    choices = [
        (
            p.key,
            f"Challenge {p.cell.challenge.number}, {p.cell.level.label.lower()}: "
            f"{p.value} {labels.get(p.value, '')}".strip(),
        )
        for p in found
    ]
    form = AgreeManyForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"cells": [k for k, _ in choices]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.consensus_agree_many(
                actor=request.user, round_=round_, keys=form.cleaned_data["cells"]
            )
        except ApplicationError as exc:
            if exc.status in (403, 404, 409):
                raise
            add_service_error(form, exc)
        else:
            left = len(grid.cells) - grid.agreed - len(made)
            messages.success(
                request,
                f"{len(made)} rating{'s' if len(made) != 1 else ''} agreed. "
                f"{left} left to agree one by one.",
            )
            return redirect(reverse("challenges:round-grid", args=[round_.public_id]) + "#heat-map")
    return render(
        request,
        "challenges/agree_many.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "title": f"Agree where the ratings agree: {round_.title}",
            "form": form,
            "proposals": found,
            "left": len(grid.cells) - grid.agreed - len(found),
        },
        status=form_status(form),
    )
