"""The scheduled purge: every approved rule of the personal-data map applied to the rows past
their retention; counts per rule (never contents) in a PurgeRun and the audit log. A dry run counts
what the next run would change without changing it.

A rule runs only when its current version (fingerprint) was approved by a second team member
(`RuleApproval`); until then the run lists it as waiting."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from recoverynet.core import audit
from recoverynet.core.models import PurgeRun, RuleApproval
from recoverynet.core.personal_data import Action, Field, Model, Retention

from . import actions, paths
from .paths import own_fields
from .registry import Rule, declaration_for, rules

log = logging.getLogger(__name__)


def _cutoff(model: type[models.Model], path: str, days: int, now: datetime) -> date | datetime:
    """Rows whose anchor is at or before this are due. A date anchor counts calendar days."""
    end = paths.resolve(model, path)
    if isinstance(end, models.DateField) and not isinstance(end, models.DateTimeField):
        return timezone.localdate(now) - timedelta(days=days)
    return now - timedelta(days=days)


def _cutoff_q(model: type[models.Model], anchors: tuple[str, ...], days: int, now: datetime) -> Q:
    q = Q()
    present = Q()
    for path in anchors:
        cutoff = _cutoff(model, path, days, now)
        q &= Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__lte": cutoff})
        present |= Q(**{f"{path}__isnull": False})
    return q & present


def _rerooted(path: str, prefix: str) -> str:
    if not path.startswith(prefix):
        raise ValueError(f"{path!r} does not go through {prefix[:-2]!r}")
    return path[len(prefix) :]


def _past(
    qs: models.QuerySet[Any], r: Retention, now: datetime, prefix: str = ""
) -> models.QuerySet[Any]:
    """The rows of `qs` past retention `r`, whose paths start with `prefix` from these rows'
    point of view (`only_if` lookups outside `prefix` narrow other rows and are left out)."""
    if r.only_if:
        qs = qs.filter(
            **{_rerooted(k, prefix): v for k, v in r.only_if.items() if k.startswith(prefix)}
        )
    anchors = tuple(_rerooted(a, prefix) for a in r.anchors)
    if not r.days_from:
        return qs.filter(_cutoff_q(qs.model, anchors, r.total_days, now))
    days_from = _rerooted(r.days_from, prefix)
    q = Q(pk__in=[])
    values = qs.exclude(**{f"{days_from}__isnull": True}).values_list(days_from, flat=True)
    for days in set(values):
        q |= Q(**{days_from: days}) & _cutoff_q(qs.model, anchors, int(days) + 366 * r.years, now)
    return qs.filter(q)


def due(rule: Rule, now: datetime | None = None) -> models.QuerySet[Any]:
    """The rows whose retention under this rule has ended."""
    model = rule.model_class()
    return _past(model._default_manager.all(), rule.retention, now or timezone.now())


@dataclass(frozen=True)
class Due:
    """What a rule's `hook` is given: the due rows (before the rule's actions) and `now`."""

    rule: Rule
    now: datetime
    rows: models.QuerySet[Any]

    def parents(self, path: str) -> models.QuerySet[Any]:
        """The rows at the end of `path` (a relation every anchor goes through) whose own
        retention under this rule has ended, whether or not any due row points to them (e.g. the
        collections past their date, with or without people in them)."""
        related = paths.resolve(self.rule.model_class(), path).related_model
        if related is None or isinstance(related, str):
            raise ValueError(f"{path!r} is not a relation")
        return _past(related._default_manager.all(), self.rule.retention, self.now, f"{path}__")


def _field_actions(rule: Rule) -> dict[str, tuple[Field, Action]]:
    decl = declaration_for(rule.model)
    assert isinstance(decl, Model)
    return {name: (decl.fields[name], action) for name, action in rule.actions.items()}


def pending(rule: Rule, now: datetime | None = None) -> models.QuerySet[Any]:
    """The due rows that still hold something this rule would change."""
    qs = due(rule, now)
    if rule.deletes_rows:
        return qs
    fields = own_fields(qs.model)
    wanted = Q(pk__in=[])
    for name, (decl, action) in _field_actions(rule).items():
        if action in (Action.CLEAR, Action.ANONYMISE):
            wanted |= actions.has_data(fields[name], decl, action)
    return qs.filter(wanted).distinct()


def apply(rule: Rule, now: datetime | None = None) -> int:
    now = now or timezone.now()
    qs = due(rule, now)
    if rule.retention.hook:
        import_string(rule.retention.hook)(Due(rule, now, qs))
    decl = declaration_for(rule.model)
    assert isinstance(decl, Model)
    if rule.deletes_rows:
        deleted, _blocked = actions.delete_rows(qs, decl.fields)
        return deleted
    return actions.change_rows(qs, _field_actions(rule), erasure=False)


def approved_fingerprints() -> set[tuple[str, str]]:
    return set(
        RuleApproval.objects.filter(approved_at__isnull=False).values_list(
            "rule_key", "fingerprint"
        )
    )


def is_approved(rule: Rule, approved: set[tuple[str, str]] | None = None) -> bool:
    approved = approved_fingerprints() if approved is None else approved
    return (rule.key, rule.fingerprint()) in approved


@dataclass(frozen=True)
class Preview:
    rule: Rule
    count: int
    approved: bool


def dry_run(now: datetime | None = None) -> list[Preview]:
    """What the next run would change, per rule (counts only), and whether each rule may run."""
    approved = approved_fingerprints()
    return [Preview(r, pending(r, now).count(), is_approved(r, approved)) for r in rules()]


def run(now: datetime | None = None, *, only: set[str] | None = None) -> PurgeRun:
    """Apply every approved rule (or only the named ones). Each rule is its own transaction, so a
    failing rule does not undo the others; counts go in the PurgeRun and the audit log."""
    now = now or timezone.now()
    approved = approved_fingerprints()
    purge_run = PurgeRun.objects.create()
    counts: dict[str, int] = {}
    waiting: list[str] = []
    failed: list[str] = []
    for rule in rules():
        if only is not None and rule.key not in only:
            continue
        if not is_approved(rule, approved):
            waiting.append(rule.key)
            continue
        try:
            with transaction.atomic():
                counts[rule.key] = apply(rule, now)
        except Exception:  # one failing rule must not stop the others; it is logged and audited
            log.exception("Retention rule %s failed", rule.key)
            failed.append(rule.key)
    purge_run.counts = counts
    purge_run.waiting = waiting
    purge_run.finished_at = timezone.now()
    purge_run.save(update_fields=["counts", "waiting", "finished_at"])
    audit.record(
        actor=None,
        action="core.privacy.purged",
        obj=purge_run,
        changes={"counts": counts, "waiting": waiting, "failed": failed},
        actor_label="scheduled purge",
    )
    return purge_run


DAILY = timedelta(hours=23)


def run_daily(now: datetime | None = None) -> dict[str, int] | str:
    """The scheduler calls this every minute; it runs once a day."""
    now = now or timezone.now()
    if PurgeRun.objects.filter(finished_at__gt=now - DAILY).exists():
        return "not due"
    return dict(run(now).counts)
