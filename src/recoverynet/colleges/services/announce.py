"""The domain event for a course's sessions changing (added, moved or deleted), one per network of
the college, so calendars, feeds and anything dated by the sessions can follow."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import domain_events

from ..domain_events import SESSION_CHANGED
from ..models import CourseSession


def session_changed(session: CourseSession, change: str) -> None:
    course = session.course
    data = {
        "course_id": str(course.public_id),
        "session_id": str(session.public_id),
        "change": change,
        "url": reverse("colleges:course-detail", args=[course.public_id]),
    }
    for network in course.term.college.networks.all():
        domain_events.emit(SESSION_CHANGED.name, network_slug=network.slug, data=data)
