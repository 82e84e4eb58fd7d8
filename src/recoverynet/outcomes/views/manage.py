"""Pages for the organisation: its collections, licensed wording, planning a collection, and a
collection's follow-up (response rates, who still has a questionnaire due, sending links)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services, sources
from ..forms import CollectionForm, WordingForm


def _reraise_access(exc: ApplicationError) -> None:
    if exc.status in (403, 404):
        raise exc


@login_required
@private_page(*access.PAGE_APPS)
def organisation_index(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    collections = list(
        selectors.collections_for_organisation(actor=request.user, organisation=organisation)
    )
    return render(
        request,
        "outcomes/organisation.html",
        {
            "organisation": organisation,
            "collections": collections,
            "can_plan": access.can_plan(request.user, organisation),
            "pools": selectors.pools_for_organisation(
                actor=request.user, organisation=organisation
            ),
            "network_pools": selectors.network_pools_for(
                actor=request.user, organisation=organisation
            ),
            "title": f"Outcome questionnaires at {organisation.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wording(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    if not access.can_plan(request.user, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    instruments = selectors.instrument_list(actor=request.user)
    form = WordingForm(request.POST or None, instruments=instruments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wording_load(
                actor=request.user,
                instrument=data["instrument"],
                organisation=organisation,
                licence_type=data["licence_type"],
                licence_reference=data["licence_reference"],
                licence_expires=data["licence_expires"],
                licence_confirmed=data["licence_confirmed"],
                items=data["items"],
                labels=data["labels"],
                introduction=data["introduction"],
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The wording is loaded. Your organisation can now use it.")
            return redirect("outcomes:wording", slug=organisation.slug)
    usable = selectors.usable_instruments(actor=request.user, organisation=organisation)
    return render(
        request,
        "outcomes/wording.html",
        {
            "organisation": organisation,
            "form": form,
            "instruments": [
                (i, selectors.definition_of(i), dict(usable).get(i)) for i in instruments
            ],
            "title": "Licensed wording",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    usable = selectors.usable_instruments(actor=request.user, organisation=organisation)
    choices = [
        (f"{source.kind}:{ref}", label)
        for source in sources.all_sources()
        for ref, label in source.choices(request.user, organisation)
    ]
    ids = [i.pk for i, _ in usable]
    form = CollectionForm(
        request.POST or None,
        instruments=selectors.instrument_list(actor=request.user).filter(pk__in=ids),
        sources=choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _, ref = data["source"].partition(":")
        plans = [
            services.TimepointPlan("baseline", data["baseline_from"], data["baseline_days"]),
            services.TimepointPlan("end", data.get("end_from"), data["end_days"]),
        ]
        if data.get("later_from"):
            plans.append(services.TimepointPlan("later", data["later_from"], data["later_days"]))
        try:
            collection = services.collection_create(
                actor=request.user,
                organisation=organisation,
                title=data["title"],
                instruments=list(data["instruments"]),
                source_kind=kind,
                source_ref=ref,
                timepoints=plans,
                retain_until=data["retain_until"],
                reminder_days=data["reminder_days"],
                max_reminders=data["max_reminders"],
                send_automatically=data["send_automatically"],
                add_joiners=data["add_joiners"],
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "The collection is planned. Links go out automatically as each questionnaire opens."
                if collection.send_automatically
                else "The collection is planned. Send the baseline links when ready.",
            )
            return redirect("outcomes:collection", public_id=collection.public_id)
    return render(
        request,
        "outcomes/collection_new.html",
        {
            "organisation": organisation,
            "form": form,
            "usable": usable,
            "title": "Plan a collection",
        },
        status=400 if form.errors else 200,
    )


@login_required
@private_page(*access.PAGE_APPS)
def collection_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    collection = selectors.collection_get(actor=request.user, public_id=public_id, need="follow_up")
    return render(
        request,
        "outcomes/collection.html",
        {
            "collection": collection,
            "organisation": collection.organisation,
            "rates": selectors.follow_up_rates(actor=request.user, collection=collection),
            "can_plan": access.can_plan(request.user, collection.organisation),
            "title": collection.title,
        },
    )


@login_required
@require_POST
def send_links(request: AuthenticatedRequest, public_id: UUID, position: int) -> HttpResponse:
    collection = selectors.collection_get(actor=request.user, public_id=public_id, need="plan")
    timepoint = next((t for t in collection.timepoints.all() if t.position == position), None)
    if timepoint is None:
        raise NotFound("We could not find that timepoint.")
    try:
        sent = services.invitations_send(
            actor=request.user, collection=collection, timepoint=timepoint
        )
    except ApplicationError as exc:
        _reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Links sent to {sent} people who have not answered yet.")
    return redirect("outcomes:collection", public_id=collection.public_id)
