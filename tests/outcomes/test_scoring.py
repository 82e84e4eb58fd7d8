"""Golden scoring tests (published totals) and property tests for scoring, reverse scoring,
conversion and the reliable change index."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynet.outcomes.instruments import BUILTIN_CODES, DefinitionError, builtin, parse
from recoverynet.outcomes.instruments.scoring import (
    DETERIORATED,
    IMPROVED,
    NO_CHANGE,
    AnswerError,
    classify,
    item_value,
    meaningful_improvement,
    reliable_change_index,
    reliable_change_threshold,
    score,
)

# The published SWEMWBS raw → metric table (frameworks.md), typed out here on purpose rather than
# read from the definition, so a slip in the definition file fails this test.
SWEMWBS_TABLE = {
    7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
    14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98", 20: "18.59",
    21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35", 26: "23.21", 27: "24.11",
    28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13", 32: "29.31", 33: "30.70", 34: "32.55",
    35: "35.00",
}  # fmt: skip


def answers_summing_to(total: int, items: int, low: int, high: int) -> dict[int, int]:
    """A fixed answer set with the given total: as many high answers as fit, then the rest."""
    values = [low] * items
    extra = total - low * items
    for i in range(items):
        step = min(high - low, extra)
        values[i] += step
        extra -= step
    assert extra == 0
    return {i + 1: v for i, v in enumerate(values)}


@pytest.mark.parametrize("raw", range(7, 36))
def test_swemwbs_every_raw_score_converts_as_published(raw):
    result = score(builtin("swemwbs"), answers_summing_to(raw, 7, 1, 5))
    assert result.raw == raw
    assert result.score == Decimal(SWEMWBS_TABLE[raw])


@pytest.mark.parametrize(
    ("code", "answers", "total"),
    [
        ("qpr-15", dict.fromkeys(range(1, 16), 0), 0),
        ("qpr-15", dict.fromkeys(range(1, 16), 4), 60),
        ("qpr-15", {i: i % 5 for i in range(1, 16)}, 30),  # 1+2+3+4+0 three times
        ("wemwbs", dict.fromkeys(range(1, 15), 1), 14),
        ("wemwbs", dict.fromkeys(range(1, 15), 5), 70),
        ("wemwbs", {i: 3 if i <= 7 else 4 for i in range(1, 15)}, 49),
    ],
)
def test_published_totals(code, answers, total):
    result = score(builtin(code), answers)
    assert result.raw == total
    assert result.score == total


def test_reqol10_is_structure_only():
    definition = builtin("reqol-10")
    assert definition.item_count == 10
    assert definition.values == [0, 1, 2, 3, 4]
    assert not score(definition, dict.fromkeys(range(1, 11), 2)).scored


def test_shipped_definitions_hold_no_wording():
    for code in BUILTIN_CODES:
        raw = builtin(code).raw
        for item in raw["items"]:
            assert set(item) <= {"number", "subscale", "reverse"}
        assert "labels" not in raw["scale"]


def test_declined_item_leaves_the_total_unscored():
    answers = dict.fromkeys(range(1, 8), 3)
    answers[4] = None
    result = score(builtin("swemwbs"), answers)
    assert result.missing == 1
    assert result.score is None


@pytest.mark.parametrize(
    ("answers", "item"),
    [
        ({1: 6}, 1),  # off the scale
        ({1: 0}, 1),
        ({99: 3}, 99),  # no such question
        ({1: True}, 1),
    ],
)
def test_out_of_range_answers_are_refused(answers, item):
    full = dict.fromkeys(range(1, 8), 3) | answers
    with pytest.raises(AnswerError) as caught:
        score(builtin("swemwbs"), full)
    assert caught.value.item == item


def test_incomplete_answers_cannot_be_scored_as_complete():
    with pytest.raises(AnswerError, match="question 7"):
        score(builtin("swemwbs"), dict.fromkeys(range(1, 7), 3))


# --- The definition format ------------------------------------------------------------------------


def small(**changes):
    data = {
        "code": "test-scale",
        "version": 1,
        "name": "Test scale",
        "timeframe": "the last week",
        "scale": {"min": 0, "max": 4},
        "items": [
            {"number": 1, "subscale": "a"},
            {"number": 2, "subscale": "a", "reverse": True},
            {"number": 3, "subscale": "b"},
        ],
        "scoring": {"method": "sum"},
    }
    data.update(changes)
    return data


def test_reverse_scored_items_and_subscales():
    definition = parse(small())
    result = score(definition, {1: 4, 2: 4, 3: 1})
    assert result.raw == 4 + 0 + 1
    assert result.subscales == {"a": 4, "b": 1}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "Bad Code"}, "code"),
        ({"version": 0}, "version"),
        ({"scale": {"min": 3, "max": 1}}, "scale.min"),
        ({"items": []}, "items"),
        ({"items": [{"number": 2}]}, "items[1].number"),
        ({"scoring": {"method": "mean"}}, "scoring.method"),
        ({"scoring": {"method": "sum", "conversion": {"0": 1}}}, "every raw total"),
        ({"change": {"sd": 5, "reliability": 1.2}}, "reliability"),
        ({"name": "   "}, "name"),
        ({"version": True}, "version"),
    ],
)
def test_bad_definitions_are_refused_naming_the_field(changes, message):
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(small(**changes))


def test_sem_from_sd_and_reliability():
    definition = parse(small(change={"sd": 10, "reliability": 0.91}))
    assert definition.change.sem == pytest.approx(3.0)


# --- Properties -----------------------------------------------------------------------------------


@given(st.lists(st.integers(1, 5), min_size=7, max_size=7))
def test_swemwbs_converted_score_is_in_range_and_monotone(values):
    definition = builtin("swemwbs")
    result = score(definition, {i + 1: v for i, v in enumerate(values)})
    assert result.raw == sum(values)
    assert Decimal(7) <= result.score <= Decimal(35)
    if sum(values) < 35:
        bumped = list(values)
        i = next(i for i, v in enumerate(bumped) if v < 5)
        bumped[i] += 1
        assert score(definition, {i + 1: v for i, v in enumerate(bumped)}).score > result.score


@given(st.integers(0, 4), st.booleans())
def test_reverse_scoring_is_an_involution_within_the_scale(value, reverse):
    definition = parse(small(items=[{"number": 1, "reverse": reverse}]))
    once = item_value(definition, 1, value)
    assert 0 <= once <= 4
    assert item_value(definition, 1, once) == value
    assert (once == 4 - value) if reverse else (once == value)


@given(st.lists(st.integers(0, 4), min_size=3, max_size=3))
def test_sum_is_the_sum_of_item_values(values):
    definition = parse(small())
    answers = {i + 1: v for i, v in enumerate(values)}
    expected = sum(item_value(definition, n, v) for n, v in answers.items())
    assert score(definition, answers).raw == expected


finite = st.floats(-100, 100, allow_nan=False)


@given(finite, finite, st.floats(0.1, 20))
def test_rci_is_antisymmetric_and_matches_its_threshold(before, after, sem):
    rci = reliable_change_index(before, after, sem)
    assert reliable_change_index(after, before, sem) == pytest.approx(-rci)
    threshold = reliable_change_threshold(sem)
    outcome = classify(before, after, sem=sem)
    if after - before > threshold + 1e-6:
        assert outcome == IMPROVED
    elif before - after > threshold + 1e-6:
        assert outcome == DETERIORATED
    elif abs(after - before) < threshold - 1e-6:
        assert outcome == NO_CHANGE
    # Lower is better mirrors it.
    mirrored = classify(before, after, sem=sem, higher_is_better=False)
    assert {outcome, mirrored} in ({IMPROVED, DETERIORATED}, {NO_CHANGE})


def test_swemwbs_reliable_change_needs_about_2_9_points():
    assert reliable_change_threshold(1.03) == pytest.approx(1.96 * math.sqrt(2) * 1.03)
    assert classify(20, 22.8, sem=1.03) == NO_CHANGE
    assert classify(20, 23.0, sem=1.03) == IMPROVED
    assert meaningful_improvement(20, 23, threshold=3)
    assert not meaningful_improvement(20, 22.9, threshold=3)
