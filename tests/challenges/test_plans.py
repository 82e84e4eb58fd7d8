import datetime

import pytest
import time_machine
from django.utils import timezone

from recoverynet.challenges import plan_links, services
from recoverynet.challenges.services import PriorityInput
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from recoverynet.plans import selectors as plan_selectors
from recoverynet.plans import services as plans
from recoverynet.plans.models import Action, ActionNote, ActionStatus
from tests.conftest import token_client

from .conftest import agree_all, cell

pytestmark = pytest.mark.django_db
# Overdue, and within the year that a due date may lie in the past.
PAST = timezone.localdate() - datetime.timedelta(days=40)


@pytest.fixture
def closed_round(world, framework, round_):
    agree_all(world.lead_a, round_)
    services.round_close(actor=world.lead_a, round_=round_)
    services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[
            PriorityInput(*cell(framework, 7)),
            PriorityInput(*cell(framework, 8, "managerial")),
        ],
    )
    return round_


def test_plan_from_priorities_has_one_action_per_priority(world, closed_round):
    plan = services.plan_from_priorities(actor=world.lead_a, round_=closed_round)
    actions = list(plan.actions.order_by("id"))
    assert [a.topic_label for a in actions] == [
        "7. Redefining user involvement, at practice level",
        "8. Transforming the workforce, at managerial level",
    ]
    assert plan.source_kind == "assessment_round" and plan.source_id == str(closed_round.public_id)


def test_plan_from_open_round_refused(world, round_):
    with pytest.raises(ApplicationError) as exc:
        services.plan_from_priorities(actor=world.lead_a, round_=round_)
    assert exc.value.code == "no_priorities"


def test_actions_owner_status_notes_and_review(world, framework, closed_round):
    plan = plans.plan_create(
        actor=world.staff_a,
        organisation=world.org_a,
        title="Peer workforce",
        source=plan_links.round_source(closed_round),
    )
    action = plans.action_add(
        actor=world.staff_a,
        plan=plan,
        data=plans.ActionInput(
            what="Recruit two peer workers",
            topic=f"challenge:{cell(framework, 8)[0]}/level:managerial",
            owner_email="LEAD.A@example.org",
            due=PAST,
        ),
    )
    assert action.owner == world.lead_a and plan_selectors.is_overdue(action)
    plans.action_update(
        actor=world.staff_a,
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="Job description agreed with the service user panel",
    )
    with pytest.raises(ApplicationError) as exc:
        plans.action_update(actor=world.staff_a, action=action, status=ActionStatus.DROPPED)
    assert exc.value.field == "dropped_reason"
    plans.action_update(actor=world.staff_a, action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and not plan_selectors.is_overdue(action)
    assert [n.status_change for n in ActionNote.objects.filter(action=action)] == [
        "not_started → in_progress",
        "in_progress → done",
    ]
    review = plans.plan_review(
        actor=world.lead_a,
        plan=plan,
        progress="Both posts filled",
        reset_goals="Supervision for peer workers",
    )
    assert (
        plan_selectors.plan_get(actor=world.coordinator_uk, public_id=plan.public_id).reviews.get()
        == review
    )


def test_action_bad_input(world, closed_round):
    plan = plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="P")
    with pytest.raises(ApplicationError) as exc:
        plans.action_add(
            actor=world.lead_a, plan=plan, data=plans.ActionInput(what=" ", owner_role="Lead")
        )
    assert exc.value.field == "what"
    with pytest.raises(ApplicationError) as exc:
        plans.action_add(actor=world.lead_a, plan=plan, data=plans.ActionInput(what="X"))
    assert exc.value.field == "owner_role"
    with pytest.raises(ApplicationError) as exc:
        plans.action_add(
            actor=world.lead_a,
            plan=plan,
            data=plans.ActionInput(what="X", owner_email="lead.b@example.org"),
        )
    assert exc.value.field == "owner_email"
    with pytest.raises(ApplicationError) as exc:
        plans.action_add(
            actor=world.lead_a,
            plan=plan,
            data=plans.ActionInput(what="X", owner_role="Lead", topic="challenge:999999"),
        )
    assert exc.value.field == "topic"
    assert not Action.objects.filter(plan=plan).exists()


def test_other_organisations_cannot_touch_plans(world):
    plan = plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="P")
    for person in (world.lead_b, world.outsider, world.coordinator_ie):
        with pytest.raises(ApplicationError):
            plan_selectors.plan_get(actor=person, public_id=plan.public_id)
        with pytest.raises(ApplicationError):
            plans.plan_create(actor=person, organisation=world.org_a, title="Mine now")


def test_overdue_reminders_once_a_week(world):
    plan = plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="P")
    plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(
            what="Co-produce the crisis plan template", owner_email="staff.a@example.org", due=PAST
        ),
    )
    plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(what="Role-owned", owner_role="Team manager", due=PAST),
    )
    assert plans.overdue_reminders() == 1
    assert plans.overdue_reminders() == 0
    assert (
        OutboxMessage.objects.filter(
            to=["staff.a@example.org"], subject__startswith="An action is past its date"
        ).count()
        == 1
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert plans.overdue_reminders() == 1


def test_review_agenda_lists_attending_organisations_actions(world):
    from decimal import Decimal

    from recoverynet.events import selectors as event_selectors
    from recoverynet.events import services as event_services
    from recoverynet.events.occasions import learning_day_ref
    from tests.events.conftest import make_event

    learning_set = event_services.learning_set_create(
        actor=world.coordinator_uk,
        network=world.uk,
        title="Carers set",
        cohort=[world.org_a, world.org_b],
    )
    day = make_event(world, kind="learning_set_day", learning_set=learning_set)
    rate = event_services.rate_create(
        actor=world.coordinator_uk, event=day, kind="free", name="Cohort", net_amount=Decimal("0")
    )
    event_services.booking_create(
        actor=world.lead_a,
        event=day,
        organisation=world.org_a,
        delegates=[event_services.DelegateInput(name="A", email="a@example.org", rate_id=rate.pk)],
    )
    plan = plans.plan_create(
        actor=world.lead_a, organisation=world.org_a, title="P", occasion=learning_day_ref(day)
    )
    plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(
            what="Discharge planning with carers", owner_role="Ward manager", due=PAST
        ),
    )
    agenda = event_selectors.review_agenda(actor=world.coordinator_uk, event=day)
    assert [(org.name, [a.what for a in actions or []]) for org, actions in agenda] == [
        ("Alpha NHS Trust", ["Discharge planning with carers"])
    ]
    with pytest.raises(ApplicationError):
        event_selectors.review_agenda(actor=world.lead_a, event=day)


def test_plans_api(world, closed_round):
    client = token_client(world.lead_a)
    created = client.post(f"/api/v1/assessments/{closed_round.public_id}/action-plan")
    assert created.status_code == 201
    plan = created.json()
    assert len(plan["actions"]) == 2
    added = client.post(
        f"/api/v1/action-plans/{plan['id']}/actions",
        {"what": "Open a peer-led drop-in", "owner_role": "Peer lead", "due": PAST.isoformat()},
        content_type="application/json",
    )
    assert added.status_code == 201 and any(a["overdue"] for a in added.json()["actions"])
    action_id = added.json()["actions"][-1]["id"]
    bad = client.patch(
        f"/api/v1/action-plans/{plan['id']}/actions/{action_id}",
        {"status": "dropped"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "dropped_reason"
    updated = client.patch(
        f"/api/v1/action-plans/{plan['id']}/actions/{action_id}",
        {"status": "done", "note": "Opened in March"},
        content_type="application/json",
    )
    assert updated.status_code == 200
    reviewed = client.post(
        f"/api/v1/action-plans/{plan['id']}/reviews",
        {"progress": "Good start", "reset_goals": "Evening sessions"},
        content_type="application/json",
    )
    assert (
        reviewed.status_code == 201
        and reviewed.json()["reviews"][0]["reset_goals"] == "Evening sessions"
    )
    listing = client.get(f"/api/v1/organisations/{world.org_a.slug}/action-plans")
    assert listing.status_code == 200 and len(listing.json()) == 1
    other = token_client(world.lead_b)
    assert other.get(f"/api/v1/action-plans/{plan['id']}").status_code == 404
    assert other.get(f"/api/v1/organisations/{world.org_a.slug}/action-plans").status_code == 403


def test_rename_plan_and_delete_only_untouched_actions(world):
    plan = plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="P")
    mistake = plans.action_add(
        actor=world.lead_a, plan=plan, data=plans.ActionInput(what="Typo", owner_role="Lead")
    )
    worked = plans.action_add(
        actor=world.lead_a, plan=plan, data=plans.ActionInput(what="Real", owner_role="Lead")
    )
    plans.action_update(
        actor=world.lead_a, action=worked, status=ActionStatus.IN_PROGRESS, note="Started"
    )
    client = token_client(world.lead_a)
    assert (
        client.patch(
            f"/api/v1/action-plans/{plan.public_id}",
            {"title": "Peer support"},
            content_type="application/json",
        ).json()["title"]
        == "Peer support"
    )
    assert (
        client.patch(
            f"/api/v1/action-plans/{plan.public_id}", {"title": ""}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        client.delete(f"/api/v1/action-plans/{plan.public_id}/actions/{mistake.pk}").status_code
        == 204
    )
    refused = client.delete(f"/api/v1/action-plans/{plan.public_id}/actions/{worked.pk}")
    assert refused.status_code == 409 and refused.json()["code"] == "has_history"
    assert list(Action.objects.filter(plan=plan).values_list("what", flat=True)) == ["Real"]
    editor = token_client(world.editor_uk)
    assert editor.get(f"/api/v1/action-plans/{plan.public_id}").status_code == 200  # reads
    assert (
        editor.patch(
            f"/api/v1/action-plans/{plan.public_id}",
            {"title": "X"},
            content_type="application/json",
        ).status_code
        == 403
    )
