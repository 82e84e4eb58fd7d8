"""Editors' pages: the subscribers, and the suppression list of addresses we never send to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page

from .. import access, selectors, services
from ..forms import SubscriberFilterForm, SuppressionFilterForm, SuppressionForm
from .common import count_rows, editor_publication, form_status, posted_id, reraise_access

# --- Editors: subscribers and the suppression list --------------------------------------------


@login_required
def subscribers(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = editor_publication(request, network)
    form = SubscriberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.subscriptions(
        actor=request.user, publication=publication, status=filters.get("status", "")
    )
    q = (filters.get("q") or "").strip().lower()
    if q:
        found = found.filter(email__contains=q)
    page = paginate(request, found, per_page=50)
    return render(
        request,
        "newsletter/work/subscribers.html",
        {
            "publication": publication,
            "network": publication.network,
            "counts": count_rows(selectors.subscriber_counts(publication)),
            "form": form,
            "filtered": bool(filters.get("status") or q),
            "page_obj": page,
            "query": query_without_page(request),
            "title": f"Subscribers to {publication.title}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def suppressions(request: AuthenticatedRequest) -> HttpResponse:
    if not access.is_any_editor(request.user):
        raise PermissionDenied("Only newsletter editors can see the suppression list.")
    entries = selectors.suppressions(actor=request.user).select_related("created_by")
    form = SuppressionForm(auto_id="id_add_%s")
    if request.method == "POST":
        step = request.POST.get("form")
        if step == "add":
            form = SuppressionForm(request.POST, auto_id="id_add_%s")
            if form.is_valid():
                try:
                    added = services.suppression_add(
                        actor=request.user,
                        email=form.cleaned_data["email"],
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                    )
                except ApplicationError as exc:
                    reraise_access(exc)
                    add_service_error(form, exc)
                else:
                    messages.success(
                        request, f"{added.email} is on the list. We will not send it newsletters."
                    )
                    return redirect("newsletter:suppressions")
        elif step == "remove":
            entry = entries.filter(pk=posted_id(request.POST.get("suppression"))).first()
            if entry is None:
                raise NotFound("That address is not on the list.")
            if request.POST.get("confirm") != "yes":
                return redirect(reverse("newsletter:suppressions") + f"?remove={entry.pk}")
            services.suppression_remove(actor=request.user, suppression=entry)
            messages.success(
                request,
                f"{entry.email} is taken off the list. They need to subscribe again, and confirm, "
                "to get newsletters.",
            )
            return redirect("newsletter:suppressions")
        else:
            raise ApplicationError("invalid", "Choose what to do on this page.", status=400)
    elif "remove" in request.GET:
        entry = entries.filter(pk=posted_id(request.GET.get("remove"))).first()
        if entry is None:
            raise NotFound("That address is not on the list.")
        return render(
            request,
            "newsletter/work/suppression_remove.html",
            {"entry": entry, "title": f"Take {entry.email} off the suppression list?"},
        )
    filter_form = SuppressionFilterForm(request.GET or None)
    q = (filter_form.cleaned_data["q"] if filter_form.is_valid() else "").strip().lower()
    if q:
        entries = entries.filter(email__contains=q)
    page = paginate(request, entries, per_page=50)
    return render(
        request,
        "newsletter/work/suppressions.html",
        {
            "form": form,
            "filter_form": filter_form,
            "q": q,
            "page_obj": page,
            "query": query_without_page(request),
            "title": "Suppression list",
        },
        status=form_status(form),
    )
