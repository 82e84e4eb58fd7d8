"""Engagement sessions as a plans occasion: an action plan made at a coaching session names it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import services
from recoverynet.engagements.occasions import ENGAGEMENT_SESSION, session_ref
from recoverynet.plans import occasions
from recoverynet.plans import selectors as plan_selectors
from recoverynet.plans import services as plan_services
from recoverynet.plans.models import ActionPlan
from tests.conftest import World, token_client
from tests.engagements.conftest import TODAY, log, package

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world: World) -> Any:
    engagement = package(world, title="Coaching for Alpha")
    return log(world, engagement, on=TODAY - datetime.timedelta(days=3))


def test_sessions_are_occasions_the_client_may_name(world: World, session: Any) -> None:
    assert occasions.kind(ENGAGEMENT_SESSION) is not None
    label = f"Coaching for Alpha: session on {session.on:%-d %b %Y}"
    for actor in (world.lead_a, world.consultant_uk, world.coordinator_uk):
        choices = plan_selectors.occasion_choices(actor=actor, organisation=world.org_a)
        assert [(o.ref, o.label, o.kind_name, o.date) for o in choices] == [
            (session_ref(session), label, "engagement session", session.on)
        ]
    # Beta is no client; the other network's coordinator sees none of it.
    assert plan_selectors.occasion_choices(actor=world.lead_b, organisation=world.org_b) == []
    assert occasions.candidates_for(world.coordinator_ie, world.org_a) == []
    found = occasions.resolve([session_ref(session)])
    assert found[session_ref(session)].url.endswith(
        f"/engagements/{session.engagement.public_id}/#sessions"
    )


def test_a_plan_made_at_a_session_names_it(world: World, session: Any) -> None:
    ref = session_ref(session)
    plan = plan_services.plan_create(
        actor=world.lead_a, organisation=world.org_a, title="After coaching", occasion=ref
    )
    got = plan_selectors.plan_get(actor=world.lead_a, public_id=plan.public_id)
    assert got.occasion is not None and got.occasion.ref == ref
    assert got.occasion.label.startswith("Coaching for Alpha: session on")
    # Beta's lead cannot name Alpha's session.
    with pytest.raises(ApplicationError) as exc:
        plan_services.plan_create(
            actor=world.lead_b, organisation=world.org_b, title="X", occasion=ref
        )
    assert exc.value.field == "occasion"


def test_the_engagement_page_starts_a_plan_at_a_session(world: World, session: Any) -> None:
    engagement = session.engagement
    client = world.client_for("consultant_uk")
    page = client.get(reverse("engagements:detail", args=[engagement.public_id]))
    assert "Made at which session (optional)" in page.content.decode()
    assert "Not at a session" in page.content.decode()
    url = reverse("engagements:output-plan", args=[engagement.public_id])
    bad = client.post(
        url, {"organisation": world.org_a.pk, "title": "Plan", "session": str(uuid.uuid4())}
    )
    assert bad.status_code == 400 and not ActionPlan.objects.exists()
    made = client.post(
        url, {"organisation": world.org_a.pk, "title": "Plan", "session": str(session.public_id)}
    )
    assert made.status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.occasion_kind, plan.occasion_id) == (ENGAGEMENT_SESSION, session.public_id)


def test_the_service_and_api_refuse_a_session_of_another_engagement(
    world: World, session: Any
) -> None:
    other = package(world, title="Another")
    with pytest.raises(ApplicationError) as exc:
        services.output_plan_start(
            actor=world.consultant_uk,
            engagement=other,
            organisation_id=world.org_a.pk,
            title="P",
            session_id=session.public_id,
        )
    assert exc.value.field == "session" and not ActionPlan.objects.exists()
    api = token_client(world.consultant_uk)
    url = f"/api/v1/engagements/{session.engagement.public_id}/outputs/action-plan"
    refused = api.post(
        url,
        {"organisation": world.org_a.slug, "title": "P", "session": str(other.public_id)},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "session"
    made = api.post(
        url,
        {"organisation": world.org_a.slug, "title": "P", "session": str(session.public_id)},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert ActionPlan.objects.get().occasion_id == session.public_id


def test_the_api_shows_each_sessions_public_id(world: World, session: Any) -> None:
    body = token_client(world.consultant_uk).get(
        f"/api/v1/engagements/{session.engagement.public_id}"
    )
    assert body.status_code == 200
    assert [s["public_id"] for s in body.json()["sessions"]] == [str(session.public_id)]


def test_the_link_to_the_session_is_only_for_those_who_may_open_the_engagement(
    world: World, session: Any
) -> None:
    # Alpha's staff read its plans, but the engagement is its recovery lead's and the team's: they
    # see where the plan was made without a link that would end in "not found".
    plan = plan_services.plan_create(
        actor=world.lead_a,
        organisation=world.org_a,
        title="After coaching",
        occasion=session_ref(session),
    )
    page = f"/engagements/{session.engagement.public_id}/#sessions"
    for actor in (world.lead_a, world.coordinator_uk):
        got = plan_selectors.plan_get(actor=actor, public_id=plan.public_id)
        assert got.occasion is not None and got.occasion.url.endswith(page)
    got = plan_selectors.plan_get(actor=world.staff_a, public_id=plan.public_id)
    assert got.occasion is not None and got.occasion.url == ""
    assert got.occasion.label.startswith("Coaching for Alpha: session on")
