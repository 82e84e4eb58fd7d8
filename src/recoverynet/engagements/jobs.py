"""Scheduled jobs for engagements (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("engagements.session_feedback")
def _session_feedback() -> int:
    """Publish pooled session feedback blocks that are complete but not published yet (normally
    done when a form closes; this catches up on anything missed)."""
    from .services.pooled_feedback import session_feedback_publish_due

    return session_feedback_publish_due()
