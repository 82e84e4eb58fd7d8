"""Scheduled jobs for events (run by `recoverynet scheduler`). Access and dietary needs are purged
by the personal-data map's rule `events.delegate_needs` (events/personal_data.py)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("events.expire_offers")
def _expire_offers() -> int:
    from .services import offers_expire

    return offers_expire()


@periodic("events.reminders")
def _reminders() -> int:
    from .services import reminders_send

    return reminders_send()
