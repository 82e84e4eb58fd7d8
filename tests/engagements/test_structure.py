"""Phases, milestones, shared goals and the client's quote: added, changed and removed from the
pages and the API, through the same services; invoiced milestones stay; who may not; bad input."""

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
from recoverynet.engagements import services
from recoverynet.engagements.models import EngagementKind, Milestone, Phase, SharedGoal
from tests.conftest import World, token_client
from tests.engagements.conftest import END, START, package

D = datetime.timedelta


def _buddying(world: World) -> Any:
    return package(
        world, kind=EngagementKind.BUDDYING, organisations=[world.org_a, world.org_b], agree=False
    )


def test_phase_pages_add_change_remove(world: World) -> None:
    engagement = package(world)
    client = world.client_for("consultant_uk")
    detail = reverse("engagements:detail", args=[engagement.public_id])
    add = reverse("engagements:item-add", args=[engagement.public_id, "phases"])
    assert add.encode() in client.get(detail).content
    assert client.get(add).status_code == 200
    bad = client.post(
        add,
        {
            "title": "Discovery",
            "starts_on": (START + D(5)).isoformat(),
            "ends_on": START.isoformat(),
        },
    )
    assert bad.status_code == 400 and b'href="#id_ends_on"' in bad.content
    outside = client.post(
        add,
        {"title": "Discovery", "starts_on": START.isoformat(), "ends_on": (END + D(1)).isoformat()},
    )
    assert outside.status_code == 400 and b"within the engagement" in outside.content
    blank = client.post(
        add, {"title": "   ", "starts_on": START.isoformat(), "ends_on": START.isoformat()}
    )
    assert blank.status_code == 400 and b'href="#id_title"' in blank.content
    assert Phase.objects.count() == 0
    ok = client.post(
        add,
        {
            "title": "Discovery",
            "starts_on": START.isoformat(),
            "ends_on": (START + D(9)).isoformat(),
        },
    )
    assert ok.status_code == 302
    phase = Phase.objects.get()
    edit = reverse("engagements:item-edit", args=[engagement.public_id, "phases", phase.pk])
    assert edit.encode() in client.get(detail).content
    assert b'value="Discovery"' in client.get(edit).content
    assert (
        client.post(
            edit,
            {
                "title": "Discovery and design",
                "starts_on": START.isoformat(),
                "ends_on": END.isoformat(),
            },
        ).status_code
        == 302
    )
    phase.refresh_from_db()
    assert phase.title == "Discovery and design" and phase.ends_on == END
    remove = reverse("engagements:item-remove", args=[engagement.public_id, "phases", phase.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not Phase.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="engagements.phase.").count() == 3


def test_milestones_keep_what_is_invoiced(world: World) -> None:
    engagement = package(world)
    phase = services.phase_add(
        actor=world.consultant_uk, engagement=engagement, title="One", starts_on=START, ends_on=END
    )
    client = world.client_for("consultant_uk")
    add = reverse("engagements:item-add", args=[engagement.public_id, "milestones"])
    form = {"title": "Report", "due_on": END.isoformat(), "fee_net": "1500.00", "phase": phase.pk}
    assert client.post(add, {**form, "fee_net": "-3"}).status_code == 400
    assert client.post(add, {**form, "phase": "999"}).status_code == 400
    assert client.post(add, form).status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.phase == phase and milestone.fee_net == Decimal("1500.00")
    Milestone.objects.filter(pk=milestone.pk).update(invoiced_at=timezone.now())
    edit = reverse("engagements:item-edit", args=[engagement.public_id, "milestones", milestone.pk])
    refused = client.post(edit, {**form, "fee_net": "2000"})
    assert refused.status_code == 400 and b"already invoiced" in refused.content
    assert client.post(edit, {**form, "title": "Final report"}).status_code == 302
    remove = reverse(
        "engagements:item-remove", args=[engagement.public_id, "milestones", milestone.pk]
    )
    kept = client.post(remove)
    assert kept.status_code == 400 and b"already invoiced" in kept.content
    milestone.refresh_from_db()
    assert milestone.title == "Final report" and milestone.fee_net == Decimal("1500.00")
    # Removing the phase leaves the milestone, in no phase.
    services.phase_remove(actor=world.consultant_uk, engagement=engagement, phase_id=phase.pk)
    milestone.refresh_from_db()
    assert milestone.phase is None


def test_goals_and_the_quote(world: World) -> None:
    engagement = _buddying(world)
    client = world.client_for("consultant_uk")
    add = reverse("engagements:item-add", args=[engagement.public_id, "goals"])
    assert client.post(add, {"text": "  "}).status_code == 400
    assert client.post(add, {"text": "Shared recovery training"}).status_code == 302
    goal = SharedGoal.objects.get()
    edit = reverse("engagements:item-edit", args=[engagement.public_id, "goals", goal.pk])
    assert client.post(edit, {"text": "Joint recovery training"}).status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Joint recovery training"
    remove = reverse("engagements:item-remove", args=[engagement.public_id, "goals", goal.pk])
    assert client.post(remove).status_code == 302 and not SharedGoal.objects.exists()
    # Goals belong to buddying pairs only.
    other = package(world, title="Not buddying")
    refused = client.post(
        reverse("engagements:item-add", args=[other.public_id, "goals"]), {"text": "A goal"}
    )
    assert refused.status_code == 400

    quote = reverse("engagements:quote", args=[other.public_id])
    assert (
        quote.encode() in client.get(reverse("engagements:detail", args=[other.public_id])).content
    )
    no_consent = client.post(quote, {"quote": "It changed how we work"})
    assert no_consent.status_code == 400 and b'href="#id_consent"' in no_consent.content
    assert (
        client.post(quote, {"quote": "It changed how we work", "consent": "on"}).status_code == 302
    )
    other.refresh_from_db()
    assert other.client_quote == "It changed how we work" and other.quote_consent
    assert client.post(quote, {"quote": ""}).status_code == 302
    other.refresh_from_db()
    assert other.client_quote == "" and not other.quote_consent


@pytest.mark.parametrize("who", ["lead_a", "staff_a", "editor_uk", "coordinator_ie", "outsider"])
def test_who_may_not(world: World, who: str) -> None:
    engagement = _buddying(world)
    goal = services.shared_goal_add(
        actor=world.consultant_uk, engagement=engagement, text="Peer support"
    )
    phase = services.phase_add(
        actor=world.consultant_uk, engagement=engagement, title="One", starts_on=START, ends_on=END
    )
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.shared_goal_edit(actor=actor, engagement=engagement, goal_id=goal.pk, text="x")
    with pytest.raises(PermissionDenied):
        services.phase_remove(actor=actor, engagement=engagement, phase_id=phase.pk)
    client = world.client_for(who)
    for url in (
        reverse("engagements:item-add", args=[engagement.public_id, "phases"]),
        reverse("engagements:item-edit", args=[engagement.public_id, "goals", goal.pk]),
        reverse("engagements:item-remove", args=[engagement.public_id, "phases", phase.pk]),
        reverse("engagements:quote", args=[engagement.public_id]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"text": "x"}).status_code == 404, url
    assert SharedGoal.objects.get().text == "Peer support" and Phase.objects.exists()


def test_another_engagements_item_is_not_found(world: World) -> None:
    one = package(world)
    two = package(world, title="Two")
    phase = services.phase_add(
        actor=world.consultant_uk, engagement=one, title="One", starts_on=START, ends_on=END
    )
    with pytest.raises(ApplicationError) as exc:
        services.phase_edit(
            actor=world.consultant_uk,
            engagement=two,
            phase_id=phase.pk,
            title="Moved",
            starts_on=START,
            ends_on=END,
        )
    assert exc.value.status == 404
    url = reverse("engagements:item-edit", args=[two.public_id, "phases", phase.pk])
    assert world.client_for("consultant_uk").get(url).status_code == 404


def test_the_api(world: World) -> None:
    engagement = _buddying(world)
    client = token_client(world.consultant_uk)
    base = f"/api/v1/engagements/{engagement.public_id}"

    def call(method: str, url: str, body: Any = None) -> Any:
        return getattr(client, method)(
            url, json.dumps(body) if body is not None else None, content_type="application/json"
        )

    answer = call(
        "post", f"{base}/phases", {"title": "One", "starts_on": str(START), "ends_on": str(END)}
    )
    (phase,) = answer.json()["phases"]
    changed = call(
        "put",
        f"{base}/phases/{phase['id']}",
        {"title": "First", "starts_on": str(START), "ends_on": str(END)},
    )
    assert changed.status_code == 200 and changed.json()["phases"][0]["title"] == "First"
    bad = call(
        "put",
        f"{base}/phases/{phase['id']}",
        {"title": "First", "starts_on": str(END), "ends_on": str(START)},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_on"
    null = call(
        "put",
        f"{base}/phases/{phase['id']}",
        {"title": None, "starts_on": str(START), "ends_on": str(END)},
    )
    assert null.status_code == 422
    milestone = call("post", f"{base}/milestones", {"title": "Report", "due_on": str(END)}).json()[
        "milestones"
    ][0]
    moved = call(
        "put",
        f"{base}/milestones/{milestone['id']}",
        {"title": "Report", "due_on": str(END), "phase": phase["id"], "fee_net": "10.00"},
    )
    assert moved.status_code == 200 and moved.json()["milestones"][0]["fee_net"] == "10.00"
    wrong = call(
        "put",
        f"{base}/milestones/{milestone['id']}",
        {"title": "R", "due_on": str(END), "phase": 99999},
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "phase"
    assert call("delete", f"{base}/milestones/{milestone['id']}").json()["milestones"] == []
    assert call("delete", f"{base}/phases/{phase['id']}").json()["phases"] == []
    goals = call("post", f"{base}/goals", {"text": "Peer support"}).json()["goals"]
    goal_id = goals[0]["id"]
    assert call("put", f"{base}/goals/{goal_id}", {"text": "Peer work"}).json()["shared_goals"] == [
        "Peer work"
    ]
    nul = call("put", f"{base}/goals/{goal_id}", {"text": "bad\u0000"})
    assert nul.status_code == 422
    assert call("delete", f"{base}/goals/{goal_id}").json()["goals"] == []
    partner = token_client(world.lead_a)
    assert partner.delete(f"{base}/goals/{goal_id}").status_code in (403, 404)


def test_marking_a_milestone_reached_from_its_page(world: World) -> None:
    engagement = package(world)
    milestone = services.milestone_add(
        actor=world.consultant_uk, engagement=engagement, title="Report", due_on=END
    )
    url = reverse("engagements:milestone-reached", args=[engagement.public_id, milestone.pk])
    edit = reverse("engagements:item-edit", args=[engagement.public_id, "milestones", milestone.pk])
    client = world.client_for("consultant_uk")
    assert url.encode() in client.get(edit).content
    bad = client.post(url, {"reached_on": (END + datetime.timedelta(days=3)).isoformat()})
    assert bad.status_code == 400 and b'href="#id_reached_on"' in bad.content
    assert client.post(url, {"reached_on": "not a date"}).status_code == 400
    assert (
        world.client_for("lead_a").post(url, {"reached_on": START.isoformat()}).status_code == 404
    )
    milestone.refresh_from_db()
    assert milestone.reached_on is None
    assert client.post(url, {"reached_on": START.isoformat()}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.reached_on == START
    assert b"Reached on" in client.get(edit).content
    again = client.post(url, {"reached_on": START.isoformat()})
    assert again.status_code == 400 and b"already reached" in again.content
