"""The engagements API: set up, days, top-ups, sessions (409 when used up), the client's own, and
bad input as 4xx naming the field."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client

from recoverynet.engagements.models import Engagement, Session
from tests.conftest import World, sign_in, token_client
from tests.engagements.conftest import END, START, TODAY, package


def post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def new(world: World, **change: Any) -> dict[str, Any]:
    return {
        "kind": "day_package",
        "title": "Alpha package",
        "starts_on": START.isoformat(),
        "ends_on": END.isoformat(),
        "organisations": [world.org_a.slug],
        "lead_consultant": world.consultant_uk.email,
        "days": "5",
        "challenges": [1, 2],
        **change,
    }


def test_set_up_agree_log_and_read(world: World) -> None:
    client = token_client(world.consultant_uk)
    created = post(client, "/api/v1/networks/uk/engagements", new(world))
    assert created.status_code == 201, created.content
    eid = created.json()["id"]
    for status in ("proposed", "agreed"):
        assert (
            post(client, f"/api/v1/engagements/{eid}/status", {"status": status}).status_code == 200
        )
    session = {
        "on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "consultant": world.consultant_uk.email,
        "days": "4.5",
    }
    answer = post(client, f"/api/v1/engagements/{eid}/sessions", session)
    assert answer.status_code == 201
    days = answer.json()["days"]
    assert days["used"] == "4.5" and days["level"] == "nearly_used"
    assert days["burn"].startswith("90% of the days used at")
    refused = post(client, f"/api/v1/engagements/{eid}/sessions", {**session, "days": "1"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "days_used_up"
    assert refused.json()["errors"][0]["field"] == "over_run_reason"
    assert Session.objects.count() == 1
    # Editing the agreed days is refused; a top-up is the way.
    edit = post(client, f"/api/v1/engagements/{eid}/allocation", {"days": "6"}, "put")
    assert edit.status_code == 409 and edit.json()["code"] == "allocation_agreed"
    top = post(client, f"/api/v1/engagements/{eid}/top-ups", {"days": "1", "reason": "One more"})
    assert top.status_code == 201
    top_id = top.json()["top_ups"][0]["id"]
    assert (
        post(client, f"/api/v1/engagements/{eid}/top-ups/{top_id}/approve", {}).status_code == 403
    )
    lead = token_client(world.coordinator_uk)
    approved = post(lead, f"/api/v1/engagements/{eid}/top-ups/{top_id}/approve", {})
    assert approved.json()["days"]["allocated"] == "6.0"
    # The list, and the client's own.
    listed = client.get("/api/v1/engagements").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Alpha package"
    ours = token_client(world.lead_a).get("/api/v1/engagements/ours").json()
    assert [e["id"] for e in ours["items"]] == [eid]
    assert token_client(world.lead_b).get("/api/v1/engagements/ours").json()["count"] == 0
    assert token_client(world.lead_b).get(f"/api/v1/engagements/{eid}").status_code == 404


def test_bad_input_names_the_field(world: World) -> None:
    client = sign_in(Client(), world.consultant_uk)
    cases = [
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"days": "0.3"}, "days"),
        ({"days": "-1"}, "days"),
        ({"ends_on": (START - datetime.timedelta(days=1)).isoformat()}, "ends_on"),
        ({"organisations": ["nowhere"]}, "organisations"),
        ({"lead_consultant": world.editor_uk.email}, "lead_consultant"),
        ({"kind": "picnic"}, "kind"),
        ({"challenges": [11]}, "challenges"),
    ]
    for change, field in cases:
        answer = post(client, "/api/v1/networks/uk/engagements", new(world, **change))
        assert answer.status_code in (400, 422), (change, answer.content)
        fields = [e["field"] for e in answer.json()["errors"]]
        assert any(f == field or f.startswith(field) for f in fields), (change, answer.json())
    assert not Engagement.objects.exists()


def test_nul_bytes_refused(world: World) -> None:
    client = sign_in(Client(), world.consultant_uk)
    answer = post(client, "/api/v1/networks/uk/engagements", new(world, title="a\x00b"))
    assert answer.status_code == 422
    assert not Engagement.objects.exists()


def test_others_cannot_set_up(world: World) -> None:
    for who in (world.editor_uk, world.lead_a, world.coordinator_ie):
        answer = post(sign_in(Client(), who), "/api/v1/networks/uk/engagements", new(world))
        assert answer.status_code == 403
    assert post(Client(), "/api/v1/networks/uk/engagements", new(world)).status_code == 401


def test_list_query_count_does_not_grow(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(5):
        package(world, title=f"Package {n}")
    client = sign_in(Client(), world.coordinator_uk)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/engagements").json()["count"] == 5


def test_capacity_api(world: World, engagement: Engagement) -> None:
    client = sign_in(Client(), world.coordinator_uk)
    month = TODAY.replace(day=1).isoformat()
    body = {
        "consultant": world.consultant_uk.email,
        "month": month,
        "available_days": "1",
        "leave_days": "0",
    }
    answer = post(client, "/api/v1/networks/uk/capacity", body, "put")
    assert answer.status_code == 200, answer.content
    row = next(r for r in answer.json()["rows"] if r["consultant"] == world.consultant_uk.full_name)
    assert row["cells"][0]["available"] == "1.0"
    bad = post(client, "/api/v1/networks/uk/capacity", {**body, "leave_days": "2"}, "put")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "leave_days"


def test_programme_goals_and_quote(world: World) -> None:
    from recoverynet.billing.models import Invoice

    programme = package(world, kind="programme", invoicing="per_milestone")
    client = token_client(world.consultant_uk)
    base = f"/api/v1/engagements/{programme.public_id}"
    phase = post(
        client,
        f"{base}/phases",
        {"title": "Learning sets", "starts_on": START.isoformat(), "ends_on": END.isoformat()},
    )
    assert phase.status_code == 201 and phase.json()["phases"][0]["title"] == "Learning sets"
    backwards = post(
        client,
        f"{base}/phases",
        {"title": "X", "starts_on": END.isoformat(), "ends_on": START.isoformat()},
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "ends_on"
    outside = post(
        client,
        f"{base}/milestones",
        {"title": "Late", "due_on": (END + datetime.timedelta(days=1)).isoformat()},
    )
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "due_on"
    made = post(
        client,
        f"{base}/milestones",
        {"title": "Report", "due_on": END.isoformat(), "fee_net": "900.00"},
    )
    milestone = made.json()["milestones"][0]
    reached = post(
        client, f"{base}/milestones/{milestone['id']}/reached", {"reached_on": TODAY.isoformat()}
    )
    assert reached.status_code == 200 and reached.json()["milestones"][0]["invoiced"]
    assert Invoice.objects.get().net_total == 900
    again = post(
        client, f"{base}/milestones/{milestone['id']}/reached", {"reached_on": TODAY.isoformat()}
    )
    assert again.status_code == 409
    # Goals belong to buddying pairs.
    assert post(client, f"{base}/goals", {"text": "Shared"}).status_code == 409
    no_consent = post(client, f"{base}/quote", {"quote": "Hopeful", "consent": False}, "put")
    assert no_consent.status_code == 422 and no_consent.json()["errors"][0]["field"] == "consent"
    quoted = post(client, f"{base}/quote", {"quote": "Hopeful", "consent": True}, "put")
    assert quoted.json()["client_quote"] == "Hopeful"
