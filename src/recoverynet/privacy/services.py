"""Writes of the privacy pages: approving retention rules, and requests received by post."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import DataExport, ErasureRecord, RuleApproval
from recoverynet.core.privacy import erasure, export
from recoverynet.core.privacy.registry import rule as find_rule

from .access import can_manage_privacy


def _require(actor: Actor) -> User:
    if not can_manage_privacy(actor) or not isinstance(actor, User):
        raise ApplicationError(
            "permission_denied", "Only the network team can do this.", status=403
        )
    return actor


@transaction.atomic
def rule_propose(*, actor: Actor, rule_key: str) -> RuleApproval:
    """The first team member asks for the current version of a rule to run (after its dry run)."""
    user = _require(actor)
    rule = find_rule(rule_key)
    if rule is None:
        raise ApplicationError("not_found", "There is no such retention rule.", status=404)
    try:
        with transaction.atomic():
            approval = RuleApproval.objects.create(
                rule_key=rule.key, fingerprint=rule.fingerprint(), proposed_by=user
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "already_proposed", "This version of the rule has already been proposed."
        ) from exc
    audit.record(
        actor=user, action="privacy.rule.proposed", obj=approval, changes={"rule": rule.key}
    )
    return approval


@transaction.atomic
def rule_approve(*, actor: Actor, rule_key: str) -> RuleApproval:
    """A second team member approves the proposed version; from then on it runs daily."""
    user = _require(actor)
    rule = find_rule(rule_key)
    if rule is None:
        raise ApplicationError("not_found", "There is no such retention rule.", status=404)
    approval = (
        RuleApproval.objects.select_for_update()
        .filter(rule_key=rule.key, fingerprint=rule.fingerprint())
        .first()
    )
    if approval is None:
        raise ApplicationError("not_proposed", "Someone must propose this rule first.")
    if approval.approved_at is not None:
        raise ApplicationError("already_approved", "This rule is already approved.")
    if approval.proposed_by_id == user.pk:
        raise ApplicationError(
            "second_person_needed",
            "A second team member must approve a rule you proposed.",
        )
    approval.approved_by = user
    approval.approved_at = timezone.now()
    approval.save(update_fields=["approved_by", "approved_at"])
    audit.record(
        actor=user, action="privacy.rule.approved", obj=approval, changes={"rule": rule.key}
    )
    return approval


def _person(email: str) -> User:
    person = User.objects.filter(email__iexact=email.strip(), erased_at__isnull=True).first()
    if person is None:
        raise ApplicationError(
            "not_found", "There is no account with that e-mail address.", field="email"
        )
    return person


@transaction.atomic
def export_for_post(*, actor: Actor, email: str) -> DataExport:
    """Prepare a copy of someone's data for a request received by post (recorded in the audit log;
    the team prints the PDF and posts it)."""
    user = _require(actor)
    person = _person(email)
    created = export.request(person, requested_by=user, by_post=True)
    audit.record(
        actor=user, action="privacy.export.by_post", obj=created, label="data export by post"
    )
    return created


@transaction.atomic
def erasure_record(*, actor: Actor, email: str) -> ErasureRecord:
    """Erase someone's data on a request the team received (by post or otherwise)."""
    user = _require(actor)
    person = _person(email)
    if person.is_superuser:
        raise ApplicationError(
            "not_allowed", "An administrator account must be closed by another administrator."
        )
    return erasure.erase_person(person, reason=ErasureRecord.Reason.REQUEST, recorded_by=user)
