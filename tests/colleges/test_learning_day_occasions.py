"""College learning days as an occasion of plans (`plans.occasions`), and colleges 0003 moving the
old links (a review naming the day in its text) onto the occasion."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from recoverynet.colleges import occasions as college_occasions
from recoverynet.colleges.services import learning_days
from recoverynet.core.errors import ApplicationError
from recoverynet.network import services as network_services
from recoverynet.plans import occasions
from recoverynet.plans import services as plan_services
from recoverynet.plans.models import ActionPlan, PlanReview
from tests.conftest import sign_in, token_client

from .test_network_mentoring_days_report import _network_day

pytestmark = pytest.mark.django_db
migration = importlib.import_module("recoverynet.colleges.migrations.0003_learning_day_occasions")


@pytest.fixture
def days(cw):
    world = cw.world
    network_services.affiliation_add(
        actor=world.admin, organisation=world.org_a, email=cw.manager.email, role="staff"
    )
    return [
        learning_days.learning_day_link(
            actor=world.consultant_uk,
            network=world.uk,
            event_public_id=_network_day(world, f"Day {n}", 10 + 30 * n).public_id,
            host=cw.college,
            theme=f"Theme {n}",
        )
        for n in (1, 2)
    ]


def test_the_kind_is_registered_and_resolves(cw, days):
    assert occasions.kind("college_learning_day") is not None
    ref = college_occasions.day_ref(days[0])
    found = occasions.resolve([ref])[ref]
    assert found.label.startswith("Learning day: Theme 1")
    assert found.url.endswith(f"/learning-network/days/{days[0].public_id}/")
    # The college's organisation may name the day; an organisation outside the network may not.
    mine = occasions.candidates_for(cw.manager, cw.world.org_a)
    assert ref in {o.ref for o in mine}
    theirs = occasions.candidates_for(cw.world.lead_ie, cw.world.org_ie)
    assert ref not in {o.ref for o in theirs}


def test_a_plan_outside_the_network_cannot_name_the_day(cw, days):
    with pytest.raises(ApplicationError) as exc:
        plan_services.plan_create(
            actor=cw.world.lead_ie,
            organisation=cw.world.org_ie,
            title="Not ours",
            occasion=college_occasions.day_ref(days[0]),
        )
    assert exc.value.field == "occasion"


def test_the_plan_page_and_api_show_the_day(cw, days):
    plan = learning_days.learning_day_plan_create(
        actor=cw.manager, day=days[0], college=cw.college, title="At day one"
    )
    learning_days.learning_day_plan_review(
        actor=cw.manager, day=days[1], plan=plan, progress="Half done."
    )
    page = sign_in(Client(), cw.manager).get(f"/action-plans/{plan.public_id}/")
    assert page.status_code == 200
    assert "Learning day: Theme 2" in page.content.decode()
    body = token_client(cw.manager).get(f"/api/v1/action-plans/{plan.public_id}").json()
    assert body["occasion"]["kind"] == "college_learning_day"


def test_migration_moves_the_day_from_the_text_to_the_occasion(cw, days):
    plan = ActionPlan.objects.create(
        organisation=cw.world.org_a,
        title="Old plan",
        source_kind="college_learning_day",
        source_id=str(days[0].public_id),
        created_by=cw.manager,
    )
    old = PlanReview.objects.create(
        plan=plan, progress="Reviewed at the learning day “Theme 2”. Three actions done."
    )
    unknown = PlanReview.objects.create(
        plan=plan, progress="Reviewed at the learning day “No such day”. Kept."
    )
    migration.forwards(apps, None)
    plan.refresh_from_db()
    old.refresh_from_db()
    unknown.refresh_from_db()
    assert (plan.occasion_kind, plan.occasion_id) == ("college_learning_day", days[0].public_id)
    assert (old.occasion_kind, old.occasion_id) == ("college_learning_day", days[1].public_id)
    assert old.progress == "Three actions done."
    assert unknown.occasion_kind == "" and unknown.progress.endswith("Kept.")
    migration.backwards(apps, None)
    old.refresh_from_db()
    assert old.occasion_kind == ""
    assert old.progress == "Reviewed at the learning day “Theme 2”. Three actions done."
