"""Drawdown and burn: pure arithmetic on Decimals, so it can be property-tested on its own.

Days come in halves. Drawdown compares days used with days allocated (original + approved
top-ups); burn compares the share of days used with the share of the engagement's time gone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HALF = Decimal("0.5")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
WARN_AT = Decimal("80")  # per cent used: "nearly used up"


class Level:
    OK = "ok"
    NEARLY = "nearly_used"
    USED_UP = "used_up"
    OVER = "over_running"


LEVEL_WORDS = {
    Level.OK: "Within the allocation",
    Level.NEARLY: "80% or more of the days used",
    Level.USED_UP: "All the days are used",
    Level.OVER: "Over-running: more days used than allocated",
}


def is_half_days(value: Decimal) -> bool:
    """True for 0.5, 1, 1.5 …; False for 0.3, 1.25, NaN or infinity."""
    try:
        return value.is_finite() and (value / HALF) == (value / HALF).to_integral_value()
    except (InvalidOperation, ArithmeticError):
        return False


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a whole-number percentage of `whole` (half-up); 0 when there is no whole."""
    if whole <= 0:
        return ZERO
    return (part * HUNDRED / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Drawdown:
    allocated: Decimal
    used: Decimal

    def __post_init__(self) -> None:
        # Days in tenths, whatever the database's sum gave (PostgreSQL "3.0", SQLite "3"): the API
        # says the same on both.
        object.__setattr__(self, "allocated", Decimal(self.allocated).quantize(Decimal("0.1")))
        object.__setattr__(self, "used", Decimal(self.used).quantize(Decimal("0.1")))

    @property
    def remaining(self) -> Decimal:
        return max(self.allocated - self.used, ZERO)

    @property
    def over_by(self) -> Decimal:
        return max(self.used - self.allocated, ZERO)

    @property
    def used_percent(self) -> Decimal:
        return percent(self.used, self.allocated)

    @property
    def level(self) -> str:
        if self.used > self.allocated:
            return Level.OVER
        if self.allocated > 0 and self.used == self.allocated:
            return Level.USED_UP
        if self.allocated > 0 and self.used * HUNDRED >= WARN_AT * self.allocated:
            return Level.NEARLY
        return Level.OK

    @property
    def words(self) -> str:
        return LEVEL_WORDS[self.level]

    def would_over_run(self, days: Decimal) -> bool:
        return self.used + days > self.allocated


def elapsed_percent(
    starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> Decimal:
    """How much of the engagement's time has gone, 0-100, counting both the first and last day."""
    if today < starts_on:
        return ZERO
    if today >= ends_on:
        return HUNDRED
    total = (ends_on - starts_on).days + 1
    gone = (today - starts_on).days + 1
    return percent(Decimal(gone), Decimal(total))


@dataclass(frozen=True)
class Burn:
    used_percent: Decimal
    time_percent: Decimal

    @property
    def ahead(self) -> bool:
        """Days are going faster than time."""
        return self.used_percent > self.time_percent

    @property
    def sentence(self) -> str:
        return f"{self.used_percent}% of the days used at {self.time_percent}% of the time"


def burn(
    drawdown: Drawdown, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> Burn:
    return Burn(drawdown.used_percent, elapsed_percent(starts_on, ends_on, today))


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from `first`'s to `last`'s, inclusive."""
    out: list[datetime.date] = []
    current = month_start(first)
    while current <= last:
        out.append(current)
        current = add_months(current, 1)
    return out


def days_text(value: Decimal) -> str:
    """2.0 → "2", 0.5 → "0.5", 10 → "10"."""
    return format(value.normalize(), "f")
