"""Copies of personal data (Category.COPY: mail bodies, logs, task results, audit details, webhook
bodies): on erasure, every row whose copy mentions the person's name or e-mail address gets the
field's erasure action; where that is KEEP, the name and address are replaced by "[erased]"."""

from __future__ import annotations

import json
import re
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from recoverynet.core.personal_data import Action, Category

from . import actions
from .registry import personal_models

ERASED = "[erased]"


def _variants(identifier: str) -> set[str]:
    """How the text can appear: as typed, and escaped inside JSON."""
    return {identifier, json.dumps(identifier)[1:-1]}


def _pattern(ids: set[str]) -> re.Pattern[str]:
    escaped = sorted({re.escape(v) for i in ids for v in _variants(i)}, key=len, reverse=True)
    return re.compile("|".join(escaped), re.IGNORECASE)


def _mentions(model: type[models.Model], name: str, ids: set[str]) -> models.QuerySet[Any]:
    field = model._meta.get_field(name)
    qs = model._default_manager.all()
    if isinstance(field, models.JSONField):
        qs = qs.annotate(_as_text=Cast(name, TextField()))
        lookup = "_as_text__icontains"
    else:
        lookup = f"{name}__icontains"
    q = Q(pk__in=[])
    for i in ids:
        for v in _variants(i):
            q |= Q(**{lookup: v})
    return qs.filter(q)


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if value is None:
        return value
    text = json.dumps(value, ensure_ascii=False)
    return json.loads(pattern.sub(ERASED, text))


def scrub(ids: set[str]) -> dict[str, int]:
    """Deal with every copy that mentions one of `ids`. Returns rows changed per model."""
    if not ids:
        return {}
    pattern = _pattern(ids)
    counts: dict[str, int] = {}
    for decl in personal_models():
        try:
            model = apps.get_model(decl.model)
        except LookupError:
            continue
        for name, f in decl.fields.items():
            if f.category is not Category.COPY:
                continue
            pks = list(_mentions(model, name, ids).values_list("pk", flat=True))
            if not pks:
                continue
            qs = model._default_manager.filter(pk__in=pks)
            action = f.erasure_action
            if action is Action.DELETE:
                n, _blocked = actions.delete_rows(qs, decl.fields)
            elif action in (Action.CLEAR, Action.ANONYMISE):
                n = actions.change_rows(qs, {name: (f, action)}, erasure=True)
            else:
                n = 0
                with transaction.atomic():
                    for row in qs.select_for_update():
                        before = getattr(row, name)
                        after = _scrub_value(before, pattern)
                        if after != before:
                            model._default_manager.filter(pk=row.pk).update(**{name: after})
                            n += 1
            if n:
                counts[decl.model] = counts.get(decl.model, 0) + n
    return counts
