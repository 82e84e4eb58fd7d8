"""Scheduled jobs for feedback (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("feedback.invitations")
def _invitations() -> int:
    from .services import invitations_send

    return invitations_send()


@periodic("feedback.close_forms")
def _close_forms() -> int:
    from .services import forms_close_due

    return forms_close_due()
