"""Action-plan pages through Django's test client: the happy path, who must not get in, and bad input
(a clear message, status 400 and nothing written)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from recoverynet.challenges import services
from recoverynet.core.errors import ApplicationError
from recoverynet.events import services as event_services
from recoverynet.events.occasions import learning_day_ref
from recoverynet.events.services import DelegateInput
from recoverynet.plans import services as plans
from recoverynet.plans.models import Action, ActionNote, ActionPlan, ActionStatus, PlanReview
from tests.conftest import page_queries
from tests.permissions import Rule, assert_matrix

from .conftest import agree_all, cell

pytestmark = pytest.mark.django_db

ORG_A_PEOPLE = frozenset(
    {"lead_a", "staff_a", "editor_uk", "consultant_uk", "coordinator_uk", "admin"}
)
UK_ORGANISERS = frozenset({"coordinator_uk", "consultant_uk", "admin"})
# Overdue, and within the year that a due date may lie in the past.
PAST = timezone.localdate() - datetime.timedelta(days=40)


# --- helpers ---------------------------------------------------------------------------------------


@pytest.fixture
def closed_round(world, framework, round_):
    agree_all(world.lead_a, round_)
    services.round_close(actor=world.lead_a, round_=round_)
    services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[
            services.PriorityInput(*cell(framework, 7), reason="It matters most."),
            services.PriorityInput(*cell(framework, 4, "managerial")),
            services.PriorityInput(*cell(framework, 1, "strategic")),
        ],
    )
    round_.refresh_from_db()
    return round_


@pytest.fixture
def plan(world, closed_round):
    return services.plan_from_priorities(actor=world.lead_a, round_=closed_round)


def learning_day(world, *, days=14, learning_set=True):
    """A published UK learning-set day (or a plain workshop) where org_a has a confirmed place.
    Beta Charity is in the cohort too, but has not booked."""
    start = (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    values = {
        "title": "Learning set day 2",
        "kind": "learning_set_day" if learning_set else "workshop",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=5),
        "venue_name": "Friends House",
        "capacity": 20,
        "status": "published",
    }
    if learning_set:
        values["learning_set"] = event_services.learning_set_create(
            actor=world.coordinator_uk,
            network=world.uk,
            title="Learning set 2027",
            cohort=[world.org_a, world.org_b],
        )
    event = event_services.event_create(actor=world.coordinator_uk, network=world.uk, **values)
    rate = event_services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    event_services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=[DelegateInput(name="Lee", email=world.lead_a.email, rate_id=rate.pk)],
    )
    return event


def add_url(plan):
    return f"/action-plans/{plan.public_id}/"


def action_post(**values):
    data = {
        "form": "action",
        "action-what": "Ask peer workers to co-chair the care-planning group",
        "action-topic": "",
        "action-owner_email": "",
        "action-owner_role": "Peer support lead",
        "action-due": "",
    }
    data.update({f"action-{k}": v for k, v in values.items()})
    return data


def body(response):
    return response.content.decode()


# --- happy path ------------------------------------------------------------------------------------


def test_from_priorities_to_review(world, closed_round, framework):
    client = world.client_for("lead_a")
    response = client.post(f"/self-assessment/{closed_round.public_id}/action-plan/")
    plan = ActionPlan.objects.get(source_id=str(closed_round.public_id))
    assert plan.source_kind == "assessment_round" and plan.source_label == closed_round.title
    assert response.status_code == 302 and response["Location"] == add_url(plan)
    assert plan.actions.count() == 3

    page = body(client.get(add_url(plan)))
    assert "Redefining user involvement" in page and "Not started" in page
    assert "Overdue" not in page

    # An action owned by a role, due in the past: flagged in words.
    involvement = framework.challenges.get(number=7)
    response = client.post(
        add_url(plan),
        action_post(topic=f"challenge:{involvement.pk}/level:practice", due=f"{PAST:%d/%m/%Y}"),
    )
    assert response.status_code == 302
    action = plan.actions.get(owner_role="Peer support lead")
    assert action.due == PAST and action.topic == f"challenge:{involvement.pk}/level:practice"
    assert action.topic_label == "7. Redefining user involvement, at practice level"
    page = body(client.get(add_url(plan)))
    assert '<strong class="nhsuk-tag nhsuk-tag--orange">Overdue</strong>' in page
    assert f"{PAST.day} {PAST:%B %Y}" in page

    # An owner who is a person in the organisation.
    response = client.post(
        add_url(plan), action_post(owner_email="STAFF.A@example.org", owner_role="")
    )
    assert response.status_code == 302
    assert plan.actions.get(owner=world.staff_a)

    # Update: in progress, with a note.
    url = f"/action-plans/{plan.public_id}/actions/{action.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "in_progress",
            "note": "First meeting booked.",
            "dropped_reason": "",
            "due": PAST.isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == add_url(plan)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS

    # Review, then the history shows both, newest first, in words.
    response = client.post(
        add_url(plan),
        {
            "form": "review",
            "review-progress": "Two meetings held.",
            "review-reset_goals": "Co-chair by June.",
        },
    )
    assert response.status_code == 302
    page = body(client.get(add_url(plan)))
    assert page.index("Two meetings held.") < page.index("First meeting booked.")
    assert "Moved from not started to in progress." in page and "Co-chair by June." in page

    listing = body(client.get(f"/organisations/{world.org_a.slug}/action-plans/"))
    assert plan.title in listing and "1 overdue" in listing and "1 in progress" in listing


def test_start_a_plan_by_hand_and_from_a_learning_day(world, framework):
    event = learning_day(world)
    client = world.client_for("lead_a")
    url = f"/organisations/{world.org_a.slug}/action-plans/"
    page = body(client.get(url))
    assert "Learning set day 2" in page  # offered as where the plan comes from
    key = f"learning_day:{event.public_id}"
    response = client.post(url, {"title": "Peer support 2027", "occasion": key})
    plan = ActionPlan.objects.get(title="Peer support 2027")
    assert response.status_code == 302 and plan.source_kind == ""
    assert plan.occasion_ref == learning_day_ref(event)
    # Without a round, challenges come from the current Ten Challenges framework.
    page = body(client.get(add_url(plan)))
    assert "10. " in page
    assert (
        f'From the learning-set day <a href="/events/{event.public_id}/">Learning set day 2</a>'
        in page
    )

    response = client.post(
        add_url(plan), {"form": "review", "review-progress": "Good start.", "review-occasion": key}
    )
    assert response.status_code == 302
    assert PlanReview.objects.get(plan=plan).occasion_ref == learning_day_ref(event)
    assert "at Learning set day 2" in body(client.get(add_url(plan)))


def test_an_occasion_the_organisation_did_not_take_part_in_is_refused(world, framework):
    event = learning_day(world)
    client = world.client_for("lead_b")  # Beta has no place at the day
    url = f"/organisations/{world.org_b.slug}/action-plans/"
    assert "Learning set day 2" not in body(client.get(url))
    response = client.post(url, {"title": "Q", "occasion": f"learning_day:{event.public_id}"})
    assert response.status_code == 302  # no day to choose: the field is not there at all
    assert ActionPlan.objects.get(title="Q").occasion_ref is None
    own = f"/organisations/{world.org_a.slug}/action-plans/"
    response = world.client_for("lead_a").post(
        own, {"title": "P", "occasion": f"learning_day:{uuid.uuid4()}"}
    )
    assert response.status_code == 400 and "Choose an occasion from the list." in body(response)
    assert not ActionPlan.objects.filter(title="P").exists()
    with pytest.raises(ApplicationError) as exc:
        plans.plan_create(
            actor=world.lead_b,
            organisation=world.org_b,
            title="P",
            occasion=learning_day_ref(event),
        )
    assert exc.value.field == "occasion" and not ActionPlan.objects.filter(title="P").exists()


def test_review_agenda_lists_open_actions_due_by_the_day(world, plan):
    event = learning_day(world)
    event_b_rate = event.rates.get()
    event_services.booking_create(
        actor=world.lead_b,
        event=event,
        organisation=world.org_b,
        delegates=[DelegateInput(name="Bea", email=world.lead_b.email, rate_id=event_b_rate.pk)],
    )
    day = timezone.localtime(event.starts_at).date()
    due = plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(what="Train the governors", owner_role="Chair", due=day),
    )
    plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(
            what="Later thing", owner_role="Chair", due=day + datetime.timedelta(days=30)
        ),
    )
    done = plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(what="Finished thing", owner_role="Chair", due=PAST),
    )
    plans.action_update(actor=world.lead_a, action=done, status=ActionStatus.DONE)

    manage = body(world.client_for("coordinator_uk").get(f"/manage/events/{event.public_id}/"))
    assert f"/manage/events/{event.public_id}/review-agenda/" in manage

    page = body(
        world.client_for("coordinator_uk").get(f"/manage/events/{event.public_id}/review-agenda/")
    )
    assert due.what in page and "Later thing" not in page and "Finished thing" not in page
    assert "Alpha NHS Trust" in page and "Beta Charity" in page and "No actions due" in page
    assert add_url(plan) in page


def test_review_agenda_only_for_learning_set_days(world):
    workshop = learning_day(world, learning_set=False)
    coordinator = world.client_for("coordinator_uk")
    assert "review-agenda" not in body(coordinator.get(f"/manage/events/{workshop.public_id}/"))
    assert coordinator.get(f"/manage/events/{workshop.public_id}/review-agenda/").status_code == 404


def test_plan_from_round_without_priorities_goes_back_with_a_message(world, round_):
    agree_all(world.lead_a, round_)
    services.round_close(actor=world.lead_a, round_=round_)
    client = world.client_for("lead_a")
    response = client.post(f"/self-assessment/{round_.public_id}/action-plan/", follow=True)
    assert response.redirect_chain[-1][0] == f"/self-assessment/{round_.public_id}/priorities/"
    assert "Choose the round&#x27;s priorities first." in body(response)
    assert not ActionPlan.objects.exists()


def test_plan_page_queries_do_not_grow_with_actions(world, plan):
    client = world.client_for("lead_a")

    def count() -> int:
        return page_queries(client, add_url(plan))

    for action in plan.actions.all():
        plans.action_update(actor=world.lead_a, action=action, status="in_progress", note="Going.")
    before = count()
    for i in range(5):
        added = plans.action_add(
            actor=world.lead_a,
            plan=plan,
            data=plans.ActionInput(what=f"More {i}", owner_email=world.staff_a.email),
        )
        plans.action_update(actor=world.lead_a, action=added, status="in_progress", note="Going.")
    plans.plan_review(actor=world.lead_a, plan=plan, progress="Fine.")
    assert count() == before


# --- who must not get in -------------------------------------------------------------------------------


def test_permission_matrix(world, plan):
    event = learning_day(world)
    action = plan.actions.first()
    rules = [
        Rule(f"/organisations/{world.org_a.slug}/action-plans/", ORG_A_PEOPLE),
        Rule(add_url(plan), ORG_A_PEOPLE),
        Rule(f"/action-plans/{plan.public_id}/actions/{action.pk}/", ORG_A_PEOPLE),
        Rule(f"/manage/events/{event.public_id}/review-agenda/", UK_ORGANISERS),
    ]
    assert_matrix(world, rules)


@pytest.mark.parametrize("role", ["lead_b", "outsider", "lead_ie", "coordinator_ie"])
def test_others_cannot_change_a_plan(world, plan, closed_round, role):
    client = world.client_for(role)
    action = plan.actions.first()
    responses = [
        client.post(f"/organisations/{world.org_a.slug}/action-plans/", {"title": "Sneaky"}),
        client.post(add_url(plan), action_post()),
        client.post(add_url(plan), {"form": "review", "review-progress": "Sneaky"}),
        client.post(
            f"/action-plans/{plan.public_id}/actions/{action.pk}/",
            {"status": "done", "note": "Sneaky"},
        ),
        client.post(f"/self-assessment/{closed_round.public_id}/action-plan/"),
    ]
    assert all(r.status_code in (403, 404) for r in responses), [r.status_code for r in responses]
    assert ActionPlan.objects.count() == 1 and plan.actions.count() == 3
    assert not ActionNote.objects.exists() and not PlanReview.objects.exists()


def test_anonymous_is_sent_to_sign_in(world, plan, closed_round):
    client = world.client_for("anonymous")
    for response in [
        client.get(add_url(plan)),
        client.post(add_url(plan), action_post()),
        client.post(f"/self-assessment/{closed_round.public_id}/action-plan/"),
    ]:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert ActionPlan.objects.count() == 1 and plan.actions.count() == 3


def test_an_action_of_another_plan_is_not_found(world, plan):
    other = plans.plan_create(actor=world.lead_b, organisation=world.org_b, title="Beta plan")
    theirs = plans.action_add(
        actor=world.lead_b,
        plan=other,
        data=plans.ActionInput(what="Beta thing", owner_role="Chair"),
    )
    client = world.client_for("lead_a")
    assert client.get(f"/action-plans/{plan.public_id}/actions/{theirs.pk}/").status_code == 404
    response = client.post(
        f"/action-plans/{plan.public_id}/actions/{theirs.pk}/", {"status": "done", "note": "x"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.NOT_STARTED


def test_plan_from_round_is_post_only(world, closed_round):
    response = world.client_for("lead_a").get(
        f"/self-assessment/{closed_round.public_id}/action-plan/"
    )
    assert response.status_code == 405


# --- bad input -----------------------------------------------------------------------------------------


def assert_refused(response, message):
    page = body(response)
    assert response.status_code == 400
    assert "nhsuk-error-summary" in page and message in page


def test_empty_what_is_refused(world, plan):
    response = world.client_for("lead_a").post(add_url(plan), action_post(what="   "))
    assert_refused(response, "Say what will be done.")
    assert plan.actions.count() == 3


def test_action_needs_an_owner(world, plan):
    response = world.client_for("lead_a").post(add_url(plan), action_post(owner_role=""))
    assert_refused(response, "Give the e-mail address of a person, or a role.")
    assert plan.actions.count() == 3


def test_owner_outside_the_organisation_is_refused(world, plan):
    response = world.client_for("lead_a").post(
        add_url(plan), action_post(owner_email=world.lead_b.email, owner_role="")
    )
    assert_refused(response, "The owner must be someone in the organisation")
    assert plan.actions.count() == 3


def test_bad_date_and_foreign_challenge_are_refused(world, plan):
    client = world.client_for("lead_a")
    assert_refused(
        client.post(add_url(plan), action_post(due="31/02/2027")),
        "Enter the due date as a real date",
    )
    assert_refused(
        client.post(add_url(plan), action_post(topic="challenge:999999")),
        "Choose what the action helps with from the list.",
    )
    assert plan.actions.count() == 3


def test_dropped_without_reason_is_refused(world, plan):
    action = plan.actions.first()
    response = world.client_for("lead_a").post(
        f"/action-plans/{plan.public_id}/actions/{action.pk}/",
        {"status": "dropped", "note": "Not now.", "dropped_reason": " "},
    )
    assert_refused(response, "Say why the action is dropped.")
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED and not ActionNote.objects.exists()


def test_dropped_with_reason_is_kept_in_the_history(world, plan):
    action = plan.actions.first()
    client = world.client_for("lead_a")
    response = client.post(
        f"/action-plans/{plan.public_id}/actions/{action.pk}/",
        {"status": "dropped", "note": "", "dropped_reason": "The team merged with another."},
    )
    assert response.status_code == 302
    page = body(client.get(add_url(plan)))
    assert "Dropped because: The team merged with another." in page
    assert "Moved from not started to dropped." in page


def test_review_needs_progress(world, plan):
    response = world.client_for("lead_a").post(
        add_url(plan), {"form": "review", "review-progress": ""}
    )
    assert_refused(response, "Say what progress has been made.")
    assert not PlanReview.objects.exists()


def test_empty_plan_title_is_refused(world):
    response = world.client_for("lead_a").post(
        f"/organisations/{world.org_a.slug}/action-plans/", {"title": " "}
    )
    assert_refused(response, "Give the plan a name.")
    assert not ActionPlan.objects.exists()


def test_unknown_form_on_plan_page_is_a_bad_request(world, plan):
    response = world.client_for("lead_a").post(add_url(plan), {"form": "other"})
    assert response.status_code == 400
    assert Action.objects.count() == 3
