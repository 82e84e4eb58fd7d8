"""Scheduled jobs for colleges (run by `recoverynet scheduler`): expire waiting-list offers, send
session reminders and take the fidelity distribution's snapshot once a period."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("colleges.offers_expire")
def _offers_expire() -> int:
    from .services.enrolment import offers_expire

    return offers_expire()


@periodic("colleges.session_reminders")
def _session_reminders() -> int:
    from .services.reminders import session_reminders_send

    return session_reminders_send()


@periodic("colleges.fidelity_snapshots")
def _fidelity_snapshots() -> int:
    from .services.fidelity_snapshots import snapshots_due

    return snapshots_due()
