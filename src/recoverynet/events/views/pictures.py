"""An event's picture: the organisers' page to add, change or remove it, and the file itself, shown
to whoever may see the event (issue #15)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recoverynet.core import files, kept_uploads
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error

from .. import selectors, services
from ..forms import EventPictureForm
from ..models import Event, EventPicture, EventStatus
from ..services.pictures import EXTENSIONS, FOLDER
from .common import _manager_event


def _picture(event: Event) -> EventPicture | None:
    try:
        return event.picture  # selected with the event
    except ObjectDoesNotExist:
        return None


@require_GET
def event_picture(request: HttpRequest, public_id: UUID, name: str) -> FileResponse:
    """The picture of an event anyone may see; a draft's only for its organisers (others get "not
    found"). Its name is in the address, so a changed picture has a new address and the old one
    can be cached for long."""
    event = selectors.event_get(actor=request.user, public_id=public_id)
    picture = _picture(event)
    extension = EXTENSIONS.get(picture.content_type) if picture else None
    if picture is None or picture.stored_name != name or extension is None:
        raise NotFound("We could not find that picture.")
    try:
        handle = files.open_file(FOLDER, picture.stored_name)
    except (FileNotFoundError, ValueError):
        raise NotFound("The picture is missing. Please tell the event's organisers.") from None
    response = FileResponse(handle, content_type=picture.content_type)
    protect(response, filename=f"event-picture{extension}", inline=True)
    if event.status == EventStatus.DRAFT:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def event_picture_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    current = _picture(event)
    purpose = f"events.picture.{event.pk}"
    chosen = kept_uploads.files_for(request, purpose=purpose, fields=["picture"])
    posted = request.method == "POST"
    form = EventPictureForm(
        request.POST if posted else None,
        chosen if posted else None,
        has_picture=current is not None,
        initial={"alt_text": current.alt_text, "decorative": current.decorative}
        if current
        else None,
    )
    if posted and form.is_valid():
        try:
            services.event_picture_set(
                actor=request.user,
                event=event,
                upload=form.cleaned_data["picture"] or None,
                alt_text=form.cleaned_data["alt_text"],
                decorative=form.cleaned_data["decorative"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            kept_uploads.discard(request, purpose=purpose)
            messages.success(request, "The picture is saved. It shows on the list of events.")
            return redirect("events:event-manage", public_id=event.public_id)
    return render(
        request,
        "events/manage/picture.html",
        {
            "event": event,
            "picture": current,
            "form": form,
            # After an error that is not about the picture itself, the chosen picture is kept.
            "kept": kept_uploads.keep(request, chosen, purpose=purpose, fields=["picture"])
            if form.is_bound and form.errors and "picture" not in form.errors
            else [],
            "title": f"Picture for {event.title}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def event_picture_remove(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    services.event_picture_remove(actor=request.user, event=event)
    messages.success(request, "The picture is removed.")
    return redirect("events:event-manage", public_id=event.public_id)
