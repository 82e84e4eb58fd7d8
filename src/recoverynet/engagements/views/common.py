"""Shared pieces of the engagement pages."""

from __future__ import annotations

from typing import Any

from recoverynet.core.errors import ApplicationError

from ..models import NEXT_STATUSES, EngagementStatus


def status_code(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on the form."""
    if exc.status in (403, 404):
        raise exc


def team_people(engagement: Any) -> list[Any]:
    """The lead consultant and the team, from the prefetched rows."""
    people = {engagement.lead_consultant_id: engagement.lead_consultant}
    for member in engagement.team.all():
        people.setdefault(member.consultant_id, member.consultant)
    return list(people.values())


def next_statuses(engagement: Any) -> list[tuple[str, str]]:
    return [(s, EngagementStatus(s).label) for s in NEXT_STATUSES.get(engagement.status, ())]


def delivered_sessions(engagement: Any) -> list[Any]:
    """The engagement's delivered sessions, newest first (from the prefetched sessions)."""
    return sorted(
        (s for s in engagement.sessions.all() if s.state == "delivered"),
        key=lambda s: s.on,
        reverse=True,
    )
