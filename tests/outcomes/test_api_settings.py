"""The API operations for what had only pages: loading wording, signposting messages, sharing
your own scores, scores shared with you; and publishing and reading published (and pooled)
results."""

import json

import pytest

from recoverynet.outcomes import services
from recoverynet.outcomes.models import Collection, ResultShare, Signpost, Wording
from tests.conftest import token_client

from .conftest import answer_both, placeholder

pytestmark = pytest.mark.django_db


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


ORG = "/api/v1/organisations/alpha-nhs-trust/outcomes"


def wording(**changes):
    data = {
        "instrument": "qpr-15:1",
        "licence_type": "free",
        "licence_reference": "Free to use, unaltered",
        "licence_confirmed": True,
        "items": placeholder(15).splitlines(),
        "labels": placeholder(5, "Label").splitlines(),
    }
    data.update(changes)
    return data


def test_loading_wording(ow):
    response = send(token_client(ow.lead_a), "post", f"{ORG}/wording", wording())
    assert response.status_code == 201, response.content
    assert response.json()["items"][0] == "Placeholder question 1"
    assert Wording.objects.filter(instrument__code="qpr-15", organisation=ow.org_a).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"licence_confirmed": False}, "licence_confirmed"),
        ({"items": ["Only one"]}, "items"),
        ({"licence_reference": "   "}, "licence_reference"),
        ({"licence_reference": "bad\x00"}, "licence_reference"),
        ({"instrument": "nothing:1"}, "instrument"),
        ({"licence_confirmed": None}, "licence_confirmed"),
    ],
)
def test_bad_wording_is_refused(ow, changes, field):
    response = send(token_client(ow.lead_a), "post", f"{ORG}/wording", wording(**changes))
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["errors"])
    assert not Wording.objects.filter(instrument__code="qpr-15").exists()


def test_only_planners_load_wording(ow):
    for user in (ow.staff_a, ow.lead_b, ow.consultant_uk):
        response = send(token_client(user), "post", f"{ORG}/wording", wording())
        assert response.status_code in (403, 404)
    assert not Wording.objects.filter(instrument__code="qpr-15").exists()


def test_signposts(ow):
    lead = token_client(ow.lead_a)
    data = {"instrument": "swemwbs:1", "item": 2, "values": [1], "message": "Talk to us."}
    assert send(lead, "put", f"{ORG}/signposts", data).status_code == 200
    assert lead.get(f"{ORG}/signposts").json() == [
        {"instrument": "swemwbs", "item": 2, "values": [1], "message": "Talk to us."}
    ]
    for bad, field in (
        ({"item": 99}, "item"),
        ({"values": [9]}, "values"),
        ({"message": "   "}, "message"),
        ({"message": None}, "message"),
    ):
        response = send(lead, "put", f"{ORG}/signposts", data | bad)
        assert response.status_code == 422 and field in json.dumps(response.json()["errors"])
    assert send(token_client(ow.staff_a), "put", f"{ORG}/signposts", data).status_code == 403
    assert token_client(ow.staff_a).get(f"{ORG}/signposts").status_code == 403
    assert Signpost.objects.get().message == "Talk to us."


def test_sharing_your_scores(ow):
    student = token_client(ow.student)
    data = {"organisation": "alpha-nhs-trust", "email": ow.staff_a.email}
    created = send(student, "post", "/api/v1/me/outcomes/shares", data)
    assert created.status_code == 201, created.content
    assert student.get("/api/v1/me/outcomes/shares").json() == [
        {"id": created.json()["id"], "organisation": "alpha-nhs-trust", "viewer": ow.staff_a.email}
    ]
    assert send(student, "post", "/api/v1/me/outcomes/shares", data).status_code == 409
    shared = token_client(ow.staff_a).get("/api/v1/me/outcomes/shared-with-me").json()
    assert shared[0]["name"] == "Sam Student" and shared[0]["scores"] == []
    # Someone else cannot stop it; the person can.
    assert (
        token_client(ow.staff_a)
        .delete(f"/api/v1/me/outcomes/shares/{created.json()['id']}")
        .status_code
        == 404
    )
    assert student.delete(f"/api/v1/me/outcomes/shares/{created.json()['id']}").status_code == 204
    assert not ResultShare.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"organisation": "beta-charity", "email": "staff.a@example.org"}, "organisation"),
        ({"organisation": "alpha-nhs-trust", "email": "nobody@example.org"}, "email"),
        ({"organisation": "alpha-nhs-trust", "email": "   "}, "email"),
        ({"organisation": "alpha-nhs-trust", "email": "a\x00@example.org"}, "email"),
    ],
)
def test_bad_shares_are_refused(ow, data, field):
    response = send(token_client(ow.student), "post", "/api/v1/me/outcomes/shares", data)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["errors"])
    assert not ResultShare.objects.exists()


def test_shares_need_signing_in(ow):
    from django.test import Client

    assert Client().get("/api/v1/me/outcomes/shares").status_code == 401


# --- Published results ---------------------------------------------------------------------------


def test_publishing_and_reading_results(cohort):
    lead = token_client(cohort.lead_a)
    url = f"/api/v1/outcomes/collections/{cohort.big.public_id}/results"
    assert lead.get(url).json() == []
    published = lead.post(f"{url}/snapshots")
    assert published.status_code == 201
    [result] = token_client(cohort.staff_a).get(url).json()
    assert result["n_paired"] == 10 and result["published_at"]
    again = lead.post(f"{url}/snapshots")
    assert again.status_code == 409 and again.json()["code"] == "too_little_change"
    assert token_client(cohort.staff_a).post(f"{url}/snapshots").status_code in (403, 404)


def test_pooled_results_over_the_api(cohort):
    Collection.objects.filter(pk=cohort.big.pk).update(
        pool_key="college-alpha", pool_label="Alpha Recovery College"
    )
    lead = token_client(cohort.lead_a)
    assert lead.get(f"{ORG}/pools").json() == [
        {
            "key": "college-alpha",
            "label": "Alpha Recovery College",
            "scope": "college:college-alpha",
        }
    ]
    services.results_publish(actor=cohort.lead_a, collection=cohort.big)
    created = lead.post(f"{ORG}/pools/college-alpha/results/snapshots")
    assert created.status_code == 201
    body = token_client(cohort.staff_a).get(f"{ORG}/pools/college-alpha/results").json()
    assert body["collections"] == 1 and body["results"][0]["n_paired"] == 10
    assert token_client(cohort.lead_b).get(f"{ORG}/pools/college-alpha/results").status_code in (
        403,
        404,
    )
    assert lead.get(f"{ORG}/pools/nowhere/results").status_code == 404
    coordinator = token_client(cohort.coordinator_uk)
    assert coordinator.post("/api/v1/networks/uk/outcomes/results/snapshots").status_code == 201
    network = token_client(cohort.consultant_uk).get("/api/v1/networks/uk/outcomes/results")
    assert network.json()["results"][0]["n_paired"] == 10
    assert lead.get("/api/v1/networks/uk/outcomes/results").status_code == 404
    answer_both(cohort, cohort.big, cohort.lead_a, 1, 5)
    assert coordinator.post("/api/v1/networks/uk/outcomes/results/snapshots").status_code == 409


def test_your_open_questionnaires_over_the_api(ow):
    student = token_client(ow.student)
    [mine] = student.get("/api/v1/me/outcomes/questionnaires").json()
    assert mine["title"] == "Spring term" and mine["timepoint"] == "baseline"
    one = student.get(f"/api/v1/me/outcomes/questionnaires/{mine['id']}")
    assert one.status_code == 200 and len(one.json()["questions"]) == 7
    assert (
        token_client(ow.staff_a).get(f"/api/v1/me/outcomes/questionnaires/{mine['id']}").status_code
        == 404
    )


def test_export_over_the_api(cohort):
    url = f"/api/v1/outcomes/collections/{cohort.big.public_id}/export"
    lead = token_client(cohort.lead_a)
    csv = lead.get(f"{url}.csv")
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert (
        csv.status_code == 200 and "Learner" not in body.decode() and "pseudonym" in body.decode()
    )
    assert lead.get(f"{url}.xlsx").status_code == 200
    assert lead.get(f"{url}.pdf").status_code == 404
    assert token_client(cohort.staff_a).get(f"{url}.csv").status_code in (403, 404)
