"""Turning down a top-up: the network lead only, with a reason; whoever asked is told by e-mail
(one message, to them alone); a decided top-up cannot be decided again; page and API."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry, OutboxMessage
from recoverynet.engagements import selectors, services
from recoverynet.engagements.models import TopUp
from tests.conftest import World, token_client
from tests.engagements.conftest import package


def _ask(world: World, engagement: Any) -> TopUp:
    return services.top_up_request(
        actor=world.consultant_uk, engagement=engagement, days=Decimal("2"), reason="More teams"
    )


def test_reject_tells_the_requester(world: World) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    OutboxMessage.objects.all().delete()
    services.top_up_reject(
        actor=world.coordinator_uk,
        engagement=engagement,
        top_up_id=top_up.pk,
        reason="The budget is spent",
    )
    top_up.refresh_from_db()
    assert top_up.rejected_at is not None and top_up.rejected_by == world.coordinator_uk
    assert top_up.approved_at is None
    assert selectors.drawdown(engagement).allocated == Decimal("5")
    (mail,) = OutboxMessage.objects.all()
    assert mail.to == [world.consultant_uk.email]
    assert "The budget is spent" in mail.body_text and engagement.title in mail.subject
    assert AuditEntry.objects.filter(action="engagements.top_up.rejected").count() == 1
    with pytest.raises(ApplicationError) as exc:
        services.top_up_approve(
            actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk
        )
    assert exc.value.code == "already_rejected" and exc.value.status == 409
    with pytest.raises(ApplicationError) as exc:
        services.top_up_reject(
            actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk, reason="Again"
        )
    assert exc.value.code == "already_rejected"


def test_an_approved_top_up_cannot_be_rejected(world: World) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    services.top_up_approve(actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk)
    with pytest.raises(ApplicationError) as exc:
        services.top_up_reject(
            actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk, reason="No"
        )
    assert exc.value.code == "already_approved"


@pytest.mark.parametrize("who", ["consultant_uk", "lead_a", "coordinator_ie", "outsider"])
def test_only_the_network_lead_rejects(world: World, who: str) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    with pytest.raises(PermissionDenied):
        services.top_up_reject(
            actor=getattr(world, who), engagement=engagement, top_up_id=top_up.pk, reason="No"
        )
    url = reverse("engagements:top-up-reject", args=[engagement.public_id, top_up.pk])
    assert world.client_for(who).get(url).status_code in (403, 404)
    top_up.refresh_from_db()
    assert top_up.rejected_at is None


@pytest.mark.parametrize("reason", ["", "   ", "no\x00", "x" * 501])
def test_bad_reasons_are_refused(world: World, reason: str) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    with pytest.raises(ApplicationError) as exc:
        services.top_up_reject(
            actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk, reason=reason
        )
    assert exc.value.field == "reason"
    top_up.refresh_from_db()
    assert top_up.rejected_at is None


def test_the_page(world: World) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    client = world.client_for("coordinator_uk")
    url = reverse("engagements:top-up-reject", args=[engagement.public_id, top_up.pk])
    detail = reverse("engagements:detail", args=[engagement.public_id])
    assert url.encode() in client.get(detail).content
    assert client.get(url).status_code == 200
    blank = client.post(url, {"reason": "  "})
    assert blank.status_code == 400 and b'href="#id_reason"' in blank.content
    assert client.post(url, {"reason": "Not this year"}).status_code == 302
    body = client.get(detail).content
    assert b"Turned down" in body and b"Not this year" in body
    assert client.get(url).status_code == 404  # decided: nothing to decide


def test_the_api(world: World) -> None:
    engagement = package(world)
    top_up = _ask(world, engagement)
    url = f"/api/v1/engagements/{engagement.public_id}/top-ups/{top_up.pk}/reject"
    refused = token_client(world.consultant_uk).post(
        url, json.dumps({"reason": "No"}), content_type="application/json"
    )
    assert refused.status_code == 403
    client = token_client(world.coordinator_uk)
    bad = client.post(url, json.dumps({"reason": " "}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    done = client.post(url, json.dumps({"reason": "No budget"}), content_type="application/json")
    assert done.status_code == 200
    (out,) = done.json()["top_ups"]
    assert out["rejected"] and out["rejection_reason"] == "No budget" and not out["approved"]
    again = client.post(url, json.dumps({"reason": "No"}), content_type="application/json")
    assert again.status_code == 409
