"""Helpers the service modules share."""

from __future__ import annotations

from recoverynet.core.errors import ApplicationError

from ..models import AssessmentRound, RoundStatus


def require_open(round_: AssessmentRound) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(
            "closed", "This round is closed; its ratings can no longer change.", status=409
        )
