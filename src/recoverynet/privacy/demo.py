"""Demo retention approvals: the UK coordinator proposed every rule of the personal-data map and the
UK consultant approved all but one, so Retention rules shows both states. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.accounts.models import User
from recoverynet.core.models import RuleApproval
from recoverynet.core.privacy.registry import rules

DOMAIN = "demo.recoverynet.example"
LEFT_WAITING = "network.Membership:network.membership_notes"


def load_demo() -> dict[str, int]:
    proposer = User.objects.filter(email=f"coordinator.uk@{DOMAIN}").first()
    approver = User.objects.filter(email=f"consultant.uk@{DOMAIN}").first()
    if proposer is None or approver is None:
        return {"rule approvals": 0}
    made = 0
    for rule in rules():
        approved = rule.key != LEFT_WAITING
        _approval, created = RuleApproval.objects.get_or_create(
            rule_key=rule.key,
            fingerprint=rule.fingerprint(),
            defaults={
                "proposed_by": proposer,
                "approved_by": approver if approved else None,
                "approved_at": timezone.now() if approved else None,
                "note": "Demo",
            },
        )
        made += created
    return {"rule approvals": made}
