"""Property tests for the debate arithmetic: swing and the movement table."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from recoverynet.feedback import tally

choice = st.sampled_from(tally.OPTIONS)
ballots = st.dictionaries(st.integers(0, 400), choice, max_size=300)


@given(ballots, ballots)
def test_movement_accounts_for_every_voter(before, after):
    m = tally.movement(before, after)
    assert sum(m.table.values()) == m.paired
    assert m.paired + m.only_before == len(before)
    assert m.paired + m.only_after == len(after)
    assert m.paired == len(set(before) & set(after))
    assert 0 <= m.moved() <= m.paired


@given(ballots, ballots)
def test_rows_and_columns_of_the_movement_table_are_the_paired_counts(before, after):
    m = tally.movement(before, after)
    both = set(before) & set(after)
    for option in tally.OPTIONS:
        assert sum(m.count(option, a) for a in tally.OPTIONS) == sum(
            1 for v in both if before[v] == option
        )
        assert sum(m.count(b, option) for b in tally.OPTIONS) == sum(
            1 for v in both if after[v] == option
        )


@given(ballots)
def test_nobody_moving_means_no_movement_and_no_swing(votes):
    m = tally.movement(votes, votes)
    assert m.moved() == 0 and m.paired == len(votes)
    counts = tally.counts_of(votes.values())
    assert all(v == 0 for v in tally.swing(counts, counts).values())


@given(st.lists(choice, max_size=300), st.lists(choice, max_size=300))
def test_shares_add_up_and_swing_is_the_difference_of_shares(a, b):
    before, after = tally.counts_of(a), tally.counts_of(b)
    for counts in (before, after):
        shares = tally.shares(counts)
        if sum(counts.values()):
            # Each share is rounded to 0.1: the three add to 100 within rounding.
            assert abs(sum(shares.values()) - Decimal(100)) <= Decimal("0.15")
        assert all(Decimal(0) <= s <= Decimal(100) for s in shares.values())
    swing = tally.swing(before, after)
    for option in tally.OPTIONS:
        assert swing[option] == tally.shares(after)[option] - tally.shares(before)[option]
        assert Decimal(-100) <= swing[option] <= Decimal(100)


def test_share_rounds_half_up():
    assert tally.share(1, 8) == Decimal("12.5")
    assert tally.share(1, 3) == Decimal("33.3")
    assert tally.share(2, 3) == Decimal("66.7")
    assert tally.share(0, 0) == Decimal("0.0")
