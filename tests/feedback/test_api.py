"""The feedback API: forms (organisers), one's own response, results, debates, rounds and votes."""

from __future__ import annotations

import pytest

from recoverynet.feedback.models import Response, Vote
from tests.conftest import token_client

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def test_organiser_creates_opens_and_reads_a_form(world, room):
    api = token_client(world.coordinator_uk)
    created = api.post("/api/v1/feedback/forms", {**room.target}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and len(body["questions"]) == 6
    form_id = body["id"]
    q = api.post(
        f"/api/v1/feedback/forms/{form_id}/questions",
        {"kind": "rating", "text": "How was lunch?"},
        content_type="application/json",
    )
    assert q.status_code == 201 and len(q.json()["questions"]) == 7
    bad = api.post(
        f"/api/v1/feedback/forms/{form_id}/questions",
        {"kind": "rating", "text": "   "},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "text"
    assert api.post(f"/api/v1/feedback/forms/{form_id}/open").json()["status"] == "open"
    again = api.post("/api/v1/feedback/forms", {**room.target}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "form_exists"


def test_attendee_answers_for_themselves_and_results_are_suppressed(world, room, open_form):
    url = f"/api/v1/feedback/forms/{open_form.public_id}/response"
    person = token_client(room.attendees[0])
    answers = {k: v for k, v in answers_for(open_form).items()}
    put = person.put(url, {"answers": answers}, content_type="application/json")
    assert put.status_code == 200, put.content
    assert put.json()["answered"] and put.json()["editable"]
    assert (
        person.get(url).json()["answers"][str(open_form.questions.get(purpose="word").pk)]
        == "Hopeful"
    )
    null = person.put(url, {"answers": None}, content_type="application/json")
    assert null.status_code == 422
    bad = person.put(
        url,
        {
            "answers": {
                **answers,
                str(open_form.questions.get(purpose="overall").pk): 7,
                str(open_form.questions.get(purpose="word").pk): "w" * 70,
            }
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert len(bad.json()["errors"]) == 2
    absent = token_client(room.absent).put(
        url, {"answers": answers}, content_type="application/json"
    )
    assert absent.status_code == 403
    assert Response.objects.count() == 1
    host = token_client(world.lead_a).get(f"/api/v1/feedback/forms/{open_form.public_id}/results")
    assert host.status_code == 200
    assert host.json()["respondents"] is None and host.json()["answers_shown"] is False
    team = token_client(world.editor_uk).get(
        f"/api/v1/feedback/forms/{open_form.public_id}/results"
    )
    assert team.json()["respondents"] == 1
    other = token_client(world.lead_b).get(f"/api/v1/feedback/forms/{open_form.public_id}/results")
    assert other.status_code == 404


def test_debate_rounds_and_votes(world, room):
    chair = token_client(world.coordinator_uk)
    created = chair.post(
        "/api/v1/debates",
        {
            **room.target,
            "motion": "Peer workers should be distinct roles",
            "speakers": [{"side": "for", "name": "Sam Peer"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    debate_id = created.json()["id"]
    voter = token_client(room.attendees[0])
    closed = voter.put(
        f"/api/v1/debates/{debate_id}/rounds/before/vote",
        {"choice": "for"},
        content_type="application/json",
    )
    assert closed.status_code == 409 and closed.json()["code"] == "round_closed"
    assert chair.post(f"/api/v1/debates/{debate_id}/rounds/before/open").status_code == 200
    for p in room.attendees[:6]:
        r = token_client(p).put(
            f"/api/v1/debates/{debate_id}/rounds/before/vote",
            {"choice": "against"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    changed = voter.put(
        f"/api/v1/debates/{debate_id}/rounds/before/vote",
        {"choice": "for"},
        content_type="application/json",
    )
    assert changed.json() == {"round": "before", "choice": "for"}
    during = voter.get(f"/api/v1/debates/{debate_id}").json()
    assert during["open_round"] == "before" and during["rounds"][0]["total"] is None
    bad = voter.put(
        f"/api/v1/debates/{debate_id}/rounds/before/vote",
        {"choice": None},
        content_type="application/json",
    )
    assert bad.status_code == 422
    outsider = token_client(room.absent).put(
        f"/api/v1/debates/{debate_id}/rounds/before/vote",
        {"choice": "for"},
        content_type="application/json",
    )
    assert outsider.status_code == 403
    assert token_client(world.lead_a).post(
        f"/api/v1/debates/{debate_id}/rounds/before/close"
    ).status_code in (403, 404)
    after = chair.post(f"/api/v1/debates/{debate_id}/rounds/before/close").json()
    assert after["rounds"][0]["counts"] == {"for": 1, "against": 5, "undecided": 0}
    assert Vote.objects.count() == 6
    report = token_client(world.lead_a).get(f"/api/v1/debates/{debate_id}/results")
    assert report.status_code == 200 and report.json()["swing"] is None


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/feedback/forms",
        "/api/v1/feedback/forms/{form_id}/response",
        "/api/v1/feedback/forms/{form_id}/results",
        "/api/v1/debates",
        "/api/v1/debates/{debate_id}/rounds/{kind}/vote",
    ):
        assert path in paths
