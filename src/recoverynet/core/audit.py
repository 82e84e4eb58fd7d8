"""The audit log: every service that changes something calls `record` inside its transaction."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from . import private_pages
from .models import AuditEntry
from .request_context import current_ip

# Field names whose values never reach the log, whatever a service passes.
_REDACTED_FIELDS = frozenset(
    {"password", "token", "token_hash", "secret", "perspective", "access_needs", "dietary_needs"}
)

# Core names no domain app, so it takes any user model; domain apps use `accounts.actors.Actor`.
# The one definition: other core modules import it from here.
AnyActor = AbstractBaseUser | AnonymousUser


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # The same moment in two time zones is not a change.
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return str(value)


def _redact(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: ("[redacted]" if k in _REDACTED_FIELDS else _plain(v)) for k, v in changes.items()}


def diff(
    instance: models.Model, before: Mapping[str, Any], fields: Iterable[str]
) -> dict[str, Any]:
    """The fields whose values changed, as {field: [old, new]}."""
    out: dict[str, Any] = {}
    for name in fields:
        new = getattr(instance, name)
        if _plain(before.get(name)) != _plain(new):
            out[name] = [_plain(before.get(name)), _plain(new)]
    return out


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def record(
    *,
    actor: AnyActor | None,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    actor_label: str | None = None,
    shown: bool = True,
) -> AuditEntry:
    """Write one audit entry. `actor` may be None for the system (scheduled tasks, demo loader), or
    on purpose when naming the person would disclose something (say so with `actor_label`).
    `shown=False` for what no page shows (signing in or out, MFA changes): the entry then leaves
    the people's kept pages as they are (core.private_pages); anything else makes its app's
    pages stale when it commits."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    meta = obj._meta
    fallback = actor_label if actor_label is not None else "system"
    entry = AuditEntry(
        actor_id=actor.pk if actor is not None and authenticated else None,
        actor_label=(getattr(actor, "email", "") if authenticated else fallback)[:254],
        action=action,
        object_type=f"{meta.app_label}.{meta.model_name}",
        object_id=str(obj.pk),
        object_label=(label if label is not None else str(obj))[:300],
        changes=_redact(changes or {}),
        ip=current_ip(),
    )
    batch = _batch.get()
    if batch is not None:
        entry._shown = shown  # type: ignore[attr-defined]  # read by `batched`
        entry._scopes = private_pages.scopes_of(obj) if shown else None  # type: ignore[attr-defined]
        batch.append(entry)  # written by `batched` when its block ends
    else:
        entry.save(force_insert=True)
        if shown:  # pages showing this app's data (for these people): stale on commit
            private_pages.written(meta.app_label, private_pages.scopes_of(obj))
    return entry


# Entries recorded inside `batched()` on this thread (or task), not yet written.
_batch: contextvars.ContextVar[list[AuditEntry] | None] = contextvars.ContextVar(
    "audit_batch", default=None
)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Write every entry recorded inside the block in one INSERT when it ends. Use it inside the
    caller's transaction: the entries are still committed (or rolled back) with what they record.
    A hot path that records several entries under a lock (a confirmed booking and its invoice)
    holds the lock for one statement instead of several. If the block raises, nothing is written
    (the transaction is rolling back). A block inside another is part of the outer one."""
    if _batch.get() is not None:
        yield
        return
    entries: list[AuditEntry] = []
    token = _batch.set(entries)
    try:
        yield
    finally:
        _batch.reset(token)
    if entries:
        AuditEntry.objects.bulk_create(entries)
        for app_label, scopes in sorted(_written_scopes(entries).items()):
            private_pages.written(app_label, scopes)  # once per app for the block


def _written_scopes(entries: list[AuditEntry]) -> dict[str, frozenset[str] | None]:
    # Per app, whom the block's shown entries concern: None (anyone) if any one may concern anyone.
    out: dict[str, frozenset[str] | None] = {}
    for entry in entries:
        if not getattr(entry, "_shown", True):
            continue
        app_label = entry.object_type.split(".")[0]
        scopes: frozenset[str] | None = getattr(entry, "_scopes", None)
        known = out.get(app_label, frozenset())
        out[app_label] = None if scopes is None or known is None else known | scopes
    return out


def history_for(obj: models.Model, *, limit: int = 200) -> models.QuerySet[AuditEntry]:
    """The object's audit entries, newest first. Callers check access before calling."""
    meta = obj._meta
    return AuditEntry.objects.filter(
        object_type=f"{meta.app_label}.{meta.model_name}", object_id=str(obj.pk)
    ).select_related("actor")[:limit]
