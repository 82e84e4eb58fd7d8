"""The Learning Network's demo: one fidelity review closed and one in progress, a peer review with
its report, the start-up college mentored by Nottingham; safe to run twice."""

import pytest
from django.core.management import call_command

from recoverynet.colleges.models.network import (
    FidelityReview,
    LearningDay,
    MentoringPair,
    PeerReview,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        FidelityReview.objects.count(),
        PeerReview.objects.count(),
        MentoringPair.objects.count(),
        LearningDay.objects.count(),
    )


def test_demo_is_plausible_and_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "Learning Network: ready" in out
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert sorted(FidelityReview.objects.values_list("status", flat=True)) == ["closed", "open"]
    review = PeerReview.objects.get(college__name__startswith="Oxford")
    starting = PeerReview.objects.get(college__name__startswith="Nottingham")
    assert starting.status == "self_review"  # a second review, at its start
    assert review.report_published_at is not None and review.response
    assert review.team.filter(role="lived_experience").exists()
    pair = MentoringPair.objects.select_related("mentor", "mentee").get()
    assert "Nottingham" in pair.mentor.name and pair.mentee.stage == "starting_up"
    assert pair.check_ins.count() == 2
    assert LearningDay.objects.count() == 2
