"""Which rows of a declared model are about a person (the declaration's `subject` paths)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from recoverynet.core.personal_data import Category, Model

from . import paths


def email_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def is_user_model(model: type[models.Model]) -> bool:
    return model._meta.label == get_user_model()._meta.label


def subject_q(decl: Model, model: type[models.Model], person_id: Any, emails: set[str]) -> Q:
    if is_user_model(model):
        return Q(pk=person_id)
    q = Q(pk__in=[])
    for path in decl.subject:
        end = paths.resolve(model, path)
        if paths.is_user_link(end):
            q |= Q(**{path: person_id})
        else:
            for address in emails:
                q |= Q(**{f"{path}__iexact": address})
    return q


def subject_rows(
    decl: Model, model: type[models.Model], person_id: Any, emails: set[str]
) -> models.QuerySet[Any]:
    return model._default_manager.filter(subject_q(decl, model, person_id, emails)).distinct()


def rows_with_hashed_email(decl: Model, model: type[models.Model], hashes: set[str]) -> list[Any]:
    """Primary keys of rows whose e-mail subject field hashes to one of `hashes` (re-applying an
    erasure after a restore, when only the hashes of the addresses are on record)."""
    found: list[Any] = []
    if not hashes:
        return found
    for path in decl.subject:
        end = paths.resolve(model, path)
        if not paths.is_email(end):
            continue
        for pk, value in model._default_manager.exclude(**{path: ""}).values_list("pk", path):
            if value and email_hash(str(value)) in hashes:
                found.append(pk)
    return found


def account_link_fields(decl: Model, model: type[models.Model]) -> list[str]:
    """Declared fields that are foreign keys to the user model."""
    own = paths.own_fields(model)
    return [
        name
        for name, f in decl.fields.items()
        if f.category is Category.ACCOUNT_LINK and name in own and paths.is_user_link(own[name])
    ]
