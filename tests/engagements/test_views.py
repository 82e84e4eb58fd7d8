"""Engagement pages: the permission matrix, the client and buddying views, forms, query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from recoverynet.engagements import services
from recoverynet.engagements.models import Engagement, EngagementKind, Session
from tests.conftest import World, page_queries, sign_in
from tests.engagements.conftest import TODAY, log, package
from tests.permissions import SIGNED_IN, UK_CONSULTING, Rule, assert_matrix


def test_permission_matrix(world: World, engagement: Engagement) -> None:
    detail = f"/engagements/{engagement.public_id}/"
    assert_matrix(
        world,
        [
            Rule("/engagements/", UK_CONSULTING | {"coordinator_ie"}),
            Rule("/engagements/ours/", SIGNED_IN),
            Rule(detail, UK_CONSULTING | {"lead_a"}),
            Rule(f"{detail}sessions/new/", UK_CONSULTING),
            Rule("/engagements/new/uk/", UK_CONSULTING),
            Rule("/engagements/capacity/uk/", UK_CONSULTING),
            Rule(
                lambda w: f"/engagements/capacity/uk/{w.consultant_uk.pk}.ics",
                UK_CONSULTING,
            ),
            Rule(
                f"/api/v1/engagements/{engagement.public_id}", UK_CONSULTING | {"lead_a"}, api=True
            ),
            Rule("/api/v1/networks/uk/capacity", UK_CONSULTING, api=True),
        ],
    )


def test_team_list_shows_only_own_engagements(world: World, engagement: Engagement) -> None:
    other = package(world, title="Not yours", team=())
    Engagement.objects.filter(pk=other.pk).update(lead_consultant=world.coordinator_uk)
    client = sign_in(Client(), world.consultant_uk)
    body = client.get("/engagements/").content.decode()
    assert "Alpha bespoke package" in body and "Not yours" not in body
    body = sign_in(Client(), world.coordinator_uk).get("/engagements/").content.decode()
    assert "Not yours" in body


def test_client_sees_own_only_and_no_internal_notes(world: World, engagement: Engagement) -> None:
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY - datetime.timedelta(days=2),
            consultant=world.consultant_uk,
            days=Decimal("1"),
            notes="Internal: the manager seemed tired.",
            attended_family_carers=1,
        ),
    )
    body = (
        sign_in(Client(), world.lead_a)
        .get(f"/engagements/{engagement.public_id}/")
        .content.decode()
    )
    assert "1 of 5 days used" in body
    assert "Internal: the manager" not in body
    assert "Log a session" not in body
    api = sign_in(Client(), world.lead_a).get(f"/api/v1/engagements/{engagement.public_id}").json()
    assert api["view"] == "client" and api["sessions"][0]["attended_family_carers"] is None
    team = sign_in(Client(), world.consultant_uk).get(f"/api/v1/engagements/{engagement.public_id}")
    assert team.json()["sessions"][0]["attended_family_carers"] == 1
    assert (
        sign_in(Client(), world.lead_b).get(f"/engagements/{engagement.public_id}/").status_code
        == 404
    )
    ours = sign_in(Client(), world.lead_b).get("/engagements/ours/").content.decode()
    assert "Alpha bespoke package" not in ours


def test_buddying_partners_see_goals_and_log_only(world: World) -> None:
    pair = package(
        world,
        kind=EngagementKind.BUDDYING,
        organisations=[world.org_a, world.org_b],
        title="Alpha and Beta buddying",
    )
    services.shared_goal_add(
        actor=world.consultant_uk, engagement=pair, text="A shared recovery strategy"
    )
    log(world, pair, "1")
    services.log_entry_add(
        actor=world.lead_b,
        engagement=pair,
        on=TODAY - datetime.timedelta(days=1),
        text="Met at Beta.",
    )
    for lead in (world.lead_a, world.lead_b):
        body = sign_in(Client(), lead).get(f"/engagements/{pair.public_id}/").content.decode()
        assert "A shared recovery strategy" in body and "Met at Beta." in body
        assert "days used" not in body and "Invoices" not in body and "Sessions" not in body
    api = sign_in(Client(), world.lead_a).get(f"/api/v1/engagements/{pair.public_id}").json()
    assert api["view"] == "buddy" and api["days"] is None and api["sessions"] is None


def test_log_a_session_through_the_form(world: World, engagement: Engagement) -> None:
    client = sign_in(Client(), world.consultant_uk)
    url = f"/engagements/{engagement.public_id}/sessions/new/"
    response = client.post(
        url,
        {
            "state": "delivered",
            "on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "consultant": str(world.consultant_uk.pk),
            "days": "1.5",
            "place": "Alpha HQ",
        },
    )
    assert response.status_code == 302
    assert Session.objects.get().days == Decimal("1.5")
    page = client.get(f"/engagements/{engagement.public_id}/").content.decode()
    assert "1.5 of 5 days used" in page
    assert "30% of the days used at" in page
    assert "<svg" in page and "<table" in page


@pytest.mark.parametrize(
    ("days", "message"),
    [("0.3", "whole or half days"), ("-1", "more than 0"), ("abc", "Enter a number of days")],
)
def test_session_form_bad_days(
    world: World, engagement: Engagement, days: str, message: str
) -> None:
    client = sign_in(Client(), world.consultant_uk)
    response = client.post(
        f"/engagements/{engagement.public_id}/sessions/new/",
        {
            "state": "delivered",
            "on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "consultant": str(world.consultant_uk.pk),
            "days": days,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Session.objects.exists()


def test_editing_agreed_days_refused_on_the_page(world: World, engagement: Engagement) -> None:
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(f"/engagements/{engagement.public_id}/allocation/", {"days": "7"})
    assert response.status_code == 400
    assert "Add a variation" in response.content.decode()


def test_set_up_through_the_form(world: World) -> None:
    client = sign_in(Client(), world.consultant_uk)
    response = client.post(
        "/engagements/new/uk/",
        {
            "title": "Beta coaching",
            "kind": "coaching",
            "organisations": [str(world.org_b.pk)],
            "lead_consultant": str(world.consultant_uk.pk),
            "starts_on": "2027-01-10",
            "ends_on": "2027-03-10",
            "days": "1",
            "invoicing": "none",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Engagement.objects.get().title == "Beta coaching"
    bad = client.post(
        "/engagements/new/uk/",
        {
            "title": "Backwards",
            "kind": "coaching",
            "organisations": [str(world.org_b.pk)],
            "lead_consultant": str(world.consultant_uk.pk),
            "starts_on": "2027-03-10",
            "ends_on": "2027-01-10",
            "invoicing": "none",
        },
    )
    assert bad.status_code == 400
    assert "on or after the start date" in bad.content.decode()
    assert Engagement.objects.count() == 1


def test_list_queries_do_not_grow(world: World) -> None:
    package(world, title="One")
    client = sign_in(Client(), world.coordinator_uk)
    first = page_queries(client, "/engagements/")
    for n in range(4):
        e = package(world, title=f"More {n}", organisations=[world.org_a, world.org_b])
        log(world, e, "1")
    assert page_queries(client, "/engagements/") == first
    detail = package(world, title="Detail")
    log(world, detail, "1")  # one delivered session: its feedback forms are looked up (one query)
    page_queries(client, f"/engagements/{detail.public_id}/")  # content types cached
    before = page_queries(client, f"/engagements/{detail.public_id}/")
    for _ in range(2):
        log(world, detail, "1")
    assert page_queries(client, f"/engagements/{detail.public_id}/") == before


def test_outputs_through_the_page(world: World, engagement: Engagement) -> None:
    from recoverynet.challenges import frameworks
    from recoverynet.challenges import services as challenge_services

    client = sign_in(Client(), world.consultant_uk)
    base = f"/engagements/{engagement.public_id}"
    started = client.post(
        f"{base}/outputs/action-plan/", {"organisation": str(world.org_a.pk), "title": "Next steps"}
    )
    assert started.status_code == 302
    assert "Next steps (Alpha NHS Trust)" in client.get(f"{base}/").content.decode()
    blank = client.post(
        f"{base}/outputs/action-plan/", {"organisation": str(world.org_a.pk), "title": "  "}
    )
    assert blank.status_code == 400
    bad_id = client.post(f"{base}/outputs/document/", {"resource": "not-an-id"})
    assert bad_id.status_code == 400 and "Enter the id" in bad_id.content.decode()
    unknown = client.post(
        f"{base}/outputs/document/", {"resource": "3f2b8c1e-7a4d-4e0b-9c55-2d1f0a6b9e21"}
    )
    assert unknown.status_code == 400 and "library that you can see" in unknown.content.decode()
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    first = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring"
    )
    second = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Autumn"
    )
    linked = client.post(
        f"{base}/rounds/",
        {"round_before": str(first.public_id), "round_after": str(second.public_id)},
    )
    assert linked.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.round_before, engagement.round_after) == (first.public_id, second.public_id)
    # The client's recovery lead cannot use the team's forms.
    lead = sign_in(Client(), world.lead_a)
    assert (
        lead.post(
            f"{base}/outputs/action-plan/", {"organisation": str(world.org_a.pk), "title": "X"}
        ).status_code
        == 403
    )
