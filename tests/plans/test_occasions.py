"""The occasion a plan was made at or reviewed at: a kind and an id from the app that owns it
(events registers learning-set days). Plans names no domain app; the API shows the occasion and keeps
the old `event` field as a deprecated alias."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.events import selectors as event_selectors
from recoverynet.events import services as event_services
from recoverynet.events.occasions import LEARNING_DAY, learning_day_ref
from recoverynet.plans import occasions, selectors, services
from recoverynet.plans.models import ActionPlan, PlanReview
from tests.conftest import World, token_client
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(world: World) -> Any:
    learning_set = event_services.learning_set_create(
        actor=world.coordinator_uk, network=world.uk, title="Carers set", cohort=[world.org_a]
    )
    event = make_event(
        world, title="Carers day 1", kind="learning_set_day", learning_set=learning_set
    )
    rate = event_services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Cohort", net_amount=Decimal("0")
    )
    event_services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=[event_services.DelegateInput(name="A", email="a@example.org", rate_id=rate.pk)],
    )
    return event


def test_events_registers_learning_days_as_occasions(world: World, day: Any) -> None:
    assert occasions.kind(LEARNING_DAY) is not None
    choices = selectors.occasion_choices(actor=world.lead_a, organisation=world.org_a)
    assert [(o.ref, o.label, o.kind_name) for o in choices] == [
        (learning_day_ref(day), "Carers day 1", "learning-set day")
    ]
    assert choices[0].date == timezone.localtime(day.starts_at, world.uk.tz).date()
    assert choices[0].url == f"/events/{day.public_id}/"
    # Beta took no place; an unknown id resolves to nothing.
    assert selectors.occasion_choices(actor=world.lead_b, organisation=world.org_b) == []
    stray = occasions.OccasionRef(kind=LEARNING_DAY, id=uuid.uuid4())
    assert occasions.resolve([stray, None]) == {}
    assert occasions.parse_key(f"learning_day:{day.public_id}") == learning_day_ref(day)
    assert occasions.parse_key("learning_day:not-a-uuid") is None


def test_plan_and_review_name_the_day_and_are_audited(world: World, day: Any) -> None:
    ref = learning_day_ref(day)
    plan = services.plan_create(
        actor=world.lead_a, organisation=world.org_a, title="P", occasion=ref
    )
    services.plan_review(actor=world.lead_a, plan=plan, progress="Good.", occasion=ref)
    got = selectors.plan_get(actor=world.lead_a, public_id=plan.public_id)
    assert got.occasion is not None and got.occasion.label == "Carers day 1"
    assert got.reviews.get().occasion_ref == ref
    entry = AuditEntry.objects.get(action="plans.plan.created", object_id=str(plan.pk))
    assert entry.changes["occasion"] == ref.key
    with pytest.raises(ApplicationError) as exc:
        services.plan_review(
            actor=world.lead_a,
            plan=plan,
            progress="Again.",
            occasion=occasions.OccasionRef(kind="no_such_kind", id=day.public_id),
        )
    assert exc.value.field == "occasion"
    assert PlanReview.objects.filter(plan=plan).count() == 1


def test_api_shows_the_occasion_and_the_deprecated_event(world: World, day: Any) -> None:
    client = token_client(world.lead_a)
    url = f"/api/v1/organisations/{world.org_a.slug}/action-plans"
    made = client.post(
        url,
        {"title": "From the day", "occasion": {"kind": "learning_day", "id": str(day.public_id)}},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    date = timezone.localtime(day.starts_at, world.uk.tz).date().isoformat()
    assert body["occasion"] == {
        "kind": "learning_day",
        "id": str(day.public_id),
        "label": "Carers day 1",
        "date": date,
        "url": f"/events/{day.public_id}/",
    }
    assert body["event"] == str(day.public_id)  # deprecated alias, still filled
    reviewed = client.post(
        f"/api/v1/action-plans/{body['id']}/reviews",
        {"progress": "Fine.", "occasion": {"kind": "learning_day", "id": str(day.public_id)}},
        content_type="application/json",
    )
    assert reviewed.status_code == 201
    review = reviewed.json()["reviews"][0]
    assert review["event"] == str(day.public_id) and review["occasion"]["label"] == "Carers day 1"

    plain = client.post(url, {"title": "By hand"}, content_type="application/json").json()
    assert plain["occasion"] is None and plain["event"] is None
    bad = client.post(
        url,
        {"title": "X", "occasion": {"kind": "learning_day", "id": str(uuid.uuid4())}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "occasion"
    assert not ActionPlan.objects.filter(title="X").exists()
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["PlanOut"]["properties"]["event"]["deprecated"] is True


def test_review_agenda_hides_plans_not_shared_with_the_organiser(world: World, day: Any) -> None:
    """An organisation outside the organiser's networks takes a place: its plans stay private."""
    from recoverynet.network.models import Organisation

    outside = Organisation.objects.create(name="Zeta Trust", slug="zeta", kind="nhs")
    day.learning_set.cohort.add(outside)
    rate = day.rates.get()
    event_services.booking_create(
        actor=world.admin,
        event=day,
        organisation=outside,
        delegates=[event_services.DelegateInput(name="Z", email="z@example.org", rate_id=rate.pk)],
    )
    agenda = dict(event_selectors.review_agenda(actor=world.coordinator_uk, event=day))
    assert agenda[world.org_a] == [] and agenda[outside] is None
    page = world.client_for("coordinator_uk").get(f"/manage/events/{day.public_id}/review-agenda/")
    assert page.status_code == 200
    assert "not shared with you" in page.content.decode()


def test_plan_list_queries_do_not_grow_with_occasions(world: World, day: Any) -> None:
    from tests.conftest import page_queries

    client = world.client_for("lead_a")
    url = f"/organisations/{world.org_a.slug}/action-plans/"
    services.plan_create(
        actor=world.lead_a, organisation=world.org_a, title="P0", occasion=learning_day_ref(day)
    )
    before = page_queries(client, url)
    for i in range(4):
        services.plan_create(
            actor=world.lead_a,
            organisation=world.org_a,
            title=f"P{i + 1}",
            occasion=learning_day_ref(day),
        )
    assert page_queries(client, url) == before


def test_api_plan_list_queries_do_not_grow_with_plans(world: World, day: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(world.lead_a)
    url = f"/api/v1/organisations/{world.org_a.slug}/action-plans"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    def make(title: str) -> None:
        plan = services.plan_create(
            actor=world.lead_a,
            organisation=world.org_a,
            title=title,
            occasion=learning_day_ref(day),
        )
        services.action_add(
            actor=world.lead_a,
            plan=plan,
            data=services.ActionInput(what="Do it", owner_email=world.staff_a.email),
        )
        services.plan_review(
            actor=world.lead_a, plan=plan, progress="Going.", occasion=learning_day_ref(day)
        )

    make("P0")
    count()  # the token's first use of the day is recorded once
    before = count()
    for i in range(4):
        make(f"P{i + 1}")
    assert count() == before
    assert len(client.get(url).json()) == 5


def test_the_learning_set_page_links_each_days_review_agenda_for_organisers_only(
    world: World, day: Any
) -> None:
    """Organisers prepare a day from the learning set's page; the events list names the set."""
    agenda = f"/manage/events/{day.public_id}/review-agenda/"
    set_page = f"/learning-sets/{day.learning_set.slug}/"
    assert agenda in world.client_for("coordinator_uk").get(set_page).content.decode()
    for who in ("lead_a", "outsider"):
        assert agenda not in world.client_for(who).get(set_page).content.decode()
    listing = world.client_for("lead_a").get("/events/").content.decode()
    assert f'href="{set_page}"' in listing
