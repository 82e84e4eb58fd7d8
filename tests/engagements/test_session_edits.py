"""Correcting and cancelling sessions: the days recounted (never lost or counted twice), an edit
that would over-run refused without an approved top-up, invoiced sessions kept as invoiced, audit
entries, who may not, bad input, the pages and the API."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.engagements import selectors, services
from recoverynet.engagements.models import Session, SessionState
from tests.conftest import World, token_client
from tests.engagements.conftest import TODAY, log, package

YESTERDAY = TODAY - datetime.timedelta(days=1)


def _edit(world: World, engagement: Any, session: Any, actor: Any = None, **change: Any) -> Any:
    values = {
        "on": session.on,
        "consultant": session.consultant,
        "days": session.days,
        "state": session.state,
        "place": session.place,
        "notes": session.notes,
        **change,
    }
    return services.session_edit(
        actor=actor or world.consultant_uk,
        engagement=engagement,
        session_id=session.pk,
        data=services.SessionInput(**values),
    )


def _used(engagement: Any) -> Decimal:
    return selectors.drawdown(engagement).used


def test_edit_recounts_the_days(world: World) -> None:
    engagement = package(world, days="5")
    first = log(world, engagement, "2")
    log(world, engagement, "2")
    _edit(world, engagement, first, days=Decimal("3"), place="Alpha HQ")
    assert _used(engagement) == Decimal("5")
    _edit(world, engagement, first, days=Decimal("0.5"))
    assert _used(engagement) == Decimal("2.5")
    # Delivered to planned: it no longer draws down.
    _edit(world, engagement, first, state=SessionState.PLANNED, on=TODAY)
    assert _used(engagement) == Decimal("2")
    entry = AuditEntry.objects.filter(action="engagements.session.edited").latest("pk")
    assert entry.changes["before"]["state"] == "delivered"
    assert entry.changes["after"]["state"] == "planned"


def test_an_edit_that_would_over_run_is_refused(world: World) -> None:
    engagement = package(world, days="5")
    first = log(world, engagement, "2")
    log(world, engagement, "3")
    with pytest.raises(ApplicationError) as exc:
        _edit(world, engagement, first, days=Decimal("2.5"))
    assert exc.value.code == "days_used_up" and exc.value.status == 409
    assert exc.value.field == "days" and "top-up" in exc.value.message
    # Even with a reason: an edit needs an approved variation first.
    with pytest.raises(ApplicationError):
        _edit(world, engagement, first, days=Decimal("2.5"), over_run_reason="Ran late")
    assert _used(engagement) == Decimal("5")
    top_up = services.top_up_request(
        actor=world.consultant_uk, engagement=engagement, days=Decimal("1"), reason="More work"
    )
    services.top_up_approve(actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk)
    _edit(world, engagement, first, days=Decimal("3"))
    assert _used(engagement) == Decimal("6")


def test_an_over_running_session_may_still_shrink(world: World) -> None:
    engagement = package(world, days="2")
    log(world, engagement, "2")
    late = log(world, engagement, "1", reason="The board asked for one more day")
    edited = _edit(world, engagement, late, days=Decimal("0.5"))
    assert edited.over_run_reason == "The board asked for one more day"
    edited = _edit(world, engagement, late, state=SessionState.PLANNED, on=TODAY)
    assert edited.over_run_reason == ""


def test_cancel_frees_the_days_and_is_kept(world: World) -> None:
    engagement = package(world, days="5")
    session = log(world, engagement, "2")
    services.session_cancel(
        actor=world.coordinator_uk,
        engagement=engagement,
        session_id=session.pk,
        reason="Logged twice",
    )
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED and session.cancel_reason == "Logged twice"
    assert _used(engagement) == Decimal("0")
    assert AuditEntry.objects.filter(action="engagements.session.cancelled").count() == 1
    with pytest.raises(ApplicationError) as exc:
        _edit(world, engagement, session, days=Decimal("1"), state=SessionState.DELIVERED)
    assert exc.value.code == "cancelled"


def test_invoiced_sessions_keep_their_days(world: World) -> None:
    engagement = package(world, days="5")
    session = log(world, engagement, "2")
    Session.objects.filter(pk=session.pk).update(invoiced_at=timezone.now())
    session.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        _edit(world, engagement, session, days=Decimal("1"))
    assert exc.value.code == "invoiced"
    with pytest.raises(ApplicationError) as exc:
        services.session_cancel(
            actor=world.consultant_uk, engagement=engagement, session_id=session.pk, reason="x"
        )
    assert exc.value.code == "invoiced"
    # The place and notes may still be corrected.
    assert _edit(world, engagement, session, place="Beta House").place == "Beta House"


@pytest.mark.parametrize("who", ["lead_a", "staff_a", "editor_uk", "coordinator_ie", "outsider"])
def test_who_may_not_edit_or_cancel(world: World, who: str) -> None:
    engagement = package(world, days="5")
    session = log(world, engagement, "1")
    with pytest.raises(PermissionDenied):
        _edit(world, engagement, session, actor=getattr(world, who), days=Decimal("2"))
    with pytest.raises(PermissionDenied):
        services.session_cancel(
            actor=getattr(world, who), engagement=engagement, session_id=session.pk, reason="x"
        )
    page = world.client_for(who).get(
        reverse("engagements:session-edit", args=[engagement.public_id, session.pk])
    )
    assert page.status_code == 404
    session.refresh_from_db()
    assert session.days == Decimal("1") and session.state == SessionState.DELIVERED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": Decimal("0.3")}, "days"),
        ({"days": Decimal("-1")}, "days"),
        ({"notes": "bad\x00"}, "notes"),
        ({"place": "x" * 201}, "place"),
        ({"on": TODAY + datetime.timedelta(days=400)}, "on"),
        ({"on": TODAY + datetime.timedelta(days=2)}, "on"),  # delivered in the future
        ({"state": "cancelled"}, "state"),
    ],
)
def test_bad_edits_name_the_field_and_write_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    engagement = package(world, days="5")
    session = log(world, engagement, "1")
    with pytest.raises(ApplicationError) as exc:
        _edit(world, engagement, session, **change)
    assert exc.value.field == field
    session.refresh_from_db()
    assert session.days == Decimal("1") and session.notes == ""


def test_a_blank_cancel_reason_is_refused(world: World) -> None:
    engagement = package(world)
    session = log(world, engagement, "1")
    for reason in ("   ", "", "why\x00"):
        with pytest.raises(ApplicationError) as exc:
            services.session_cancel(
                actor=world.consultant_uk,
                engagement=engagement,
                session_id=session.pk,
                reason=reason,
            )
        assert exc.value.field == "reason"
    session.refresh_from_db()
    assert session.state == SessionState.DELIVERED


def test_the_pages(world: World) -> None:
    engagement = package(world, days="2.5")
    session = log(world, engagement, "1")
    log(world, engagement, "1")
    client = world.client_for("consultant_uk")
    detail = client.get(reverse("engagements:detail", args=[engagement.public_id])).content
    url = reverse("engagements:session-edit", args=[engagement.public_id, session.pk])
    assert url.encode() in detail
    page = client.get(url)
    assert page.status_code == 200 and b"Change the session" in page.content
    form = {
        "state": "delivered",
        "on": YESTERDAY.isoformat(),
        "consultant": str(world.consultant_uk.pk),
        "days": "9",
    }
    bad = client.post(url, {**form, "days": "6"})
    assert bad.status_code == 400
    assert b"nhsuk-error-summary" in bad.content and b'href="#id_days"' in bad.content
    over = client.post(url, {**form, "days": "2"})
    assert over.status_code == 400 and b"top-up" in over.content
    good = client.post(url, {**form, "days": "1.5", "place": "Alpha House"})
    assert good.status_code == 302
    session.refresh_from_db()
    assert session.days == Decimal("1.5") and session.place == "Alpha House"

    cancel = reverse("engagements:session-cancel", args=[engagement.public_id, session.pk])
    assert client.get(cancel).status_code == 200
    blank = client.post(cancel, {"reason": "   "})
    assert blank.status_code == 400 and b'href="#id_reason"' in blank.content
    assert client.post(cancel, {"reason": "Did not take place"}).status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    body = client.get(reverse("engagements:detail", args=[engagement.public_id])).content
    assert b"Cancelled: Did not take place" in body
    assert client.get(url).status_code == 404  # a cancelled session has no edit page


def test_the_api(world: World) -> None:
    engagement = package(world, days="5")
    session = log(world, engagement, "2")
    client = token_client(world.consultant_uk)
    base = f"/api/v1/engagements/{engagement.public_id}/sessions/{session.pk}"
    body = {
        "on": YESTERDAY.isoformat(),
        "consultant": world.consultant_uk.email,
        "days": "3",
    }
    answer = client.put(base, json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["days"]["used"] == "3.0"
    log(world, engagement, "1.5")  # 4.5 of 5 used

    refused = client.put(base, json.dumps({**body, "days": "5"}), content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "days_used_up"
    bad = client.put(base, json.dumps({**body, "days": "1.3"}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "days"
    null = client.post(
        f"{base}/cancel", json.dumps({"reason": None}), content_type="application/json"
    )
    assert null.status_code == 422
    done = client.post(
        f"{base}/cancel", json.dumps({"reason": "Twice"}), content_type="application/json"
    )
    assert done.status_code == 200
    cancelled = next(s for s in done.json()["sessions"] if s["id"] == session.pk)
    assert cancelled["state"] == "cancelled" and cancelled["cancel_reason"] == "Twice"
    outsider = token_client(world.lead_a)
    assert outsider.put(base, json.dumps(body), content_type="application/json").status_code in (
        403,
        404,
    )
