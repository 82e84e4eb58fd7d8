"""Input schema bases shared by every app's API."""

from __future__ import annotations

from typing import Any, ClassVar

from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .text import label_for


class PatchSchema(Schema):
    """A partial update: a field left out keeps its value. An explicit `null` is refused with a 422
    naming the field, except for the fields listed in `nullable` (where null clears the value)."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise PydanticCustomError(
                "null",
                f"{label_for(info.field_name or '')} cannot be null. Leave it out to keep "
                "it as it is.",
            )
        return value
