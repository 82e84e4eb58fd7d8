"""Lookup paths in declarations ("booking__event__ends_at") resolved against the models."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models


def resolve(model: type[models.Model], path: str) -> models.Field[object, object]:
    """The field a lookup path ends at; raises ValueError with a readable reason."""
    current: type[models.Model] = model
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist as exc:
            raise ValueError(f"{path!r}: {current._meta.label} has no field {part!r}") from exc
        if i == len(parts) - 1:
            if not isinstance(found, models.Field):
                raise ValueError(f"{path!r} ends at a relation, not a field")
            return found
        related = found.related_model
        if related is None or isinstance(related, str):
            raise ValueError(f"{path!r}: {part!r} is not a relation")
        current = related
    raise ValueError(f"{path!r} is empty")


def is_user_link(field: models.Field[object, object]) -> bool:
    related = field.related_model
    return bool(
        field.is_relation
        and related is not None
        and not isinstance(related, str)
        and related._meta.label == settings.AUTH_USER_MODEL
    )


def is_email(field: models.Field[object, object]) -> bool:
    return isinstance(field, models.EmailField)


def own_fields(model: type[models.Model]) -> dict[str, models.Field[object, object]]:
    """Every field a declaration must name: concrete fields and many-to-many fields declared on
    the model (inherited ones included), except the primary key."""
    found: dict[str, models.Field[object, object]] = {}
    for f in model._meta.get_fields():
        if not isinstance(f, models.Field) or f.auto_created or f.primary_key:
            continue
        if f.concrete or f.many_to_many:
            found[f.name] = f
    return found
