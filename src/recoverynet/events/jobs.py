"""Scheduled jobs for events (run by `recoverynet scheduler`)."""

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


@periodic("events.purge_needs")
def _purge_needs() -> int:
    from .services import needs_purge

    return needs_purge()
