"""Helpers for the personal-data tests."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.core.models import RuleApproval
from recoverynet.core.privacy.registry import rules


def approve_rules(proposer, approver, keys=None) -> None:
    """Record a second team member's approval of the current version of the rules."""
    for rule in rules():
        if keys is not None and rule.key not in keys:
            continue
        RuleApproval.objects.update_or_create(
            rule_key=rule.key,
            fingerprint=rule.fingerprint(),
            defaults={
                "proposed_by": proposer,
                "approved_by": approver,
                "approved_at": timezone.now(),
            },
        )
