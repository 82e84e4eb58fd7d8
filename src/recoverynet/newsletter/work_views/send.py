"""Editors' pages: sending a published issue by e-mail and following its progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from recoverynet.core.pagination import paginate

from .. import selectors, sending
from ..forms import DeliveryFilterForm
from ..models import Delivery, DeliveryStatus, IssueStatus
from .common import editor_publication, reraise_access

# --- Editors: sending -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def issue_send(request: AuthenticatedRequest, network: str, slug: str) -> HttpResponse:
    publication = editor_publication(request, network)
    issue = selectors.issue_for_editor(actor=request.user, publication=publication, slug=slug)
    progress_url = reverse("newsletter:send-progress", args=[network, issue.slug])
    if getattr(issue, "send", None) is not None:
        return redirect(progress_url)
    if issue.status != IssueStatus.PUBLISHED:
        messages.error(request, "Publish the issue before sending it.")
        return redirect("newsletter:issue-manage", network=network, slug=issue.slug)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            return redirect("newsletter:issue-send", network=network, slug=issue.slug)
        try:
            send = sending.send_start(actor=request.user, issue=issue)
        except ApplicationError as exc:
            reraise_access(exc)
            if exc.code == "wrong_state" and getattr(
                selectors.issue_for_editor(actor=request.user, publication=publication, slug=slug),
                "send",
                None,
            ):
                return redirect(progress_url)  # a colleague started it a moment ago
            raise
        messages.success(
            request,
            f"Sending has started to {send.recipients} "
            f"subscriber{'' if send.recipients == 1 else 's'}.",
        )
        return redirect(progress_url)
    return render(
        request,
        "newsletter/work/issue_send.html",
        {
            "issue": issue,
            "publication": publication,
            "network": publication.network,
            "recipients": selectors.send_recipient_count(
                actor=request.user, publication=publication
            ),
            "title": f"Send {issue.title}",
        },
    )


_DELIVERY_WORDS = {
    "skipped": ("Not sent: unsubscribed or suppressed", "grey"),
    "cancelled": ("Not sent: no longer wanted", "grey"),
    "sent": ("Sent", "green"),
    "failed": ("Failed after several tries", "red"),
    "waiting": ("Waiting its turn", "white"),
    "pending": ("Handed to the mail outbox, sending soon", "blue"),
}


def _delivery_state(delivery: Delivery) -> tuple[str, str]:
    """The recipient's status in words, and the tag colour."""
    if delivery.status == DeliveryStatus.SKIPPED:
        return _DELIVERY_WORDS["skipped"]
    if delivery.status == DeliveryStatus.WAITING or delivery.message is None:
        return _DELIVERY_WORDS["waiting"]
    status = delivery.message.status
    if status == OutboxMessage.Status.CANCELLED:
        return _DELIVERY_WORDS["cancelled"]
    if status in (OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED):
        return _DELIVERY_WORDS[status]
    return _DELIVERY_WORDS["pending"]


@login_required
@require_http_methods(["GET", "POST"])
def send_progress(request: AuthenticatedRequest, network: str, slug: str) -> HttpResponse:
    publication = editor_publication(request, network)
    send = selectors.send_for_editor(actor=request.user, publication=publication, slug=slug)
    if request.method == "POST":
        what = request.POST.get("action")
        try:
            if what == "pause":
                sending.send_pause(actor=request.user, send=send)
                messages.success(
                    request, "Sending is paused. Nobody else gets it until you resume."
                )
            elif what == "resume":
                sending.send_resume(actor=request.user, send=send)
                messages.success(request, "Sending has started again.")
            else:
                raise ApplicationError("invalid", "Choose pause or resume.", status=400)
        except ApplicationError as exc:
            reraise_access(exc)
            messages.error(request, exc.message)
        return redirect("newsletter:send-progress", network=network, slug=send.issue.slug)
    context: dict[str, Any] = {
        "send": send,
        "issue": send.issue,
        "publication": publication,
        "network": publication.network,
        "counts": sending.progress(send),
        "title": f"Sending {send.issue.title}",
    }
    if request.GET.get("fragment") == "1":
        return render(request, "newsletter/work/send_status.html", context)
    filter_form = DeliveryFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = paginate(
        request, selectors.deliveries(actor=request.user, send=send, status=status), per_page=50
    )
    rows = []
    for delivery in page:
        words, colour = _delivery_state(delivery)
        rows.append({"delivery": delivery, "words": words, "colour": colour})
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("fragment", None)
    return render(
        request,
        "newsletter/work/send_progress.html",
        {
            **context,
            "filter_form": filter_form,
            "status_filter": status,
            "page_obj": page,
            "rows": rows,
            "query": params.urlencode(),
        },
    )
