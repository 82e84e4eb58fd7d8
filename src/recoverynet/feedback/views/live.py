"""The projector's live part: the htmx fragment (polled) and Server-Sent Events (decision 0036).

The deployment runs gunicorn with the `gthread` worker (a few threads per process), and an SSE
response holds its thread for as long as it is open. So a stream is bounded: it checks one small
query every `poll_seconds`, sends the fragment only when a round opened or closed (a comment line
otherwise, so a gone projector is noticed at the next write), and ends after
`FEEDBACK_SSE_SECONDS` with a `retry:` so the browser reconnects. Each process serves at most
`FEEDBACK_SSE_STREAMS_PER_PROCESS` streams at once; a further one gets a `busy` event and ends,
and that projector keeps polling the fragment with htmx (which is also what happens without
JavaScript's EventSource, and the `<noscript>` meta refresh without JavaScript at all)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from recoverynet.accounts.http import AuthenticatedRequest

from .. import qr, selectors
from ..models import Debate

LIVE_TEMPLATE = "feedback/debates/projector_live.html"
RETRY_MS = 2000

_lock = threading.Lock()
_open_streams = 0


def vote_link(debate: Debate) -> str:
    return settings.SITE_URL + reverse("feedback:debate-short", args=[debate.short_code])


def projector_context(request: HttpRequest, debate: Debate) -> dict[str, Any]:
    link = vote_link(debate)
    streams = settings.FEEDBACK_SSE_STREAMS_PER_PROCESS > 0
    return {
        "debate": debate,
        "results": selectors.debate_results(actor=request.user, debate=debate),
        "vote_link": link,
        "qr": qr.data_url(link),
        "stream_url": reverse("feedback:projector-stream", args=[debate.public_id])
        if streams
        else "",
    }


def _take_stream() -> bool:
    global _open_streams
    with _lock:
        if _open_streams >= settings.FEEDBACK_SSE_STREAMS_PER_PROCESS:
            return False
        _open_streams += 1
        return True


def _give_back_stream() -> None:
    global _open_streams
    with _lock:
        _open_streams -= 1


def event(name: str, data: str) -> str:
    """One SSE event; every line of the data gets its own `data:` field."""
    lines = data.strip().splitlines() or [""]
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def _events(request: HttpRequest, debate: Debate) -> Iterator[str]:
    if not _take_stream():
        yield event("busy", "This screen keeps refreshing itself every few seconds instead.")
        return
    try:
        yield f"retry: {RETRY_MS}\n\n"
        deadline = time.monotonic() + settings.FEEDBACK_SSE_SECONDS
        last: tuple[Any, ...] | None = None
        while True:
            state = selectors.debate_live_state(actor=request.user, debate=debate)
            if state is None:  # no longer an organiser: stop, and do not reconnect
                yield event("gone", "")
                return
            if state != last:
                html = render_to_string(LIVE_TEMPLATE, projector_context(request, debate), request)
                yield event("live", html)
                last = state
            else:
                yield ": no change\n\n"
            left = deadline - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(float(debate.poll_seconds), left))
        yield event("bye", "Reconnect")
    finally:
        _give_back_stream()


@login_required
def projector_live(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """The part of the projector that changes, for htmx to swap in every few seconds."""
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    return render(request, LIVE_TEMPLATE, projector_context(request, debate))


@login_required
def projector_stream(
    request: AuthenticatedRequest, public_id: Any
) -> HttpResponse | StreamingHttpResponse:
    """Server-Sent Events for the projector: the live part each time it changes, for a bounded
    time (see the module's note)."""
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    if settings.FEEDBACK_SSE_STREAMS_PER_PROCESS <= 0:
        return HttpResponse(status=204)  # EventSource gives up; the page polls
    response = StreamingHttpResponse(_events(request, debate), content_type="text/event-stream")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx passes each event on at once
    return response
