"""Erasure by the map: closing an account, or an erasure request the team recorded.

Every row about the person (each declaration's `subject`) gets each field's erasure action; links
to the person's account elsewhere are cleared where declared; copies (Category.COPY: mail, logs,
task results, audit details) that mention the person's name or e-mail address are removed or have
it taken out; what the law requires is kept (`Action.KEEP`). The erasure is recorded (no personal
data: the account number and hashes of its addresses), in the database and as a stored file, so
`reapply_erasures` can apply it again after a backup is restored."""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from recoverynet.core import audit, files
from recoverynet.core.models import ErasureRecord
from recoverynet.core.personal_data import Action, Category, Model

from . import actions, copies, subjects
from .registry import personal_models

LEDGER = "erasures"
MIN_IDENTIFIER = 4


def _emails(person: Any) -> set[str]:
    found = {str(person.email).lower()} if person.email else set()
    for decl in personal_models():
        model = _model(decl)
        if model is None or subjects.is_user_model(model):
            continue
        for name in subjects.account_link_fields(decl, model):
            if name not in decl.subject:
                continue
            for fname, f in decl.fields.items():
                field = model._meta.get_field(fname)
                if f.category is Category.CONTACT and isinstance(field, models.EmailField):
                    found |= {
                        str(v).lower()
                        for v in model._default_manager.filter(**{name: person.pk}).values_list(
                            fname, flat=True
                        )
                        if v
                    }
    return found


def _model(decl: Model) -> type[models.Model] | None:
    from django.apps import apps

    try:
        return apps.get_model(decl.model)
    except LookupError:
        return None


NOT_A_PERSON = ("organisation", "team", "file", "rate", "venue", "supplier", "stored")


def _is_personal_name(name: str) -> bool:
    """A field that holds a person's name ("name", "full_name", "display_name"), not an
    organisation's, a file's or a job title: only those are taken out of other people's copies."""
    return (name == "name" or name.endswith("_name")) and not name.startswith(NOT_A_PERSON)


def identifiers(person: Any, emails: set[str]) -> set[str]:
    """The person's names and e-mail addresses as they appear in copies: their addresses and the
    name fields of rows about them (at least four characters, so short words are left alone)."""
    found = set(emails)
    for decl in personal_models():
        model = _model(decl)
        if model is None:
            continue
        names = [
            n
            for n, f in decl.fields.items()
            if f.category is Category.IDENTITY
            and _is_personal_name(n)
            and isinstance(model._meta.get_field(n), (models.CharField, models.TextField))
        ]
        if not names:
            continue
        rows = subjects.subject_rows(decl, model, person.pk, emails).values_list(*names)
        for values in rows:
            found |= {str(v).strip() for v in values if v and "\n" not in str(v)}
    return {v for v in found if len(v) >= MIN_IDENTIFIER}


def _erase_rows(decl: Model, model: type[models.Model], qs: models.QuerySet[Any]) -> int:
    field_actions = {name: (f, f.erasure_action) for name, f in decl.fields.items()}
    if any(a is Action.DELETE for _f, a in field_actions.values()):
        deleted, _blocked = actions.delete_rows(qs, decl.fields)
        return deleted
    return actions.change_rows(qs, field_actions, erasure=True)


def _unlink(decl: Model, model: type[models.Model], person_id: Any) -> int:
    """Links to the person's account in rows that are about someone else (e.g. who sent an
    invitation): cleared where the declaration says so."""
    changed = 0
    for name in subjects.account_link_fields(decl, model):
        f = decl.fields[name]
        if f.erasure_action in (Action.CLEAR, Action.ANONYMISE):
            qs = model._default_manager.filter(**{name: person_id})
            changed += actions.change_rows(qs, {name: (f, f.erasure_action)}, erasure=True)
    return changed


@transaction.atomic
def erase_person(
    person: Any,
    *,
    reason: str,
    recorded_by: Any = None,
    email_hashes: set[str] | None = None,
    record: ErasureRecord | None = None,
) -> ErasureRecord:
    """Erase one person by the map. `record` is given when re-applying a recorded erasure."""
    user_model = get_user_model()
    person = user_model._default_manager.select_for_update().get(pk=person.pk)
    emails = _emails(person)
    hashes = set(email_hashes or ()) | {subjects.email_hash(e) for e in emails}
    ids = identifiers(person, emails)
    counts: dict[str, int] = {}
    user_decl: Model | None = None
    for decl in personal_models():
        model = _model(decl)
        if model is None:
            continue
        if subjects.is_user_model(model):
            user_decl = decl
            continue
        qs = subjects.subject_rows(decl, model, person.pk, emails)
        hashed = subjects.rows_with_hashed_email(decl, model, hashes)
        if hashed:
            qs = model._default_manager.filter(pk__in=[*qs.values_list("pk", flat=True), *hashed])
        n = _erase_rows(decl, model, qs) + _unlink(decl, model, person.pk)
        if n:
            counts[decl.model] = n
    for label, n in copies.scrub(ids).items():
        counts[label] = counts.get(label, 0) + n
    if user_decl is not None:
        n = _erase_rows(user_decl, user_model, user_model._default_manager.filter(pk=person.pk))
        counts[user_decl.model] = n
    # Saved (only these two columns: the rest was rewritten above) rather than updated, so that
    # whatever listens for a person's changes hears it, e.g. kept bearer tokens (decision 0051).
    person.is_active = False
    person.erased_at = timezone.now()
    person.save(update_fields=["is_active", "erased_at"])
    if record is None:
        record = ErasureRecord.objects.create(
            person_id=person.pk,
            email_hashes=sorted(hashes),
            reason=reason,
            recorded_by=recorded_by,
            counts=counts,
        )
        _write_ledger(record)
    audit.record(
        actor=recorded_by,
        action="core.privacy.erased",
        obj=record,
        changes={"counts": counts, "reason": reason},
        label=f"erasure {record.pk}",
        actor_label="erased person" if recorded_by is None else None,
    )
    return record


def _write_ledger(record: ErasureRecord) -> None:
    data = {
        "person_id": record.person_id,
        "email_hashes": record.email_hashes,
        "reason": record.reason,
        "erased_at": record.erased_at.isoformat(),
    }
    name = f"{record.erased_at:%Y%m%dT%H%M%S}-{record.person_id}-{secrets.token_hex(4)}.json"
    payload = json.dumps(data, sort_keys=True).encode()
    transaction.on_commit(lambda: files.save(LEDGER, name, payload))


def ledger() -> list[dict[str, Any]]:
    """Every erasure on record: the stored files (which outlive a database restore) and the
    database records, one entry per person."""
    entries: dict[int, dict[str, Any]] = {}
    try:
        _dirs, names = files.storage().listdir(LEDGER)
    except FileNotFoundError:
        names = []
    for name in sorted(names):
        if name.endswith(".json"):
            data = json.loads(files.read(LEDGER, name))
            entries.setdefault(int(data["person_id"]), data)
    for rec in ErasureRecord.objects.order_by("erased_at"):
        entries.setdefault(
            rec.person_id,
            {"person_id": rec.person_id, "email_hashes": rec.email_hashes, "reason": rec.reason},
        )
    return list(entries.values())


def reapply() -> dict[str, int]:
    """Apply every recorded erasure again (after a restore). Returns how many were re-applied and
    how many accounts are no longer in the database."""
    user_model = get_user_model()
    done = missing = 0
    for entry in ledger():
        person = user_model._default_manager.filter(pk=entry["person_id"]).first()
        if person is None:
            missing += 1
            continue
        record = ErasureRecord.objects.filter(person_id=person.pk).first()
        if record is None:
            record = ErasureRecord.objects.create(
                person_id=person.pk,
                email_hashes=list(entry.get("email_hashes", [])),
                reason=entry.get("reason", ErasureRecord.Reason.REQUEST),
            )
        erase_person(
            person,
            reason=record.reason,
            email_hashes=set(entry.get("email_hashes", [])),
            record=record,
        )
        done += 1
    return {"reapplied": done, "missing": missing}
