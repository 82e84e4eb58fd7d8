"""Pure rules, no database: co-facilitation and completion (property-tested with hypothesis)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .models.course import FacilitatorRole
from .models.student import ATTENDED_MARKS

REQUIRED_PAIR = frozenset({FacilitatorRole.PEER_TRAINER, FacilitatorRole.PROFESSIONAL_TRAINER})


class _HasRole(Protocol):
    role: str


class _Session(Protocol):
    number: int

    @property
    def facilitators(self) -> object: ...


def is_cofacilitated(roles: Iterable[str]) -> bool:
    """A peer trainer and a professional trainer are both there."""
    return set(roles) >= REQUIRED_PAIR


def cofacilitation_gaps(sessions: Sequence[_Session]) -> list[_Session]:
    """The sessions (facilitators prefetched) without a peer and a professional trainer."""
    return [
        s
        for s in sessions
        if not is_cofacilitated(f.role for f in s.facilitators.all())  # type: ignore[attr-defined]
    ]


@dataclass(frozen=True)
class CompletionRule:
    """Attend at least `minimum` of the course's `sessions` (None: all of them); and, when
    `first_required`, session 1 must be among them."""

    sessions: int
    minimum: int | None
    first_required: bool

    @property
    def needed(self) -> int:
        return self.sessions if self.minimum is None else self.minimum

    def can_be_met(self) -> bool:
        return self.sessions >= 1 and 1 <= self.needed <= self.sessions


def attended(mark: str | None) -> bool:
    return mark in ATTENDED_MARKS


def has_completed(rule: CompletionRule, marks: dict[int, str]) -> bool:
    """`marks`: session number → attendance mark. Present and late count as attended."""
    if not rule.can_be_met():
        return False
    numbers = {n for n, mark in marks.items() if attended(mark) and 1 <= n <= rule.sessions}
    if rule.first_required and 1 not in numbers:
        return False
    return len(numbers) >= rule.needed


def sessions_still_possible(rule: CompletionRule, marks: dict[int, str]) -> bool:
    """Whether completion is still within reach (sessions not yet marked count as possible)."""
    if not rule.can_be_met():
        return False
    if rule.first_required and 1 in marks and not attended(marks[1]):
        return False
    missed = sum(1 for n, m in marks.items() if 1 <= n <= rule.sessions and not attended(m))
    return rule.sessions - missed >= rule.needed
