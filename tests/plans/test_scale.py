"""`generate_scale` for action plans: a plan for most closed rounds, in proportion, as the services
leave them (sourced from its round, actions owned by the organisation's people, notes that tell the
status history, reviews after the plan), the busy plan, and the pages the benchmark asks for."""

from __future__ import annotations

import pytest
from django.db.models import Count, F
from django.test import Client

from recoverynet.challenges.models import AssessmentRound, RoundStatus
from recoverynet.challenges.scale_plans import BUSY_PLAN_ACTIONS, ROUND_SOURCE
from recoverynet.network.models import Affiliation, AffiliationRole
from recoverynet.plans.access import PLAN_ROLES
from recoverynet.plans.models import Action, ActionNote, ActionPlan, ActionStatus, PlanReview
from tests.conftest import sign_in, token_client
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

APPS = "network,events,challenges"


def _generate() -> None:
    generate_scale(APPS)


def _round_plans() -> list[ActionPlan]:
    return list(ActionPlan.objects.filter(source_kind=ROUND_SOURCE).order_by("pk"))


def test_most_closed_rounds_have_a_plan_from_that_round() -> None:
    _generate()
    closed = {
        str(r.public_id): r for r in AssessmentRound.objects.filter(status=RoundStatus.CLOSED)
    }
    plans = _round_plans()
    assert 0.8 * len(closed) <= len(plans) <= len(closed)
    assert len({p.source_id for p in plans}) == len(plans)  # one plan per round
    for plan in plans:
        round_ = closed[plan.source_id]  # only closed rounds
        assert plan.organisation_id == round_.organisation_id
        assert plan.source_label == round_.title
        assert plan.source_url == f"/self-assessment/{round_.public_id}/priorities/"
    actions = Action.objects.filter(plan__in=plans).count()
    assert 7 * len(plans) <= actions <= 14 * len(plans) + BUSY_PLAN_ACTIONS
    assert 0.5 * actions <= ActionNote.objects.count() <= actions
    reviewed = PlanReview.objects.values("plan").distinct().count()
    assert 0.25 * len(plans) <= reviewed <= 0.75 * len(plans)


def test_the_busy_plan_and_the_first_actions_from_priorities() -> None:
    _generate()
    plans = _round_plans()
    assert plans[0].actions.count() == BUSY_PLAN_ACTIONS
    for plan in plans[:20]:
        first = list(plan.actions.order_by("pk")[:3])
        assert all(a.topic.startswith("challenge:") and "/level:" in a.topic for a in first)
        assert all(a.what.startswith("Agree actions for: ") for a in first)
        assert len({a.topic for a in first}) == 3


def test_the_plans_are_as_the_services_leave_them() -> None:
    _generate()
    editors = set(
        Affiliation.objects.filter(role__in=PLAN_ROLES).values_list("organisation_id", "user_id")
    )
    for action in Action.objects.select_related("plan").exclude(owner=None):
        assert (action.plan.organisation_id, action.owner_id) in editors
    assert not Action.objects.filter(owner=None, owner_role="").exists()
    assert not Action.objects.filter(status=ActionStatus.DROPPED, dropped_reason="").exists()
    assert not Action.objects.filter(due__lt=F("plan__created_at__date")).exists()
    # The last status change a note records is the action's status; an untouched action has none.
    for action in Action.objects.prefetch_related("notes")[:500]:
        changes = [n.status_change for n in action.notes.all() if n.status_change]
        if action.status == ActionStatus.NOT_STARTED:
            assert not changes
        else:
            assert changes and changes[-1].endswith(f"→ {action.status}")
    assert not ActionNote.objects.filter(created_at__lt=F("action__plan__created_at")).exists()
    assert not PlanReview.objects.filter(created_at__lt=F("plan__created_at")).exists()
    # Reviews name no occasion (no learning-set days are generated), never half of one.
    assert not PlanReview.objects.exclude(occasion_kind="").exists()
    # Made over two years, not all at the moment of the run.
    assert ActionPlan.objects.values("created_at__date").distinct().count() > 10


def test_the_benchmark_pages_answer_for_the_organisations_lead() -> None:
    _generate()
    plan = _round_plans()[0]
    lead = (
        Affiliation.objects.filter(
            organisation=plan.organisation, role=AffiliationRole.RECOVERY_LEAD
        )
        .select_related("user")
        .get()
        .user
    )
    slug = plan.organisation.slug
    client = sign_in(Client(), lead)
    for path in (f"/organisations/{slug}/action-plans/", f"/action-plans/{plan.public_id}/"):
        assert client.get(path).status_code == 200, path
    api = token_client(lead)
    listed = api.get(f"/api/v1/organisations/{slug}/action-plans")
    assert listed.status_code == 200
    assert str(plan.public_id) in {p["id"] for p in listed.json()}
    one = api.get(f"/api/v1/action-plans/{plan.public_id}")
    assert one.status_code == 200 and len(one.json()["actions"]) == BUSY_PLAN_ACTIONS
    busiest = (
        ActionPlan.objects.values("organisation").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert busiest is not None and busiest["n"] >= 2


@pytest.mark.usefixtures("kept_pages")
def test_a_plan_is_kept_for_its_lead_until_a_source_app_is_written() -> None:
    """The page depends on the apps its sources come from, found from plans' registry."""
    from recoverynet.core import private_pages

    _generate()
    plan = _round_plans()[0]
    lead = (
        Affiliation.objects.filter(
            organisation=plan.organisation, role=AffiliationRole.RECOVERY_LEAD
        )
        .get()
        .user
    )
    client = sign_in(Client(), lead)
    client.cookies["csrftoken"] = "k" * 32  # as a browser has it after its first page
    path = f"/action-plans/{plan.public_id}/"
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    private_pages.page_cache.bump(private_pages.writes_topic("challenges"))
    assert client.get(path)["X-Page-Cache"] == "miss"
