"""Action due dates that make no sense (years ago, or decades ahead) are refused on the web and in
the API, with nothing written; a due date kept as it was is not judged again."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from recoverynet.core import dates
from recoverynet.plans import services as plans
from recoverynet.plans.models import Action, ActionNote, ActionPlan
from tests.conftest import World, sign_in, token_client

pytestmark = pytest.mark.django_db

TODAY = dates.today()
YEARS_AGO = TODAY - datetime.timedelta(days=3 * 365)
FAR_AHEAD = datetime.date(2099, 1, 1)


@pytest.fixture
def plan(world: World) -> ActionPlan:
    return plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="Peer support")


def _api(world: World) -> Client:
    return token_client(world.lead_a)


def _add_form(due: datetime.date) -> dict[str, str]:
    return {
        "form": "action",
        "action-what": "Hire two peer workers",
        "action-challenge": "",
        "action-level": "",
        "action-owner_email": "",
        "action-owner_role": "Recovery lead",
        "action-due": due.isoformat(),
    }


@pytest.mark.parametrize("due", [YEARS_AGO, FAR_AHEAD])
def test_the_web_refuses_a_senseless_due_date(
    world: World, plan: ActionPlan, due: datetime.date
) -> None:
    response = sign_in(Client(), world.lead_a).post(
        f"/action-plans/{plan.public_id}/", _add_form(due)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The due date must be on or " in body
    assert "It can be up to a year ago and up to 10 years ahead." in body
    assert not Action.objects.exists()


def test_the_api_refuses_a_due_date_years_ago(world: World, plan: ActionPlan) -> None:
    response = _api(world).post(
        f"/api/v1/action-plans/{plan.public_id}/actions",
        {
            "what": "Hire two peer workers",
            "owner_role": "Recovery lead",
            "due": YEARS_AGO.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "due" and error["message"].startswith(
        "The due date must be on or after"
    )
    assert not Action.objects.exists()


def _action(world: World, plan: ActionPlan) -> Action:
    return plans.action_add(
        actor=world.lead_a,
        plan=plan,
        data=plans.ActionInput(what="Hire two peer workers", owner_role="Recovery lead", due=TODAY),
    )


def test_moving_a_due_date_years_away_is_refused_in_the_api(world: World, plan: ActionPlan) -> None:
    action = _action(world, plan)
    response = _api(world).patch(
        f"/api/v1/action-plans/{plan.public_id}/actions/{action.pk}",
        {"status": "in_progress", "due": FAR_AHEAD.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "due"
    action.refresh_from_db()
    assert action.due == TODAY and action.status == "not_started"
    assert not ActionNote.objects.exists()


def test_moving_a_due_date_years_ago_is_refused_on_the_web(world: World, plan: ActionPlan) -> None:
    action = _action(world, plan)
    response = sign_in(Client(), world.lead_a).post(
        f"/action-plans/{plan.public_id}/actions/{action.pk}/",
        {"status": "in_progress", "note": "", "dropped_reason": "", "due": YEARS_AGO.isoformat()},
    )
    assert response.status_code == 400
    assert "The due date must be on or after" in response.content.decode()
    action.refresh_from_db()
    assert action.due == TODAY and not ActionNote.objects.exists()


def test_an_old_due_date_kept_as_it_was_still_lets_the_action_move_on(
    world: World, plan: ActionPlan
) -> None:
    action = _action(world, plan)
    Action.objects.filter(pk=action.pk).update(due=YEARS_AGO)  # set before dates were checked
    response = sign_in(Client(), world.lead_a).post(
        f"/action-plans/{plan.public_id}/actions/{action.pk}/",
        {
            "status": "done",
            "note": "Both started.",
            "dropped_reason": "",
            "due": YEARS_AGO.isoformat(),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.due == YEARS_AGO
