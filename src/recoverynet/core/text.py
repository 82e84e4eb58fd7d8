"""Rules for text people send us, in one place (decision 0013).

- No control characters: NUL and the other C0 controls are refused everywhere (tab, line feed and
  carriage return are allowed in multi-line text), and so are lone surrogates, which cannot be
  stored. The request guard (`core/input_guard.py`) applies this to every query, path, form and
  JSON value before a view runs.
- Names and titles are stripped, required and on one line: `Name` (API schemas), `NameField`
  (`core/forms.py`) and `clean_text(..., required=True)` (services).
- Over-long text is refused with a message naming the field and its limit, never cut.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from .errors import ApplicationError

# C0 controls except tab, line feed and carriage return; and lone surrogates (only reachable from a
# JSON "\udXXX" escape), which no database can store.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_REFUSED_ONE_LINE = re.compile("[\x00-\x1f\ud800-\udfff]")


def bad_character(value: str, *, single_line: bool = False) -> str | None:
    """The first character we refuse in `value` (escaped for a message), or None if all are fine."""
    found = (_REFUSED_ONE_LINE if single_line else _REFUSED).search(value)
    if found is None:
        return None
    code = ord(found.group())
    return f"\\u{code:04x}" if code >= 0xD800 else found.group().encode("unicode_escape").decode()


def label_for(field: str) -> str:
    """ "delegates.0.purchase_order" → "Purchase order" (how a message names a field)."""
    name = field.rsplit(".", 1)[-1] if field else ""
    if name.isdigit() or not name:
        name = "this"
    return name.replace("_", " ").capitalize()


def control_message(field: str, value: str, *, single_line: bool = False) -> str | None:
    """The message for a value with a refused character, or None when the value is fine."""
    found = bad_character(value, single_line=single_line)
    if found is None:
        return None
    label = label_for(field)
    if single_line and found in ("\\n", "\\r", "\\t"):
        return f"{label} must be on one line, without line breaks or tabs."
    return f"{label} contains a character we cannot accept ({found}). Remove it and try again."


def blank_message(field: str) -> str:
    return f"{label_for(field)} cannot be empty or only spaces."


def too_long_message(field: str, max_length: int) -> str:
    return f"{label_for(field)} must be {max_length} characters or fewer."


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int | None = None,
    required: bool = False,
    single_line: bool = False,
) -> str:
    """For services: strip `value` and check it, raising a 422 `ApplicationError` that names the
    field. Never shortens anything."""
    value = value.strip()
    problem = control_message(field, value, single_line=single_line)
    if problem is None and required and not value:
        problem = blank_message(field)
    if problem is None and max_length is not None and len(value) > max_length:
        problem = too_long_message(field, max_length)
    if problem is not None:
        raise ApplicationError("invalid", problem, field=field, status=422)
    return value


def clean_name(value: str, *, field: str, max_length: int) -> str:
    """A required one-line name or title: stripped, never empty or only spaces, never cut."""
    return clean_text(value, field=field, max_length=max_length, required=True, single_line=True)


# --- pydantic (API schemas) ---------------------------------------------------------------------


def _check_line(value: str, info: ValidationInfo) -> str:
    field = info.field_name or ""
    problem = control_message(field, value, single_line=True)
    if problem is not None:
        raise PydanticCustomError("control_character", problem)
    return value


def _check_name(value: str, info: ValidationInfo) -> str:
    value = _check_line(value, info)
    if not value:
        raise PydanticCustomError("blank", blank_message(info.field_name or ""))
    return value


# A required one-line name or title: stripped; empty or only spaces is refused. Give the limit with
# `Field(max_length=N)` (the model field's max_length).
Name = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_name)]
# One line of optional text (a role, a purchase order number): stripped, may be empty.
Line = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_line)]


def pydantic_message(error: dict[str, Any], field: str) -> str | None:
    """Plain-English wording for pydantic's own length errors, naming the field and its limit."""
    ctx = error.get("ctx") or {}
    long = error.get("type") == "string_too_long" or (
        error.get("type") == "too_long" and isinstance(error.get("input"), str)
    )
    if long and "max_length" in ctx:
        return too_long_message(field, int(ctx["max_length"]))
    if error.get("type") == "string_too_short" and ctx.get("min_length") == 1:
        return blank_message(field)
    if error.get("type") == "string_too_short" and "min_length" in ctx:
        return f"{label_for(field)} must be {ctx['min_length']} characters or more."
    return None
