"""Scoring an instrument from its definition: reverse scoring, sums, subscales, conversion, and the
reliable change index (Jacobson & Truax 1991).

Pure functions over a `Definition` and answers `{item number: value or None}` (None: "prefer not to
answer"). Nothing here knows about the database."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .definition import Definition

RELIABLE_Z = 1.96  # two-tailed 5 %: |RCI| above this is reliable change


class AnswerError(ValueError):
    """Answers that do not fit the definition; `item` names the first one at fault."""

    def __init__(self, message: str, item: int | None = None) -> None:
        super().__init__(message)
        self.item = item


@dataclass(frozen=True)
class Score:
    raw: Decimal | None  # the sum (prorated where allowed), None when too much is missing
    score: Decimal | None  # after conversion (the raw sum when there is no table)
    subscales: dict[str, Decimal]
    missing: int

    @property
    def scored(self) -> bool:
        return self.score is not None


def item_value(definition: Definition, number: int, value: int) -> int:
    """The value an answer counts for: reversed (max + min − value) for a reverse-scored item."""
    item = definition.items[number - 1]
    return definition.scale_min + definition.scale_max - value if item.reverse else value


def check_answers(
    definition: Definition, answers: Mapping[int, int | None], *, complete: bool
) -> None:
    """Refuse answers to items the instrument does not have, values off the scale, "prefer not to
    answer" where it is not offered, and (when `complete`) any item left without an answer."""
    numbers = {item.number for item in definition.items}
    for number, value in answers.items():
        if number not in numbers:
            raise AnswerError(f"This questionnaire has no question {number}.", number)
        if value is None:
            if not definition.allows_decline:
                raise AnswerError(f"Question {number} needs an answer.", number)
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(
                f"The answer to question {number} must be one of the choices.", number
            )
        if not definition.scale_min <= value <= definition.scale_max:
            raise AnswerError(
                f"The answer to question {number} must be from {definition.scale_min} to "
                f"{definition.scale_max}.",
                number,
            )
    if complete:
        for number in sorted(numbers):
            if number not in answers:
                raise AnswerError(
                    f"Answer question {number}, or choose 'Prefer not to answer'.", number
                )


def score(definition: Definition, answers: Mapping[int, int | None]) -> Score:
    """The instrument's scores for a complete set of answers (checked first)."""
    check_answers(definition, answers, complete=True)
    given = {n: item_value(definition, n, v) for n, v in answers.items() if v is not None}
    missing = definition.item_count - len(given)
    subscales: dict[str, Decimal] = {}
    if missing == 0:
        for name in definition.subscales:
            subscales[name] = Decimal(
                sum(given[i.number] for i in definition.items if i.subscale == name)
            )
    if not definition.scored or missing > definition.max_missing:
        return Score(raw=None, score=None, subscales=subscales, missing=missing)
    total = Decimal(sum(given.values()))
    if missing and definition.prorate:
        total = (total * definition.item_count / len(given)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
    elif missing:
        return Score(raw=None, score=None, subscales=subscales, missing=missing)
    converted = definition.conversion[int(total)] if definition.conversion else total
    return Score(raw=total, score=converted, subscales=subscales, missing=missing)


# --- Reliable change ------------------------------------------------------------------------------

IMPROVED = "improved"
NO_CHANGE = "no_change"
DETERIORATED = "deteriorated"


def reliable_change_index(before: float, after: float, sem: float) -> float:
    """Jacobson–Truax: the change divided by the standard error of the difference, √2 × SEM."""
    if sem <= 0:
        raise ValueError("The standard error of measurement must be greater than 0.")
    return (after - before) / (math.sqrt(2) * sem)


def reliable_change_threshold(sem: float) -> float:
    """The smallest change in points that counts as reliable: 1.96 × √2 × SEM."""
    return RELIABLE_Z * math.sqrt(2) * sem


def classify(before: float, after: float, *, sem: float, higher_is_better: bool = True) -> str:
    """ "improved", "no_change" or "deteriorated" by the reliable change index."""
    rci = reliable_change_index(before, after, sem)
    if not higher_is_better:
        rci = -rci
    if rci > RELIABLE_Z:
        return IMPROVED
    if rci < -RELIABLE_Z:
        return DETERIORATED
    return NO_CHANGE


def meaningful_improvement(
    before: float, after: float, *, threshold: float, higher_is_better: bool = True
) -> bool:
    """Whether the change in the better direction is at least the meaningful-change threshold."""
    change = after - before if higher_is_better else before - after
    return change >= threshold - 1e-9
