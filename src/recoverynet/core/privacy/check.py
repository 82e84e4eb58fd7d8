"""The completeness check: every field of every installed model is declared as personal data or
marked not personal, and every declaration is well-formed (docs/personal-data-format.md).
`problems()` is run by the test suite (tests/privacy/test_map_complete.py) and by
`manage.py personal_data_check`."""

from __future__ import annotations

import re
from collections import Counter

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models
from django.utils.module_loading import import_string

from recoverynet.core.personal_data import Action, Category, Model, Retention

from . import paths
from .registry import CORE_MAP_MODULE, declarations

SECRET_NAMES = re.compile(r"hash|secret|password|token", re.IGNORECASE)
IDENTIFYING = (Category.IDENTITY, Category.CONTACT, Category.ACCOUNT_LINK)
_FOLDER = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")
DATE_FIELDS = (models.DateField,)  # DateTimeField is a DateField
INT_FIELDS = (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)


def problems() -> list[str]:
    found: list[str] = []
    decls = declarations()
    counts = Counter(d.model.lower() for d in decls)
    found += [f"{label}: declared {n} times" for label, n in counts.items() if n > 1]
    installed = {m._meta.label.lower(): m for m in apps.get_models()}
    for label in counts:
        if label not in installed:
            found.append(f"{label}: declared but not an installed model")
    for label, model in sorted(installed.items()):
        if label not in counts:
            app = model._meta.app_config.name
            home = f"{app}.personal_data" if app.startswith("recoverynet.") else CORE_MAP_MODULE
            found.append(
                f"{model._meta.label}: not in the personal-data map (add it to {home}, "
                "see docs/personal-data-format.md)"
            )
    retentions: dict[str, Retention] = {}
    for decl in decls:
        found_model = installed.get(decl.model.lower())
        if found_model is None or not isinstance(decl, Model):
            continue
        found += _model_problems(decl, found_model, retentions)
    return found


def _model_problems(
    decl: Model, model: type[models.Model], retentions: dict[str, Retention]
) -> list[str]:
    label = model._meta.label
    out: list[str] = []
    own = paths.own_fields(model)
    declared, unpersonal = set(decl.fields), set(decl.not_personal)
    for name in sorted(declared & unpersonal):
        out.append(f"{label}.{name}: both declared and marked not personal")
    for name in sorted((declared | unpersonal) - set(own)):
        out.append(f"{label}.{name}: no such field (or it is the primary key)")
    for name in sorted(set(own) - declared - unpersonal):
        out.append(f"{label}.{name}: neither declared nor marked not personal")
    for name in sorted(unpersonal):
        if SECRET_NAMES.search(name) and not name.endswith(("_at", "_on")):
            out.append(
                f"{label}.{name}: a secret is declared with export=False, not as not personal"
            )
    if not decl.describe.strip():
        out.append(f"{label}: describe it in plain English")
    for path in decl.subject:
        try:
            end = paths.resolve(model, path)
        except ValueError as exc:
            out.append(f"{label} subject {exc}")
            continue
        if not (paths.is_user_link(end) or paths.is_email(end)):
            out.append(f"{label} subject {path!r}: must end at a user link or an e-mail field")
    for name, f in decl.fields.items():
        where = f"{label}.{name}"
        if f.category.special and f.condition is None:
            out.append(f"{where}: special category data needs condition=")
        if Action.KEEP in (f.action, f.erasure_action) and not f.keep_reason.strip():
            out.append(f"{where}: KEEP needs keep_reason=")
        if not f.purpose.strip() or not f.seen_by:
            out.append(f"{where}: purpose and seen_by are required")
        if f.file_folder and not _FOLDER.fullmatch(f.file_folder):
            out.append(f"{where}: file_folder must be one folder name")
        if name in own and f.action is Action.CLEAR and not _clearable(own[name]):
            out.append(f"{where}: CLEAR on a field that cannot be empty (use DELETE or ANONYMISE)")
        for retention, _action in ((f.retention, f.action), *f.also):
            out += _retention_problems(where, model, retention, retentions)
    out += _aggregate_problems(decl, label)
    return out


def _clearable(f: models.Field[object, object]) -> bool:
    if f.null or f.many_to_many or isinstance(f, models.JSONField):
        return True
    return not f.is_relation and f.blank


def _retention_problems(
    where: str, model: type[models.Model], r: Retention, seen: dict[str, Retention]
) -> list[str]:
    out: list[str] = []
    previous = seen.setdefault(r.key, r)
    if previous != r:
        out.append(f"{where}: retention key {r.key!r} is used for two different rules")
    if not r.describe.strip():
        out.append(f"{where}: retention {r.key!r} needs describe=")
    for path in r.anchors:
        try:
            end = paths.resolve(model, path)
        except ValueError as exc:
            out.append(f"{where} anchor {exc}")
            continue
        if not isinstance(end, DATE_FIELDS):
            out.append(f"{where} anchor {path!r}: must end at a date or date-time")
    if r.days_from:
        try:
            end = paths.resolve(model, r.days_from)
        except ValueError as exc:
            out.append(f"{where} days_from {exc}")
        else:
            if not isinstance(end, INT_FIELDS):
                out.append(f"{where} days_from {r.days_from!r}: must end at a whole number")
    if r.only_if:
        try:
            str(model._default_manager.filter(**r.only_if).query)
        except (FieldError, ValueError, TypeError) as exc:
            out.append(f"{where} only_if: {exc}")
    if r.hook:
        try:
            hook = import_string(r.hook)
        except ImportError as exc:
            out.append(f"{where} hook {r.hook!r}: {exc}")
        else:
            if not callable(hook):
                out.append(f"{where} hook {r.hook!r}: not a function")
    return out


def _aggregate_problems(decl: Model, label: str) -> list[str]:
    out: list[str] = []
    for name, f in decl.fields.items():
        if f.action is not Action.AGGREGATE and f.erasure_action is not Action.AGGREGATE:
            continue
        for other_name, other in decl.fields.items():
            if other.category not in IDENTIFYING:
                continue
            kept = (Action.KEEP, Action.AGGREGATE)
            if (
                f.action is Action.AGGREGATE
                and (other.retention != f.retention or other.action in kept)
                and not (other.category is Category.ACCOUNT_LINK and other.action is Action.KEEP)
            ):
                out.append(
                    f"{label}.{name}: AGGREGATE needs {other_name} removed by the same retention"
                )
            if (
                f.erasure_action is Action.AGGREGATE
                and other.erasure_action in kept
                and not (
                    other.category is Category.ACCOUNT_LINK and other.erasure_action is Action.KEEP
                )
            ):
                out.append(f"{label}.{name}: AGGREGATE needs {other_name} removed on erasure")
    return out
