"""Applying a declared action (delete, clear, anonymise) to rows, and removing their stored files.
Shared by the scheduled purge and by erasure; nothing here decides *which* rows."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError, Q

from recoverynet.core import files
from recoverynet.core.personal_data import Action, Field

from .paths import own_fields

log = logging.getLogger(__name__)

BATCH = 500
DEFAULT_TEXT = "Erased"


def cleared(field: models.Field[Any, Any]) -> Any:
    if isinstance(field, models.JSONField):
        default = field.get_default()
        return [] if isinstance(default, list) else {}
    if field.null:
        return None
    return ""


def anonymised(
    decl: Field, field: models.Field[Any, Any], row: models.Model, *, erasure: bool
) -> Any:
    value = decl.anonymised
    if callable(value):
        return value(row, erasure=erasure)
    if value is None:
        if isinstance(field, models.EmailField):
            value = "erased-{pk}@example.invalid"
        elif isinstance(field, models.JSONField):
            return cleared(field)
        elif isinstance(field, (models.CharField, models.TextField)):
            value = DEFAULT_TEXT
        else:
            return cleared(field)
    if isinstance(value, str):
        value = value.replace("{pk}", str(row.pk))
        max_length = getattr(field, "max_length", None)
        return value[:max_length] if max_length else value
    return value


def has_data(field: models.Field[Any, Any], decl: Field, action: Action) -> Q:
    """Rows where this field still holds something the action would change (so counts and reruns
    touch only what is left)."""
    name = field.name
    if field.many_to_many:
        return Q(**{f"{name}__isnull": False})
    empty = Q(**{f"{name}__isnull": True})
    if not field.null and not isinstance(field, models.JSONField):
        empty = Q(**{name: cleared(field)}) if not field.is_relation else Q(pk__in=[])
    elif isinstance(field, models.JSONField):
        empty |= Q(**{name: cleared(field)})
    if action is Action.CLEAR:
        return ~empty
    if (
        action is Action.ANONYMISE
        and isinstance(decl.anonymised, str)
        and "{pk}" not in decl.anonymised
    ):
        return ~empty & ~Q(**{name: decl.anonymised})
    if action is Action.ANONYMISE and decl.anonymised is None and not field.is_relation:
        if isinstance(field, models.EmailField):
            return ~empty & ~Q(**{f"{name}__endswith": "@example.invalid"})
        if isinstance(field, (models.CharField, models.TextField)):
            return ~empty & ~Q(**{name: DEFAULT_TEXT})
    return ~empty


def stored_files(
    model: type[models.Model], rows: Iterable[models.Model], decls: Mapping[str, Field]
) -> list[tuple[str, str]]:
    found = []
    for row in rows:
        for name, decl in decls.items():
            value = getattr(row, name, "")
            if decl.file_folder and value:
                found.append((decl.file_folder, str(value)))
    return found


def remove_files_on_commit(paths: list[tuple[str, str]]) -> None:
    def remove() -> None:
        for folder, name in paths:
            try:
                files.delete(folder, name)
            except (OSError, ValueError):  # a missing or odd name: nothing to remove
                log.warning("Could not remove stored file %s/%s", folder, name)

    if paths:
        transaction.on_commit(remove)


def delete_rows(qs: models.QuerySet[Any], decls: Mapping[str, Field]) -> tuple[int, int]:
    """Delete the rows (and their files). Returns (deleted, blocked by a protected reference)."""
    deleted = 0
    blocked: set[Any] = set()
    model = qs.model
    with_files = {n: d for n, d in decls.items() if d.file_folder}
    while True:
        batch = list(qs.exclude(pk__in=blocked).order_by("pk")[:BATCH])
        if not batch:
            return deleted, len(blocked)
        with transaction.atomic():
            paths: list[tuple[str, str]] = []
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=[r.pk for r in batch]).delete()
                deleted += len(batch)
                paths = stored_files(model, batch, with_files)
            except ProtectedError:
                for row in batch:
                    try:
                        with transaction.atomic():
                            model._default_manager.filter(pk=row.pk).delete()
                        deleted += 1
                        paths += stored_files(model, [row], with_files)
                    except ProtectedError:
                        blocked.add(row.pk)
            remove_files_on_commit(paths)


def change_rows(
    qs: models.QuerySet[Any], actions: Mapping[str, tuple[Field, Action]], *, erasure: bool
) -> int:
    """Clear or anonymise the given fields of the rows; AGGREGATE and KEEP leave them. Returns
    how many rows changed."""
    model = qs.model
    fields = own_fields(model)
    acting = {
        name: (decl, action)
        for name, (decl, action) in actions.items()
        if action in (Action.CLEAR, Action.ANONYMISE)
    }
    if not acting:
        return 0
    wanted = Q()
    for name, (decl, action) in acting.items():
        wanted |= has_data(fields[name], decl, action)
    changed = 0
    last = None
    while True:
        page = qs.filter(wanted).order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return changed
        last = rows[-1].pk
        with transaction.atomic():
            paths: list[tuple[str, str]] = []
            dirty: list[models.Model] = []
            plain: list[str] = []
            for row in rows:
                row_changed = False
                for name, (decl, action) in acting.items():
                    field = fields[name]
                    if field.many_to_many:
                        getattr(row, name).clear()
                        row_changed = True
                        continue
                    attname = field.attname
                    before = getattr(row, attname)
                    after = (
                        cleared(field)
                        if action is Action.CLEAR
                        else anonymised(decl, field, row, erasure=erasure)
                    )
                    if field.is_relation and action is Action.ANONYMISE:
                        after = None
                    if before != after:
                        if decl.file_folder and before:
                            paths.append((decl.file_folder, str(before)))
                        setattr(row, attname, after)
                        row_changed = True
                        if attname not in plain:
                            plain.append(attname)
                if row_changed:
                    dirty.append(row)
            if dirty and plain:
                names = fields_by_attname(model)
                model._default_manager.bulk_update(dirty, [names[a] for a in plain])
            changed += len(dirty)
            remove_files_on_commit(paths)
        if len(rows) < BATCH:
            return changed


def fields_by_attname(model: type[models.Model]) -> dict[str, str]:
    return {f.attname: f.name for f in model._meta.concrete_fields}
