"""Cancelling a delivered session with things attached (decision 0042): refused when people
answered its feedback form or a plan or review names it (nothing lost, a clear message naming
what is attached and what to do); a form nobody answered closes with it; the days go back under
the allocation's lock; audited, announced, a confirm step that says what will happen, the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from recoverynet.core.audit import AuditEntry
from recoverynet.core.domain_events import DomainEvent, subscribe, unsubscribe
from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import selectors, services
from recoverynet.engagements.feedback import KIND
from recoverynet.engagements.models import Session, SessionState
from recoverynet.engagements.occasions import session_ref
from recoverynet.feedback import services as feedback_services
from recoverynet.feedback.models import FormStatus, Response
from recoverynet.plans import services as plan_services
from tests.conftest import World, token_client
from tests.engagements.conftest import log, package
from tests.feedback.conftest import answers_for


@pytest.fixture
def setup(world: World) -> tuple[Any, Any]:
    engagement = package(world, days="5")
    session = log(world, engagement, days="2")
    return engagement, session


def _form(world: World, session: Any, *, answered: bool = False) -> Any:
    form = feedback_services.form_create(
        actor=world.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
    )
    form = feedback_services.form_open(actor=world.consultant_uk, form=form)
    if answered:
        feedback_services.response_submit(actor=world.lead_a, form=form, answers=answers_for(form))
    return form


def _cancel(world: World, engagement: Any, session: Any, who: str = "consultant_uk") -> Any:
    return services.session_cancel(
        actor=getattr(world, who),
        engagement=engagement,
        session_id=session.pk,
        reason="Logged on the wrong engagement",
    )


def _used(engagement: Any) -> Decimal:
    found = selectors.engagement_get(
        actor=engagement.lead_consultant, public_id=engagement.public_id
    )
    return selectors.drawdown(found.engagement).used


def test_answers_stop_the_cancelling_and_nothing_is_lost(world: World, setup: Any) -> None:
    engagement, session = setup
    form = _form(world, session, answered=True)
    with pytest.raises(ApplicationError) as caught:
        _cancel(world, engagement, session)
    assert caught.value.code == "attached" and caught.value.status == 409
    assert "people have answered its feedback form" in caught.value.message
    assert "change the session instead" in caught.value.message
    session.refresh_from_db()
    form.refresh_from_db()
    assert session.state == SessionState.DELIVERED and _used(engagement) == Decimal("2")
    assert form.status == FormStatus.OPEN and Response.objects.filter(form=form).count() == 1


def test_a_plan_or_review_made_at_it_stops_the_cancelling(world: World, setup: Any) -> None:
    engagement, session = setup
    plan_services.plan_create(
        actor=world.lead_a,
        organisation=world.org_a,
        title="After coaching",
        occasion=session_ref(session),
    )
    with pytest.raises(ApplicationError) as caught:
        _cancel(world, engagement, session)
    assert "an action plan was made at it" in caught.value.message
    session.refresh_from_db()
    assert session.state == SessionState.DELIVERED


def test_an_unanswered_form_closes_and_the_days_go_back(world: World, setup: Any) -> None:
    engagement, session = setup
    form = _form(world, session)
    seen: list[DomainEvent] = []
    subscribe("engagement.session_cancelled", seen.append)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            _cancel(world, engagement, session)
    finally:
        unsubscribe(seen.append)
    session.refresh_from_db()
    form.refresh_from_db()
    assert session.state == SessionState.CANCELLED and _used(engagement) == Decimal("0")
    assert form.status == FormStatus.CLOSED
    (event,) = seen
    assert event.data["days_freed"] == "2" and event.data["feedback_form_closed"] is True
    entry = AuditEntry.objects.filter(action="engagements.session.cancelled").latest("id")
    assert entry.changes["feedback_form_closed"] is True and entry.changes["days_freed"] == "2.0"
    # Nobody can answer about a session that did not take place.
    with pytest.raises(ApplicationError):
        feedback_services.response_submit(actor=world.lead_a, form=form, answers=answers_for(form))


def test_invoiced_stays_as_invoiced(world: World, setup: Any) -> None:
    engagement, session = setup
    Session.objects.filter(pk=session.pk).update(invoiced_at="2026-01-01T00:00:00Z")
    with pytest.raises(ApplicationError) as caught:
        _cancel(world, engagement, session)
    assert caught.value.code == "invoiced"


def test_moving_an_answered_session_back_to_planned_is_refused(world: World, setup: Any) -> None:
    engagement, session = setup
    _form(world, session, answered=True)
    with pytest.raises(ApplicationError) as caught:
        services.session_edit(
            actor=world.consultant_uk,
            engagement=engagement,
            session_id=session.pk,
            data=services.SessionInput(
                on=session.on,
                consultant=world.consultant_uk,
                days=session.days,
                state=SessionState.PLANNED,
            ),
        )
    assert caught.value.code == "attached" and caught.value.field == "state"


def _page(world: World, engagement: Any, session: Any) -> str:
    return reverse("engagements:session-cancel", args=[engagement.public_id, session.pk])


def test_the_confirm_step_says_what_will_happen(world: World, setup: Any) -> None:
    engagement, session = setup
    _form(world, session)
    body = world.client_for("consultant_uk").get(_page(world, engagement, session))
    assert body.status_code == 200
    text = body.content.decode()
    assert "What will happen" in text and "(2 days) are free again" in text
    assert "Its feedback form, which nobody has answered, closes" in text


def test_the_confirm_step_names_what_is_attached(world: World, setup: Any) -> None:
    engagement, session = setup
    _form(world, session, answered=True)
    client = world.client_for("consultant_uk")
    text = client.get(_page(world, engagement, session)).content.decode()
    assert "This session cannot be cancelled" in text and "People have answered" in text
    assert "Cancel the session</button>" not in text and "change the session</a>" in text
    posted = client.post(_page(world, engagement, session), {"reason": "Mistake"})
    assert posted.status_code in (400, 409)
    assert "This session cannot be cancelled: people have answered" in posted.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.DELIVERED


def test_who_must_not_get_in(world: World, setup: Any) -> None:
    engagement, session = setup
    for who in ("lead_a", "lead_b", "outsider"):
        page = world.client_for(who).get(_page(world, engagement, session))
        assert page.status_code in (403, 404), who
        api = token_client(getattr(world, who)).get(
            f"/api/v1/engagements/{engagement.public_id}/sessions/{session.pk}/cancel"
        )
        assert api.status_code in (403, 404), who


def test_the_api(world: World, setup: Any) -> None:
    engagement, session = setup
    form = _form(world, session)
    client = token_client(world.consultant_uk)
    url = f"/api/v1/engagements/{engagement.public_id}/sessions/{session.pk}/cancel"
    check = client.get(url).json()
    assert check == {
        "can_cancel": True,
        "days_freed": "2",
        "feedback_form_closes": True,
        "invoiced": False,
        "attached": [],
    }
    feedback_services.response_submit(actor=world.lead_a, form=form, answers=answers_for(form))
    check = client.get(url).json()
    assert check["can_cancel"] is False
    assert check["attached"] == ["people have answered its feedback form"]
    refused = client.post(url, {"reason": "Mistake"}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "attached"
    bad = client.post(url, {"reason": "   "}, content_type="application/json")
    assert bad.status_code in (409, 422)
    missing = client.get(f"/api/v1/engagements/{engagement.public_id}/sessions/999999/cancel")
    assert missing.status_code == 404
