"""Audit trails of an organisation, a membership or a person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import selectors

# --- Audit ------------------------------------------------------------------------------------------------


@login_required
def organisation_audit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    entries = selectors.audit_for_organisation(actor=request.user, organisation=organisation)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": organisation.name,
            "object_label": organisation.name,
            "back_url": reverse("network:organisation-detail", args=[slug]),
        },
    )


@login_required
def membership_audit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    entries = selectors.audit_for_membership(actor=request.user, membership=membership)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": str(membership),
            "object_label": membership.network.name,
            "back_url": reverse("network:manage-network", args=[membership.network.slug]),
        },
    )


@login_required
def person_audit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_audit(actor=request.user, person_id=person_id)
    entries = selectors.audit_for_person(actor=request.user, person=person)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": person.display_name,
            "object_label": "Manage networks",
            "back_url": reverse("network:manage"),
        },
    )
