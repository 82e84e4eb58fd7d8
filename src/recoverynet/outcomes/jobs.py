"""Scheduled jobs for outcome questionnaires (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("outcomes.reminders")
def _reminders() -> int:
    from .services import reminders_send

    return reminders_send()


@periodic("outcomes.first_links")
def _first_links() -> int:
    from .services import first_links_send

    return first_links_send()


@periodic("outcomes.snapshots")
def _snapshots() -> int:
    from .services import snapshots_publish

    return snapshots_publish()
