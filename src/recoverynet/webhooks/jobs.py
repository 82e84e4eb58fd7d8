"""Scheduled jobs for webhooks (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("webhooks.send_due", queue="webhooks")
def _send_due() -> dict[str, int]:
    from .deliveries import send_due

    return send_due()
