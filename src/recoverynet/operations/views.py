"""The background-queue page for the network team: depth, oldest waiting task, failures, retry."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.core.pagination import paginate

from . import selectors, services
from .access import can_see_queues


@login_required
def queues(request: HttpRequest) -> HttpResponse:
    if not can_see_queues(request.user):
        raise PermissionDenied("Only the network team can see the background queues.")
    return render(
        request,
        "operations/queues.html",
        {
            "title": "Background queues",
            "summaries": selectors.queue_summaries(actor=request.user),
            "page_obj": paginate(request, selectors.failed_tasks(actor=request.user)),
            "queued_mode": settings.TASKS_MODE == "database",
        },
    )


@login_required
@require_POST
def task_retry(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    task = services.task_retry(actor=request.user, task_id=task_id)
    messages.success(request, f"The task was put back on the {task.queue_name} queue.")
    return redirect("operations:queues")
