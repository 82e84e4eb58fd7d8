"""Demo privacy work: the UK coordinator proposed every rule of the personal-data map but one and
the UK consultant approved all but one of those, so Retention rules shows all three states (not
proposed, waiting for a second person, approved); and a copy of one person's data prepared for a
request received by post, ready to print. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.accounts.models import User
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import DataExport, RuleApproval
from recoverynet.core.privacy import export
from recoverynet.core.privacy.registry import rules

from . import services

DOMAIN = "demo.recoverynet.example"
LEFT_WAITING = "network.Membership:network.membership_notes"
NOT_PROPOSED = "newsletter.ArticleComment:newsletter.comments"
# Chris Doyle, a volunteer at Restore, wrote asking for a copy of their data.
BY_POST = f"volunteer.restore@{DOMAIN}"


def _approvals(proposer: User, approver: User) -> int:
    made = 0
    for rule in rules():
        if rule.key == NOT_PROPOSED:
            continue
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
    return made


def _export_by_post(coordinator: User) -> int:
    person = User.objects.filter(email=BY_POST).first()
    if person is None or DataExport.objects.filter(person=person, by_post=True).exists():
        return 0
    made = services.export_for_post(actor=coordinator, email=BY_POST)
    try:
        export.build(made.pk)  # ready even where tasks wait for a worker (skipped when built)
    except ApplicationError:
        return 0  # no Pango here for the PDF: the export shows as failed, like any other
    return 1


def load_demo() -> dict[str, int]:
    proposer = User.objects.filter(email=f"coordinator.uk@{DOMAIN}").first()
    approver = User.objects.filter(email=f"consultant.uk@{DOMAIN}").first()
    if proposer is None or approver is None:
        return {"rule approvals": 0}
    return {
        "rule approvals": _approvals(proposer, approver),
        "exports by post": _export_by_post(proposer),
    }
