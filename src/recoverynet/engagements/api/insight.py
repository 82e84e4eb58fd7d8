"""Over HTTP: the consultant's secret calendar feed (make or reset it, turn it off), the client's
self-assessments compared, and the feedback of an engagement's sessions with what is hidden and
why (and the answers pooled across sessions, where that is safe)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core import aggregates
from recoverynet.core.errors import PermissionDenied

from .. import access, selectors, services
from .routing import router


class FeedOut(Schema):
    on: bool
    url: str | None = None


class LevelChangeOut(Schema):
    level: str
    key: str
    before: Decimal | None
    before_source: str
    after: Decimal | None
    after_source: str
    change: Decimal | None


class ChallengeChangeOut(Schema):
    number: int
    title: str
    levels: list[LevelChangeOut]


class ComparisonOut(Schema):
    round_before: UUID
    round_after: UUID
    minimum: int
    improved: int
    declined: int
    challenges: list[ChallengeChangeOut]


class SessionFeedbackOut(Schema):
    session: UUID
    form: UUID
    answered: int | None
    answers_shown: bool
    hidden_because: str | None


class PooledBlockOut(Schema):
    sessions: int
    first_on: datetime.date | None
    last_on: datetime.date | None
    respondents: int
    words: list[tuple[str, int]]
    recommend: list[tuple[str, int]]
    mean_rating: float | None
    words_withdrawn: bool = Field(
        description="A moderator hid one of the block's words after it was published, so none of "
        "its words are shown any more; the numbers stay as published."
    )


class FeedbackOut(Schema):
    minimum: int
    sessions: list[SessionFeedbackOut]
    pooled: list[PooledBlockOut]
    pooled_waiting: int
    still_open: int


def _require_consultant(request: HttpRequest) -> None:
    if not access.consulting_network_ids(request.user):
        raise PermissionDenied("Only the network team's consultants have a calendar feed.")


@router.get(
    "/consultants/me/calendar-feed",
    response=FeedOut,
    auth=api_auth,
    summary="Whether your secret calendar feed is on (its address is only shown when made)",
)
def feed_get(request: HttpRequest) -> Any:
    _require_consultant(request)
    return {"on": selectors.has_calendar_feed(actor=request.user)}


@router.post(
    "/consultants/me/calendar-feed",
    response=FeedOut,
    auth=api_auth,
    summary="Make a new secret address for your calendar feed (any old one stops working)",
)
def feed_reset(request: HttpRequest) -> Any:
    token = services.calendar_feed_reset(actor=request.user)
    url = request.build_absolute_uri(reverse("engagements:feed", args=[token]))
    return {"on": True, "url": url}


@router.delete(
    "/consultants/me/calendar-feed",
    response=FeedOut,
    auth=api_auth,
    summary="Turn your calendar feed off (its address stops working)",
)
def feed_revoke(request: HttpRequest) -> Any:
    services.calendar_feed_revoke(actor=request.user)
    return {"on": False}


@router.get(
    "/engagements/{engagement_id}/self-assessment-comparison",
    response={200: ComparisonOut, 204: None},
    auth=api_auth,
    summary="The client's self-assessments before and after, compared per challenge and level "
    "(204 unless both are linked and open to you)",
)
def comparison(request: HttpRequest, engagement_id: UUID) -> Any:
    found = selectors.engagement_get(actor=request.user, public_id=engagement_id)
    result = selectors.rounds_compared(actor=request.user, found=found)
    if result is None:
        return Status(204, None)
    return {
        "round_before": result.before.public_id,
        "round_after": result.after.public_id,
        "minimum": result.minimum,
        "improved": result.improved,
        "declined": result.declined,
        "challenges": [
            {
                "number": row.number,
                "title": row.title,
                "levels": [
                    {
                        "level": c.level,
                        "key": c.key,
                        "before": c.before.value,
                        "before_source": c.before.source,
                        "after": c.after.value,
                        "after_source": c.after.source,
                        "change": c.change,
                    }
                    for c in row.levels
                ],
            }
            for row in result.rows
        ],
    }


@router.get(
    "/engagements/{engagement_id}/feedback",
    response=FeedbackOut,
    auth=api_auth,
    summary="The feedback on the engagement's sessions: per session (hidden below the threshold, "
    "and why), and pooled across sessions in fixed blocks once enough people answered",
)
def feedback(request: HttpRequest, engagement_id: UUID) -> Any:
    found = selectors.engagement_get(actor=request.user, public_id=engagement_id)
    per_session = selectors.session_feedback(actor=request.user, found=found)
    pooled = selectors.session_feedback_pooled(actor=request.user, found=found)
    minimum = aggregates.people_minimum()
    return {
        "minimum": minimum,
        "sessions": [
            {
                "session": f.session.public_id,
                "form": f.form.public_id,
                "answered": f.results.respondents if f.results.counts_shown else None,
                "answers_shown": f.results.answers_shown,
                "hidden_because": None
                if f.results.answers_shown
                else (
                    "The answers are shown once the form has closed."
                    if f.results.waiting_for_close
                    else f"Fewer than {minimum} people answered, so the answers are hidden to "
                    "protect them."
                ),
            }
            for f in per_session
        ],
        "pooled": [
            {
                "sessions": b.sessions,
                "first_on": b.first_on,
                "last_on": b.last_on,
                "respondents": b.respondents,
                "words": b.words,
                "recommend": b.recommend,
                "mean_rating": b.mean_rating,
                "words_withdrawn": b.words_withdrawn,
            }
            for b in (pooled.blocks if pooled else [])
        ],
        "pooled_waiting": pooled.waiting if pooled else 0,
        "still_open": pooled.still_open if pooled else 0,
    }
