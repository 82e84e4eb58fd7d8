"""Scheduled jobs for self-assessment (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("challenges.rater_reminders")
def _rater_reminders() -> int:
    from .services import rater_reminders

    return rater_reminders()
