"""Cohort results: paired n, mean change with its interval, reliable and meaningful change, and
suppression of small counts (and of anything worked out from them)."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynet.outcomes import selectors, services, stats
from recoverynet.outcomes.instruments.scoring import IMPROVED
from tests.conftest import sign_in

from .conftest import invitation_of

pytestmark = pytest.mark.django_db


# --- Pure figures ---------------------------------------------------------------------------------


def test_mean_change_interval_by_hand():
    changes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    mean, low, high = stats.mean_change_ci(changes)
    half = 2.365 * statistics.stdev(changes) / 8**0.5
    assert mean == 4.5
    assert (low, high) == pytest.approx((4.5 - half, 4.5 + half))


def test_t_critical_uses_the_next_smaller_listed_df():
    assert stats.t_critical(7) == 2.365
    assert stats.t_critical(35) == 2.042
    assert stats.t_critical(5000) == 1.96


def test_one_hidden_category_hides_the_next_smallest_too():
    shown = stats.suppress_categories({"a": 20, "b": 9, "c": 3}, 8)
    assert shown == {"a": 20, "b": None, "c": None}
    assert stats.suppress_categories({"a": 20, "b": 9, "c": 8}, 8) == {"a": 20, "b": 9, "c": 8}


@given(st.dictionaries(st.sampled_from("abc"), st.integers(0, 40), min_size=2))
def test_no_hidden_count_can_be_worked_out_from_the_total(counts):
    shown = stats.suppress_categories(counts, 8)
    hidden = [k for k, v in shown.items() if v is None]
    assert len(hidden) != 1
    assert all(v is None or v >= 8 for v in shown.values())


def test_small_cohorts_show_nothing_derived():
    figures = stats.cohort(
        n_baseline=10,
        n_follow_up=7,
        pairs=[(20.0, 25.0)] * 7,
        sem=1.03,
        meaningful=3,
        higher_is_better=True,
        minimum=8,
    )
    assert not figures.shown and figures.mean_change is None and figures.reliable == ()


# --- Through the database ---------------------------------------------------------------------------


def test_cohort_figures(cohort):
    services.results_publish(actor=cohort.lead_a, collection=cohort.big)
    [result] = selectors.cohort_results(actor=cohort.lead_a, collection=cohort.big).results
    f = result.figures
    assert (f.n_baseline, f.n_follow_up, f.n_paired) == (10, 10, 10)
    assert f.mean_change == pytest.approx((19.25 - 15.32) * 0.8, abs=0.01)
    assert f.ci_low < f.mean_change < f.ci_high
    reliable = {c.key: c for c in f.reliable}
    assert reliable[IMPROVED].count == 8 and reliable[IMPROVED].percent == 80.0
    # 2 with no change and 0 deteriorated: both hidden (one alone would be worked out).
    assert reliable["no_change"].count is None and reliable["deteriorated"].count is None
    # 8 above and 2 below the meaningful threshold: showing 8 of 10 would give away the 2.
    assert f.meaningful.count is None and f.meaningful.percent is None
    assert result.chart is not None


def test_results_page_has_the_chart_and_the_same_numbers_in_a_table(cohort, client):
    services.results_publish(actor=cohort.lead_a, collection=cohort.big)
    sign_in(client, cohort.consultant_uk)
    html = client.get(f"/outcomes/{cohort.big.public_id}/results/").content.decode()
    assert "<svg" in html and "<table" in html
    assert html.count("80") >= 2  # in the drawing and in its table
    assert "Not shown: fewer than 8 people" in html


def test_small_cohort_page_is_suppressed(ow, client):
    for timepoint in (ow.baseline, ow.end):
        services.answers_save(
            actor=ow.student,
            invitation=invitation_of(ow, ow.student.email, timepoint),
            answers={(ow.swemwbs.pk, i): 3 for i in range(1, 8)},
            finish=True,
        )
    services.results_publish(actor=ow.lead_a, collection=ow.collection)
    sign_in(client, ow.lead_a)
    html = client.get(f"/outcomes/{ow.collection.public_id}/results/").content.decode()
    assert "Fewer than 8" in html
    assert "Mean change" not in html and "<svg" not in html
