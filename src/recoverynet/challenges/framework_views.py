"""Editing a framework's wording without code: scale labels and descriptors, challenge descriptions.
A framework that rounds have used gets a new version, so closed rounds keep their wording."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.network import access as network_access

from . import selectors, services
from .models import Framework


def can_edit(user: Any, framework: Framework) -> bool:
    if network_access.is_admin(user):
        return True
    return bool(
        framework.network_id and network_access.can_manage_network(user, framework.network_id)
    )


class FrameworkWordingForm(forms.Form):
    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        for point in framework.scale.all():
            self.fields[f"scale-{point.value}-label"] = forms.CharField(
                label=f"Name of point {point.value}", max_length=80, initial=point.label
            )
            self.fields[f"scale-{point.value}-descriptor"] = forms.CharField(
                label=f"What point {point.value} means",
                max_length=1000,
                required=False,
                initial=point.descriptor,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for challenge in framework.challenges.all():
            self.fields[f"challenge-{challenge.number}"] = forms.CharField(
                label=f"Challenge {challenge.number}: {challenge.title}",
                max_length=2000,
                required=False,
                initial=challenge.description,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="A short description in your network's words (optional).",
            )

    def scale_changes(self) -> dict[int, tuple[str, str]]:
        return {
            p.value: (
                self.cleaned_data[f"scale-{p.value}-label"],
                self.cleaned_data[f"scale-{p.value}-descriptor"],
            )
            for p in self.framework.scale.all()
        }

    def challenge_changes(self) -> dict[int, str]:
        return {
            c.number: self.cleaned_data[f"challenge-{c.number}"]
            for c in self.framework.challenges.all()
        }


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(pk)
    if not can_edit(request.user, framework):
        raise PermissionDenied(
            "Only an administrator, or a coordinator of the framework's network, can change it."
        )
    form = FrameworkWordingForm(
        request.POST if request.method == "POST" else None, framework=framework
    )
    if request.method == "POST" and form.is_valid():
        try:
            edited = services.framework_edit(
                actor=request.user,
                framework=framework,
                scale=form.scale_changes(),
                challenges=form.challenge_changes(),
            )
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            add_service_error(form, exc)
        else:
            if edited.pk != framework.pk:
                messages.success(
                    request,
                    f"Saved as version {edited.version}. Rounds already done keep the old wording.",
                )
            else:
                messages.success(request, "Saved.")
            return redirect("challenges:framework-detail", pk=edited.pk)
    return render(
        request,
        "challenges/framework_edit.html",
        {"framework": framework, "form": form, "title": f"Change the wording of {framework.name}"},
        status=400 if form.is_bound and form.errors else 200,
    )
