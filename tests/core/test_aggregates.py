"""The shared helper for aggregates others can see: suppression, bands, coarse spreads, snapshots."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AggregateSnapshot, AuditEntry


def test_thresholds_come_from_settings(settings: Any) -> None:
    assert (aggregates.people_minimum(), aggregates.organisations_minimum()) == (8, 5)
    settings.SUPPRESS_PEOPLE_BELOW, settings.SUPPRESS_ORGANISATIONS_BELOW = 10, 3
    assert (aggregates.people_minimum(), aggregates.organisations_minimum()) == (10, 3)
    settings.SNAPSHOT_MIN_CHANGE = 1
    assert aggregates.snapshot_min_change() == 2  # one departure must never be enough


def test_suppressed_counts_and_text() -> None:
    assert aggregates.suppressed(7, 8) is None and aggregates.suppressed(8, 8) == 8
    assert aggregates.count_text(3, 8) == "Fewer than 8 people"
    assert aggregates.count_text(9, 5, "organisations") == "9 organisations"


def test_spread_is_suppressed_then_coarse() -> None:
    assert aggregates.spread([1, 2, 3, 4], minimum=5) == aggregates.Spread(4, True)
    shown = aggregates.spread([1, 1, 2, 3, 4, 4], minimum=5)
    assert (shown.lower_quartile, shown.median, shown.upper_quartile) == (1.5, 2.5, 4.0)
    exact = aggregates.spread([1, 1, 2, 3, 4, 4], minimum=5, step=None)
    assert exact.lower_quartile == 1.25 and exact.upper_quartile == 3.75


@given(st.floats(min_value=0, max_value=10, allow_nan=False))
def test_coarse_is_on_the_half_point_and_within_a_quarter(value: float) -> None:
    result = aggregates.coarse(value)
    assert (result * 2).is_integer() and abs(result - value) <= 0.25 + 1e-9


def test_groups_and_counts_hide_small_groups() -> None:
    groups = {"staff": [3] * 8, "carer": [1]}
    assert aggregates.groups_at_least(groups, 8) == {"staff": [3] * 8}
    counts = aggregates.group_counts(["staff"] * 8 + ["carer", ""], 8)
    assert counts.shown == [("staff", 8)] and counts.not_shown == 2


@pytest.mark.parametrize(
    ("count", "label", "low", "high"),
    [
        (0, "Fewer than 8", None, None),
        (7, "Fewer than 8", None, None),
        (8, "8 to 9", 8, 9),
        (10, "10 to 19", 10, 19),
        (49, "20 to 49", 20, 49),
        (1000, "1,000 or more", 1000, None),
    ],
)
def test_bands(count: int, label: str, low: int | None, high: int | None) -> None:
    assert aggregates.band(count, minimum=8) == aggregates.Band(low, high, label)


def test_contribution_changes_count_added_removed_and_changed() -> None:
    before = {"1": "10", "2": "20", "3": "30"}
    assert aggregates.contribution_changes(before, before) == 0
    assert aggregates.contribution_changes(before, {"1": "10", "2": "20"}) == 1  # one left
    assert aggregates.contribution_changes(before, {"1": "11", "2": "20", "4": "40"}) == 3


@pytest.mark.django_db
def test_snapshot_publish_refuses_too_little_change(world: Any) -> None:
    kwargs = {"actor": world.coordinator_uk, "kind": "test.kind", "scope": "s", "data": {"x": 1}}
    first = aggregates.snapshot_publish(contributors={"1": "a", "2": "b", "3": "c"}, **kwargs)
    for contributors in ({"1": "a", "2": "b"}, {"1": "a", "2": "b", "3": "c"}):
        with pytest.raises(ApplicationError) as refused:
            aggregates.snapshot_publish(contributors=contributors, minimum_change=2, **kwargs)
        assert refused.value.status == 409 and refused.value.code == "too_little_change"
    assert aggregates.snapshot_latest(kind="test.kind", scope="s") == first
    second = aggregates.snapshot_publish(
        contributors={"1": "a", "4": "d"}, minimum_change=2, **kwargs
    )
    assert aggregates.snapshot_latest(kind="test.kind", scope="s") == second
    assert second.contributors == {"1": "a", "4": "d"}
    other_scope = aggregates.snapshot_publish(**{**kwargs, "scope": "t"}, contributors={})
    assert AggregateSnapshot.objects.count() == 3 and other_scope.scope == "t"
    assert AuditEntry.objects.filter(action="core.snapshot.published").count() == 3
