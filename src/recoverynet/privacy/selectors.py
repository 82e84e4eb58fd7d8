"""Reads for the privacy pages, all generated from the personal-data map (core/privacy)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core.models import DataExport, ErasureRecord, PurgeRun, RuleApproval
from recoverynet.core.personal_data import Action, Audience, Model
from recoverynet.core.privacy import labels, purge
from recoverynet.core.privacy.registry import personal_models

from .access import can_manage_privacy


@dataclass(frozen=True)
class FieldRow:
    name: str
    category: str
    special: bool
    purpose: str
    basis: str
    seen_by: str
    kept: str
    at_the_end: str
    on_erasure: str


@dataclass(frozen=True)
class ModelRow:
    label: str
    describe: str
    fields: list[FieldRow]


def _require(actor: Actor | None) -> None:
    if not can_manage_privacy(actor):
        raise PermissionDenied("Only the network team can see this.")


def _field_rows(decl: Model) -> list[FieldRow]:
    rows = []
    for name, f in decl.fields.items():
        basis = labels.BASIS[f.basis]
        if f.condition is not None:
            basis += f"; special category: {labels.CONDITION[f.condition]}"
        rows.append(
            FieldRow(
                name=name.replace("_", " "),
                category=labels.CATEGORY[f.category],
                special=f.category.special,
                purpose=f.purpose,
                basis=basis,
                seen_by=labels.seen_by(f.seen_by),
                kept=f.retention.describe,
                at_the_end=labels.ACTION[f.action],
                on_erasure=labels.ACTION[f.erasure_action],
            )
        )
    return rows


def record_of_processing(*, actor: Actor | None) -> list[ModelRow]:
    """Every declared model and field, for the network team."""
    _require(actor)
    return [ModelRow(d.model, d.describe, _field_rows(d)) for d in personal_models()]


@dataclass(frozen=True)
class PublicItem:
    describe: str
    categories: list[str]
    purposes: list[str]
    kept: list[str]
    seen_by: str
    special: bool


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def privacy_summary() -> list[PublicItem]:
    """The public privacy page, in plain English: what we hold, why, for how long, who sees it."""
    items = []
    for d in personal_models():
        audiences: list[Audience | str] = []
        for f in d.fields.values():
            audiences += [a for a in f.seen_by if a not in audiences]
        items.append(
            PublicItem(
                describe=d.describe,
                categories=_unique([labels.CATEGORY[f.category] for f in d.fields.values()]),
                purposes=_unique([f.purpose for f in d.fields.values()]),
                kept=_unique(
                    [
                        f"{f.retention.describe} (then {labels.ACTION[f.action]})"
                        if f.action is not Action.KEEP
                        else f.retention.describe
                        for f in d.fields.values()
                    ]
                ),
                seen_by=labels.seen_by(audiences),
                special=any(f.category.special for f in d.fields.values()),
            )
        )
    return items


@dataclass(frozen=True)
class RuleRow:
    key: str
    describe: str
    model: str
    fields: str
    due_now: int
    status: str
    approval: RuleApproval | None


def retention_overview(*, actor: Actor | None) -> list[RuleRow]:
    """Every scheduled rule with what the next run would change (the dry run) and its approval."""
    _require(actor)
    approvals = {
        (a.rule_key, a.fingerprint): a
        for a in RuleApproval.objects.select_related("proposed_by", "approved_by")
    }
    rows = []
    for preview in purge.dry_run():
        rule = preview.rule
        approval = approvals.get((rule.key, rule.fingerprint()))
        if preview.approved:
            status = "Approved: runs daily"
        elif approval is not None:
            status = "Waiting for a second team member to approve"
        else:
            status = "New or changed: not yet proposed"
        rows.append(
            RuleRow(
                key=rule.key,
                describe=rule.retention.describe,
                model=rule.model,
                fields=", ".join(
                    f"{n.replace('_', ' ')} {labels.ACTION[a]}" for n, a in rule.actions.items()
                ),
                due_now=preview.count,
                status=status,
                approval=approval,
            )
        )
    return rows


def purge_runs(*, actor: Actor | None, limit: int = 10) -> list[PurgeRun]:
    _require(actor)
    return list(PurgeRun.objects.order_by("-started_at", "-id")[:limit])


def person_by_email(*, actor: Actor | None, email: str) -> User | None:
    _require(actor)
    found = get_user_model()._default_manager.filter(email__iexact=email.strip()).first()
    return found if isinstance(found, User) else None


def exports_by_post(*, actor: Actor | None) -> QuerySet[DataExport]:
    _require(actor)
    return DataExport.objects.filter(by_post=True).select_related("person", "requested_by")[:20]


def export_for_team(*, actor: Actor | None, public_id: str) -> DataExport | None:
    _require(actor)
    return DataExport.objects.filter(public_id=public_id, by_post=True).first()


def erasures(*, actor: Actor | None) -> QuerySet[ErasureRecord]:
    _require(actor)
    return ErasureRecord.objects.select_related("recorded_by")[:20]
