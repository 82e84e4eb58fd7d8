"""Editors' pages: how the newsletter is set up (its settings, sections and series)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error

from .. import services
from ..forms import PublicationSettingsForm, SectionForm, SeriesForm
from .common import editor_publication, form_status, posted_id, reraise_access

# --- Editors: the newsletter's settings -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def publication_settings(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = editor_publication(request, network)
    form = PublicationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=PublicationSettingsForm.initial_for(publication),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(
                actor=request.user,
                publication=publication,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                consent_text=form.cleaned_data["consent_text"],
                send_rate_per_minute=form.cleaned_data["send_rate_per_minute"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The newsletter's settings are saved.")
            return redirect("newsletter:editor-home", network=network)
    return render(
        request,
        "newsletter/work/settings.html",
        {
            "publication": publication,
            "network": publication.network,
            "form": form,
            "title": "Newsletter settings",
        },
        status=form_status(form),
    )


# --- Editors: sections and series -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sections_manage(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = editor_publication(request, network)
    section_form = SectionForm(auto_id="id_section_%s")
    series_form = SeriesForm(auto_id="id_series_%s")
    if request.method == "POST":
        step = request.POST.get("form")
        if step == "move":
            section = publication.sections.filter(pk=posted_id(request.POST.get("section"))).first()
            if section is None:
                raise NotFound("We could not find that section.")
            try:
                services.section_move(
                    actor=request.user, section=section, direction=request.POST.get("direction", "")
                )
            except ApplicationError as exc:
                reraise_access(exc)
                messages.error(request, exc.message)
            else:
                messages.success(request, f"{section.title} is moved.")
            return redirect("newsletter:sections", network=network)
        if step == "section":
            section_form = SectionForm(request.POST, auto_id="id_section_%s")
            if section_form.is_valid():
                try:
                    section = services.section_create(
                        actor=request.user,
                        publication=publication,
                        title=section_form.cleaned_data["title"],
                        kind=section_form.cleaned_data["kind"],
                    )
                except ApplicationError as exc:
                    reraise_access(exc)
                    add_service_error(section_form, exc)
                else:
                    messages.success(request, f"The section {section.title} is added at the end.")
                    return redirect("newsletter:sections", network=network)
        elif step == "series":
            series_form = SeriesForm(request.POST, auto_id="id_series_%s")
            if series_form.is_valid():
                try:
                    series = services.series_create(
                        actor=request.user,
                        publication=publication,
                        title=series_form.cleaned_data["title"],
                        description=series_form.cleaned_data["description"],
                    )
                except ApplicationError as exc:
                    reraise_access(exc)
                    add_service_error(series_form, exc)
                else:
                    messages.success(request, f"The series {series.title} is added.")
                    return redirect("newsletter:sections", network=network)
        else:
            raise ApplicationError("invalid", "Choose what to do on this page.", status=400)
    return render(
        request,
        "newsletter/work/sections.html",
        {
            "publication": publication,
            "network": publication.network,
            "sections": list(publication.sections.order_by("position", "id")),
            "series_list": list(publication.series.order_by("title")),
            "section_form": section_form,
            "series_form": series_form,
            "title": "Sections and series",
        },
        status=form_status(section_form, series_form),
    )
