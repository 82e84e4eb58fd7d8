"""Scheduled jobs for action plans (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("plans.overdue_reminders")
def _overdue_reminders() -> int:
    from .services import overdue_reminders

    return overdue_reminders()
