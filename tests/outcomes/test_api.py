"""The outcomes API: instruments, wording, collections, answering by link and as yourself,
results."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.outcomes.models import Collection, InstrumentVersion, Response
from tests.conftest import token_client

from .conftest import invitation_of, link_for

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def small_definition(version=1, **changes):
    data = {
        "code": "my-scale",
        "version": version,
        "name": "My scale",
        "timeframe": "the last week",
        "scale": {"min": 0, "max": 3},
        "items": [{"number": 1}, {"number": 2, "reverse": True}],
        "scoring": {"method": "sum"},
    }
    data.update(changes)
    return {"definition": data}


def test_instruments_are_structure_only(ow):
    response = token_client(ow.outsider).get("/api/v1/outcomes/instruments")
    assert response.status_code == 200
    body = response.json()
    swemwbs = next(i for i in body if i["code"] == "swemwbs")
    assert swemwbs["conversion"]["21"] == 19.25
    assert "Placeholder question" not in response.content.decode()


def test_loading_a_definition_is_versioned_and_immutable(ow):
    admin = token_client(ow.admin)
    assert post(admin, "/api/v1/outcomes/instruments", small_definition()).status_code == 201
    again = post(admin, "/api/v1/outcomes/instruments", small_definition(name="Changed"))
    assert again.status_code == 409
    assert InstrumentVersion.objects.get(code="my-scale").name == "My scale"
    assert post(admin, "/api/v1/outcomes/instruments", small_definition(2)).status_code == 201


def test_bad_definitions_and_non_admins_are_refused(ow):
    bad = post(token_client(ow.admin), "/api/v1/outcomes/instruments", small_definition(items=[]))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "file"
    assert "items" in bad.json()["detail"]
    refused = post(token_client(ow.lead_a), "/api/v1/outcomes/instruments", small_definition())
    assert refused.status_code == 403
    assert not InstrumentVersion.objects.filter(code="my-scale").exists()


def test_wording_only_to_the_licensed_organisation(ow):
    url = "/api/v1/organisations/alpha-nhs-trust/outcomes/wording/swemwbs/1"
    assert token_client(ow.staff_a).get(url).json()["items"][0] == "Placeholder question 1"
    assert token_client(ow.lead_b).get(url).status_code == 403
    other = "/api/v1/organisations/alpha-nhs-trust/outcomes/wording/qpr-15/1"
    assert token_client(ow.lead_a).get(other).status_code == 404


def collection_payload(**changes):
    today = timezone.localdate()
    data = {
        "title": "API course",
        "instruments": ["swemwbs:1"],
        "source": "team:team",
        "timepoints": [
            {"kind": "baseline", "due_from": today.isoformat(), "within_days": 14},
            {
                "kind": "end",
                "due_from": (today + datetime.timedelta(days=40)).isoformat(),
                "within_days": 14,
            },
        ],
        "retain_until": (today + datetime.timedelta(days=300)).isoformat(),
    }
    data.update(changes)
    return data


def test_plan_a_collection(ow):
    response = post(
        token_client(ow.lead_a),
        "/api/v1/organisations/alpha-nhs-trust/outcomes/collections",
        collection_payload(),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [t["asked"] for t in body["timepoints"]] == [3, 3]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": None}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"instruments": ["nothing:1"]}, "instruments"),
        ({"instruments": ["qpr-15:1"]}, "instruments"),  # no wording
        ({"retain_until": "2020-01-01"}, "retain_until"),
        ({"reminder_days": 99}, "reminder_days"),
    ],
)
def test_bad_collections_are_refused(ow, changes, field):
    response = post(
        token_client(ow.lead_a),
        "/api/v1/organisations/alpha-nhs-trust/outcomes/collections",
        collection_payload(**changes),
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field
    assert Collection.objects.count() == 1


def test_dates_in_the_wrong_order_are_refused(ow):
    payload = collection_payload()
    payload["timepoints"][1]["due_from"] = timezone.localdate().isoformat()
    response = post(
        token_client(ow.lead_a),
        "/api/v1/organisations/alpha-nhs-trust/outcomes/collections",
        payload,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_from"


def answers(ow, value=3, **extra):
    return {
        "answers": [{"instrument": "swemwbs:1", "item": n, "value": value} for n in range(1, 8)],
        "finish": True,
        **extra,
    }


def test_answer_by_link_then_the_link_is_gone(ow):
    raw = link_for(invitation_of(ow, ow.student.email, ow.baseline))
    anonymous = Client()
    questionnaire = anonymous.get(f"/api/v1/outcomes/questionnaires/{raw}")
    assert questionnaire.status_code == 200
    assert len(questionnaire.json()["questions"]) == 7
    done = post(anonymous, f"/api/v1/outcomes/questionnaires/{raw}/responses", answers(ow))
    assert done.status_code == 200 and done.json()["finished"]
    again = post(anonymous, f"/api/v1/outcomes/questionnaires/{raw}/responses", answers(ow, 5))
    assert again.status_code == 410
    assert again.json()["code"] == "link_gone"
    assert Response.objects.get().raw_score == 21


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"answers": [{"instrument": "swemwbs:1", "item": 1, "value": 9}], "finish": False}, 422),
        ({"answers": [{"instrument": "qpr-15:1", "item": 1, "value": 1}], "finish": False}, 422),
        ({"answers": [{"instrument": "swemwbs:1", "item": 1, "value": 1}], "finish": True}, 422),
        ({"answers": [{"instrument": "swemwbs:1", "item": 1}], "finish": False}, 422),
        ({"answers": None, "finish": True}, 422),
    ],
)
def test_bad_answers_by_link_are_refused(ow, body, status):
    raw = link_for(invitation_of(ow, ow.student.email, ow.baseline))
    response = post(Client(), f"/api/v1/outcomes/questionnaires/{raw}/responses", body)
    assert response.status_code == status, response.content
    assert response.json()["errors"]
    assert not Response.objects.exists()


def test_an_expired_link_is_gone(ow):
    invitation = invitation_of(ow, ow.student.email, ow.baseline)
    raw = link_for(invitation)
    invitation.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    invitation.save()
    response = post(Client(), f"/api/v1/outcomes/questionnaires/{raw}/responses", answers(ow))
    assert response.status_code == 410


def test_answer_as_yourself_and_read_your_own_results(ow):
    invitation = invitation_of(ow, ow.student.email, ow.baseline)
    client = token_client(ow.student)
    response = post(
        client, f"/api/v1/me/outcomes/questionnaires/{invitation.pk}/responses", answers(ow)
    )
    assert response.status_code == 200
    mine = client.get("/api/v1/me/outcomes/results").json()
    assert [r["score"] for r in mine] == [19.25]
    assert token_client(ow.staff_a).get("/api/v1/me/outcomes/results").json() == []
    other = post(
        token_client(ow.staff_a),
        f"/api/v1/me/outcomes/questionnaires/{invitation.pk}/responses",
        answers(ow),
    )
    assert other.status_code == 404


def test_results_are_suppressed(ow):
    from recoverynet.outcomes import services

    services.answers_save(
        actor=ow.student,
        invitation=invitation_of(ow, ow.student.email, ow.baseline),
        answers={(ow.swemwbs.pk, i): 3 for i in range(1, 8)},
        finish=True,
    )
    services.results_publish(actor=ow.lead_a, collection=ow.collection)
    client = token_client(ow.consultant_uk)
    [result] = client.get(f"/api/v1/outcomes/collections/{ow.collection.public_id}/results").json()
    assert result["n_paired"] is None and result["mean_change"] is None
    assert result["minimum"] == 8


def test_due_list_names_only(ow):
    due = token_client(ow.staff_a).get(
        f"/api/v1/outcomes/collections/{ow.collection.public_id}/due"
    )
    assert due.json()[0]["names"] == ["Lead.A", "Sam Student", "Staff.A"]


def test_the_collection_list_reads_in_the_same_queries_for_one_collection_or_three(ow):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(ow.lead_a)
    url = "/api/v1/organisations/alpha-nhs-trust/outcomes/collections"
    client.get(url)  # the token's first use is recorded
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for _ in range(2):
        assert post(client, url, collection_payload()).status_code == 201
    with CaptureQueriesContext(connection) as three:
        listed = client.get(url)
    assert len(first.json()) == 1 and len(listed.json()) == 3
    assert [t["asked"] for c in listed.json() for t in c["timepoints"]] == [3, 3] * 3
    assert len(three) == len(one)
