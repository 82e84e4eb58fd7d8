"""The definition format: an instrument's structure and scoring as data, never its wording.

A definition is a JSON object (the shipped ones are in `builtin/`; an administrator can load
another from a file). It holds:

- `code`, `version`, `name`, `timeframe` ("the last 2 weeks");
- `scale`: the response values (`min`..`max`, whole numbers) and whether their labels are licensed
  text (`labels_licensed`); labels, like item wording, come from the organisation's `Wording`;
- `items`: `number` (1..n, in order), `subscale` (optional) and `reverse` (scored max+min−value);
- `allows_decline`: whether "prefer not to answer" is offered;
- `completeness`: `max_missing` items (declined) that still give a score, and `prorate` (scale the
  mean of the answered items up to the full count);
- `scoring`: `method` "sum" or "none" (structure only, e.g. where scoring is unconfirmed),
  optional `conversion` (raw total → metric score, every raw total in range present);
- `higher_is_better`;
- `change`: figures for the reliable change index, either `sem` or `sd` with `reliability`, and an
  optional `meaningful` threshold (in score points), each with its `source`.

`parse` validates everything and says what is wrong in plain words; a definition once used is
never changed (a new version is loaded instead)."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

CODE_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
MAX_ITEMS = 100


class DefinitionError(ValueError):
    """A definition that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Item:
    number: int
    subscale: str = ""
    reverse: bool = False


@dataclass(frozen=True)
class Change:
    sem: float | None  # standard error of measurement (from sd and reliability if not given)
    meaningful: float | None
    source: str = ""

    @property
    def available(self) -> bool:
        return self.sem is not None and self.sem > 0


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    name: str
    timeframe: str
    scale_min: int
    scale_max: int
    labels_licensed: bool
    items: tuple[Item, ...]
    allows_decline: bool
    max_missing: int
    prorate: bool
    method: str  # "sum" or "none"
    conversion: dict[int, Decimal] | None
    higher_is_better: bool
    change: Change
    raw: dict[str, Any]

    @property
    def values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def scored(self) -> bool:
        return self.method == "sum"

    @property
    def raw_min(self) -> int:
        return self.scale_min * self.item_count

    @property
    def raw_max(self) -> int:
        return self.scale_max * self.item_count

    @property
    def score_min(self) -> float:
        return float(self.conversion[self.raw_min]) if self.conversion else float(self.raw_min)

    @property
    def score_max(self) -> float:
        return float(self.conversion[self.raw_max]) if self.conversion else float(self.raw_max)

    @property
    def subscales(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.subscale and item.subscale not in seen:
                seen.append(item.subscale)
        return seen


def _need(data: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    if key not in data:
        raise DefinitionError(f"{where}{key} is missing.")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DefinitionError(f"{where}{key} must be a {_kind_name(kind)}.")
    return value


def _kind_name(kind: type) -> str:
    names = {int: "whole number", str: "text", bool: "true or false", dict: "object", list: "list"}
    return names.get(kind, kind.__name__)


def _text(data: dict[str, Any], key: str, max_length: int, where: str = "") -> str:
    value = _need(data, key, str, where).strip()
    if not value:
        raise DefinitionError(f"{where}{key} must not be empty.")
    if len(value) > max_length:
        raise DefinitionError(f"{where}{key} must be {max_length} characters or fewer.")
    if any(ord(ch) < 32 for ch in value):
        raise DefinitionError(f"{where}{key} must be one line of plain text.")
    return value


def _positive_number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DefinitionError(f"{where} must be a number.")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise DefinitionError(f"{where} must be a number greater than 0.")
    return number


def _change(data: Any) -> Change:
    if data is None:
        return Change(sem=None, meaningful=None)
    if not isinstance(data, dict):
        raise DefinitionError("change must be an object.")
    sem: float | None = None
    if data.get("sem") is not None:
        sem = _positive_number(data["sem"], "change.sem")
    elif data.get("sd") is not None or data.get("reliability") is not None:
        sd = _positive_number(data.get("sd"), "change.sd")
        reliability = _positive_number(data.get("reliability"), "change.reliability")
        if reliability >= 1:
            raise DefinitionError("change.reliability must be less than 1.")
        sem = sd * math.sqrt(1 - reliability)
    meaningful = None
    if data.get("meaningful") is not None:
        meaningful = _positive_number(data["meaningful"], "change.meaningful")
    source = data.get("source", "")
    if not isinstance(source, str) or len(source) > 500:
        raise DefinitionError("change.source must be text of 500 characters or fewer.")
    return Change(sem=sem, meaningful=meaningful, source=source)


def _items(data: dict[str, Any]) -> tuple[Item, ...]:
    raw_items = _need(data, "items", list)
    if not raw_items:
        raise DefinitionError("items must list at least one item.")
    if len(raw_items) > MAX_ITEMS:
        raise DefinitionError(f"items may list at most {MAX_ITEMS} items.")
    items = []
    for position, raw in enumerate(raw_items, start=1):
        where = f"items[{position}]."
        if not isinstance(raw, dict):
            raise DefinitionError(f"items[{position}] must be an object.")
        number = _need(raw, "number", int, where)
        if number != position:
            raise DefinitionError(
                f"{where}number must be {position}: items are numbered 1, 2, 3 … in order."
            )
        subscale = raw.get("subscale", "")
        if not isinstance(subscale, str) or len(subscale) > 60:
            raise DefinitionError(f"{where}subscale must be text of 60 characters or fewer.")
        reverse = raw.get("reverse", False)
        if not isinstance(reverse, bool):
            raise DefinitionError(f"{where}reverse must be true or false.")
        items.append(Item(number=number, subscale=subscale.strip(), reverse=reverse))
    return tuple(items)


def _conversion(data: Any, raw_min: int, raw_max: int) -> dict[int, Decimal] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise DefinitionError("scoring.conversion must be an object of raw total → score.")
    table: dict[int, Decimal] = {}
    for key, value in data.items():
        try:
            raw = int(key)
        except (TypeError, ValueError):
            raise DefinitionError(
                f"scoring.conversion has a key {key!r} that is not a whole number."
            ) from None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise DefinitionError(f"scoring.conversion[{raw}] must be a number.")
        try:
            score = Decimal(str(value))
        except InvalidOperation:
            raise DefinitionError(f"scoring.conversion[{raw}] must be a number.") from None
        if not score.is_finite():
            raise DefinitionError(f"scoring.conversion[{raw}] must be a number.")
        table[raw] = score
    expected = set(range(raw_min, raw_max + 1))
    if set(table) != expected:
        missing = sorted(expected - set(table))
        extra = sorted(set(table) - expected)
        raise DefinitionError(
            f"scoring.conversion must give a score for every raw total {raw_min} to {raw_max}"
            + (f"; missing {missing}" if missing else "")
            + (f"; not possible {extra}" if extra else "")
            + "."
        )
    ordered = [table[r] for r in sorted(table)]
    if any(b < a for a, b in itertools.pairwise(ordered)):
        raise DefinitionError("scoring.conversion must never go down as the raw total goes up.")
    return table


def parse(data: Any) -> Definition:
    """A validated `Definition` from JSON data, or `DefinitionError` saying what to fix."""
    if not isinstance(data, dict):
        raise DefinitionError("A definition must be a JSON object.")
    code = _need(data, "code", str)
    if not CODE_RE.match(code):
        raise DefinitionError(
            "code must be 2 to 40 lower-case letters, digits or hyphens, starting with a letter."
        )
    version = _need(data, "version", int)
    if not 1 <= version <= 9999:
        raise DefinitionError("version must be a whole number from 1 to 9999.")
    scale = _need(data, "scale", dict)
    scale_min = _need(scale, "min", int, "scale.")
    scale_max = _need(scale, "max", int, "scale.")
    if not (0 <= scale_min < scale_max <= 100):
        raise DefinitionError("scale.min must be less than scale.max, both from 0 to 100.")
    labels_licensed = scale.get("labels_licensed", True)
    if not isinstance(labels_licensed, bool):
        raise DefinitionError("scale.labels_licensed must be true or false.")
    items = _items(data)
    completeness = data.get("completeness", {}) or {}
    if not isinstance(completeness, dict):
        raise DefinitionError("completeness must be an object.")
    max_missing = completeness.get("max_missing", 0)
    if (
        isinstance(max_missing, bool)
        or not isinstance(max_missing, int)
        or not 0 <= max_missing < len(items)
    ):
        raise DefinitionError(
            "completeness.max_missing must be a whole number from 0 to one less than the number of items."
        )
    prorate = completeness.get("prorate", False)
    if not isinstance(prorate, bool):
        raise DefinitionError("completeness.prorate must be true or false.")
    allows_decline = data.get("allows_decline", True)
    if not isinstance(allows_decline, bool):
        raise DefinitionError("allows_decline must be true or false.")
    scoring = _need(data, "scoring", dict)
    method = _need(scoring, "method", str, "scoring.")
    if method not in ("sum", "none"):
        raise DefinitionError('scoring.method must be "sum" or "none".')
    conversion = _conversion(
        scoring.get("conversion"), scale_min * len(items), scale_max * len(items)
    )
    if conversion is not None and (prorate or max_missing):
        raise DefinitionError(
            "A conversion table needs every item answered: set completeness.max_missing to 0 and prorate to false."
        )
    higher = data.get("higher_is_better", True)
    if not isinstance(higher, bool):
        raise DefinitionError("higher_is_better must be true or false.")
    return Definition(
        code=code,
        version=version,
        name=_text(data, "name", 200),
        timeframe=_text(data, "timeframe", 100),
        scale_min=scale_min,
        scale_max=scale_max,
        labels_licensed=labels_licensed,
        items=items,
        allows_decline=allows_decline,
        max_missing=max_missing,
        prorate=prorate,
        method=method,
        conversion=conversion,
        higher_is_better=higher,
        change=_change(data.get("change")),
        raw=data,
    )
