"""The plans app's seams: it names no domain app, sources and topics come from the app that starts a
plan, `action.overdue` is announced, and tokens scoped before the split still reach plans."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from recoverynet.challenges import frameworks, plan_links
from recoverynet.challenges import services as challenge_services
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.plans import selectors, services
from recoverynet.plans.models import Action
from tests.challenges.conftest import agree_all, cell
from tests.conftest import World, token_client

pytestmark = pytest.mark.django_db
PAST = timezone.localdate() - datetime.timedelta(days=40)
PLANS = Path(__file__).parents[2] / "src" / "recoverynet" / "plans"


def test_the_plans_app_names_no_domain_app() -> None:
    """plans ← domain apps: nothing in plans imports or links to challenges or events (learning-set
    days are an occasion kind events registers; the review agenda is events' page; decision 0024)."""
    names = r"(challenges|events)"
    pattern = rf"recoverynet\.{names}\b|['\"]{names}:|['\"]{names}\.\w+['\"]"
    offenders = [
        str(path.relative_to(PLANS))
        for path in PLANS.rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and "migrations" not in path.parts
        and re.search(pattern, path.read_text())
    ]
    assert offenders == []


@pytest.fixture
def recorded() -> Any:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("action.overdue", got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_the_overdue_job_announces_action_overdue_once_a_week(
    world: World, recorded: list[domain_events.DomainEvent], django_capture_on_commit_callbacks: Any
) -> None:
    plan = services.plan_create(actor=world.lead_a, organisation=world.org_a, title="P")
    action = services.action_add(
        actor=world.lead_a,
        plan=plan,
        data=services.ActionInput(what="Crisis plans", owner_email=world.staff_a.email, due=PAST),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders() == 1
        assert services.overdue_reminders() == 0
    assert [(e.type, e.network_slug) for e in recorded] == [("action.overdue", "uk")]
    data = dict(recorded[0].data)
    assert data.pop("url") == f"{settings.SITE_URL}/action-plans/{plan.public_id}/"
    assert data == {
        "action_id": action.pk,
        "plan_id": str(plan.public_id),
        "organisation_id": world.org_a.pk,
        "due_on": PAST.isoformat(),
    }


@pytest.fixture
def closed_round(world: World) -> Any:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    agree_all(world.lead_a, round_)
    challenge_services.round_close(actor=world.lead_a, round_=round_)
    challenge_services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[challenge_services.PriorityInput(*cell(framework, 7))],
    )
    return round_


def test_a_round_plan_links_only_to_its_own_framework(world: World, closed_round: Any) -> None:
    plan = challenge_services.plan_from_priorities(actor=world.lead_a, round_=closed_round)
    other = challenge_services.framework_install(data=frameworks.TRIANGLE_OF_CARE)
    foreign = plan_links.challenge_topic(other.challenges.first())
    with pytest.raises(ApplicationError) as exc:
        services.action_add(
            actor=world.lead_a,
            plan=plan,
            data=services.ActionInput(what="X", owner_role="Lead", topic=foreign.ref),
        )
    assert exc.value.field == "topic"
    own = next(t for t in selectors.topics_for_plan(plan) if "at strategic level" in t.label)
    action = services.action_add(
        actor=world.lead_a,
        plan=plan,
        data=services.ActionInput(what="Y", owner_role="Lead", topic=own.ref),
    )
    assert (action.topic, action.topic_label) == (own.ref, own.label)
    assert Action.objects.filter(plan=plan).count() == 2


def test_round_page_lists_the_plans_started_from_it(world: World, closed_round: Any) -> None:
    plan = challenge_services.plan_from_priorities(actor=world.lead_a, round_=closed_round)
    services.plan_create(actor=world.lead_a, organisation=world.org_a, title="Unrelated plan")
    page = (
        world.client_for("lead_a")
        .get(f"/self-assessment/{closed_round.public_id}/priorities/")
        .content.decode()
    )
    assert f"/action-plans/{plan.public_id}/" in page and "Unrelated plan" not in page
    detail = world.client_for("lead_a").get(f"/action-plans/{plan.public_id}/").content.decode()
    assert f'href="/self-assessment/{closed_round.public_id}/priorities/"' in detail


def test_api_shows_source_and_topic(world: World, closed_round: Any) -> None:
    client = token_client(world.lead_a)
    made = client.post(f"/api/v1/assessments/{closed_round.public_id}/action-plan")
    assert made.status_code == 201
    body = made.json()
    assert body["source"] == {
        "kind": "assessment_round",
        "id": str(closed_round.public_id),
        "label": "Spring 2027",
        "url": f"/self-assessment/{closed_round.public_id}/priorities/",
    }
    assert body["actions"][0]["topic_label"] == "7. Redefining user involvement, at practice level"
    bad = client.post(
        f"/api/v1/action-plans/{body['id']}/actions",
        {"what": "X", "owner_role": "Lead", "topic": "challenge:0"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "topic"


def test_tokens_scoped_to_challenges_still_reach_plans(world: World) -> None:
    url = f"/api/v1/organisations/{world.org_a.slug}/action-plans"
    rounds = f"/api/v1/organisations/{world.org_a.slug}/assessments"
    old_read = token_client(world.lead_a, scopes=("challenges:read",))
    assert old_read.get(url).status_code == 200
    assert old_read.post(url, {"title": "P"}, content_type="application/json").status_code == 403
    old_write = token_client(world.lead_a, scopes=("challenges:write",))
    assert old_write.post(url, {"title": "P"}, content_type="application/json").status_code == 201
    plans_only = token_client(world.lead_a, scopes=("plans:write",))
    assert plans_only.post(url, {"title": "Q"}, content_type="application/json").status_code == 201
    assert plans_only.get(rounds).status_code == 403  # plans:* does not reach self-assessments
    plans_read = token_client(world.lead_a, scopes=("plans:read",))
    assert plans_read.get(url).status_code == 200
    assert plans_read.post(url, {"title": "R"}, content_type="application/json").status_code == 403


def test_the_plans_pages_are_kept_until_a_source_app_is_written() -> None:
    """The apps registered as sources are found from the registry, not named in plans."""
    from recoverynet.plans import topics

    assert {"challenges", "engagements"} <= set(topics.source_apps())
    assert "plans" not in topics.source_apps()
