"""Property tests for drawdown and burn arithmetic."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from recoverynet.engagements.arithmetic import (
    Drawdown,
    Level,
    days_text,
    elapsed_percent,
    is_half_days,
    months_between,
    percent,
)

halves = st.integers(min_value=0, max_value=2000).map(lambda n: Decimal(n) / 2)
dates = st.dates(min_value=datetime.date(2010, 1, 1), max_value=datetime.date(2040, 12, 31))


@given(halves, halves)
def test_drawdown_adds_up(allocated: Decimal, used: Decimal) -> None:
    d = Drawdown(allocated=allocated, used=used)
    assert d.remaining >= 0 and d.over_by >= 0
    assert d.remaining - d.over_by == allocated - used
    assert (d.level == Level.OVER) == (used > allocated)
    if allocated > 0 and used <= allocated:
        assert d.level in (Level.OK, Level.NEARLY, Level.USED_UP)
        assert (d.level == Level.USED_UP) == (used == allocated)
        if used * 100 < allocated * 80:
            assert d.level == Level.OK


@given(halves, halves, halves)
def test_would_over_run_is_exact(allocated: Decimal, used: Decimal, more: Decimal) -> None:
    d = Drawdown(allocated=allocated, used=used)
    assert d.would_over_run(more) == (used + more > allocated)


@given(st.integers(min_value=-1000, max_value=1000), st.integers(min_value=1, max_value=7))
def test_only_halves(numerator: int, denominator: int) -> None:
    value = Decimal(numerator) / Decimal(denominator)
    assert is_half_days(value) == ((value * 2) == (value * 2).to_integral_value())


@given(dates, dates, dates)
def test_elapsed_is_a_monotone_percentage(
    a: datetime.date, b: datetime.date, today: datetime.date
) -> None:
    start, end = min(a, b), max(a, b)
    p = elapsed_percent(start, end, today)
    assert 0 <= p <= 100
    later = (
        elapsed_percent(start, end, today + datetime.timedelta(days=1))
        if today < datetime.date(2040, 12, 31)
        else p
    )
    assert later >= p
    if today < start:
        assert p == 0
    if today >= end:
        assert p == 100


@given(halves, halves)
def test_percent_bounds(part: Decimal, whole: Decimal) -> None:
    p = percent(part, whole)
    if whole == 0:
        assert p == 0
    elif part <= whole:
        assert 0 <= p <= 100


@given(dates, dates)
def test_months_between(a: datetime.date, b: datetime.date) -> None:
    start, end = min(a, b), max(a, b)
    months = months_between(start, end)
    assert months[0] == start.replace(day=1) and months[-1] == end.replace(day=1)
    assert len(months) == (end.year - start.year) * 12 + end.month - start.month + 1


def test_burn_sentence_and_text() -> None:
    assert days_text(Decimal("2.0")) == "2" and days_text(Decimal("10")) == "10"
    d = Drawdown(allocated=Decimal("5"), used=Decimal("3"))
    start = datetime.date(2027, 1, 1)
    from recoverynet.engagements.arithmetic import burn

    b = burn(d, start, datetime.date(2027, 1, 10), datetime.date(2027, 1, 4))
    assert b.sentence == "60% of the days used at 40% of the time"
    assert b.ahead
