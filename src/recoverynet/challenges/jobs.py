"""Scheduled jobs for self-assessment (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("challenges.overdue_reminders")
def _overdue_reminders() -> int:
    from .plans import overdue_reminders

    return overdue_reminders()
