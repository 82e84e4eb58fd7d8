"""Scheduled jobs for billing (run by `recoverynet scheduler`)."""

from __future__ import annotations

from recoverynet.core.scheduling import periodic


@periodic("billing.membership_renewals")
def _membership_renewals() -> dict[str, int]:
    from .services.membership import membership_renewals

    return membership_renewals()
