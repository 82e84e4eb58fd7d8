"""The pages: answering by link (one page without JavaScript), wording, planning, follow-up,
results, export."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from recoverynet.outcomes import services
from recoverynet.outcomes.models import Collection, InstrumentVersion, Response, Wording
from tests.conftest import sign_in

from .conftest import invitation_of, link_for, placeholder, swemwbs_answers

pytestmark = pytest.mark.django_db


def form_data(world, value="3", **changes):
    data = {f"q-{world.swemwbs.pk}-{n}": value for n in range(1, 8)}
    data.update(changes)
    return data


def test_link_shows_every_question_on_one_page(ow, client):
    raw = link_for(invitation_of(ow, "student.a@example.org", ow.baseline))
    response = client.get(f"/q/{raw}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-question") == 7
    assert "Prefer not to answer" in html
    assert "Question 7 of 7" in html
    assert response["Referrer-Policy"] == "same-origin"


def test_finishing_by_link_uses_it_up(ow, client):
    raw = link_for(invitation_of(ow, "student.a@example.org", ow.baseline))
    response = client.post(f"/q/{raw}/", form_data(ow) | {"action": "finish"})
    assert response.status_code == 200
    assert "your answers are sent" in response.content.decode()
    assert Response.objects.get().score is not None
    again = client.get(f"/q/{raw}/")
    assert again.status_code == 410


def test_save_and_come_back(ow, client):
    raw = link_for(invitation_of(ow, "student.a@example.org", ow.baseline))
    key = f"q-{ow.swemwbs.pk}-1"
    response = client.post(f"/q/{raw}/", {key: "5", "action": "save"})
    assert "Your answers are saved" in response.content.decode()
    page = client.get(f"/q/{raw}/").content.decode()
    assert f'name="{key}" type="radio" value="5" checked' in page


def test_incomplete_submission_shows_the_error_summary(ow, client):
    raw = link_for(invitation_of(ow, "student.a@example.org", ow.baseline))
    data = form_data(ow)
    del data[f"q-{ow.swemwbs.pk}-4"]
    response = client.post(f"/q/{raw}/", data | {"action": "finish"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Answer question 4" in html
    assert not Response.objects.exists()


def test_out_of_range_answer_is_refused(ow, client):
    raw = link_for(invitation_of(ow, "student.a@example.org", ow.baseline))
    response = client.post(f"/q/{raw}/", form_data(ow, value="9") | {"action": "finish"})
    assert response.status_code == 400
    assert not Response.objects.exists()


@pytest.mark.parametrize("raw", ["not-a-real-link", "x" * 43])
def test_unknown_links_are_gone(ow, client, raw):
    assert client.get(f"/q/{raw}/").status_code == 410


def test_expired_link_is_gone(ow, client):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    raw = link_for(invitation)
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    response = client.get(f"/q/{raw}/")
    assert response.status_code == 410
    assert "closed" in response.content.decode()


def test_answering_as_yourself_and_seeing_your_own_scores(ow, client):
    sign_in(client, ow.student)
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    page = client.get("/me/questionnaires/").content.decode()
    assert f"/me/questionnaires/{invitation.pk}/" in page
    client.post(f"/me/questionnaires/{invitation.pk}/", form_data(ow) | {"action": "finish"})
    page = client.get("/me/questionnaires/").content.decode()
    assert "19.25" in page
    # Someone else cannot open it.
    other = sign_in(type(client)(), ow.staff_a)
    assert other.get(f"/me/questionnaires/{invitation.pk}/").status_code == 404
    assert "19.25" not in other.get("/me/questionnaires/").content.decode()


def test_wording_page_refuses_without_confirmation(ow, client):
    sign_in(client, ow.lead_a)
    qpr = InstrumentVersion.objects.get(code="qpr-15")
    data = {
        "instrument": qpr.pk,
        "licence_type": "free",
        "licence_reference": "Free to use",
        "items": placeholder(15),
        "labels": placeholder(5, "Label"),
    }
    response = client.post("/organisations/alpha-nhs-trust/outcomes/wording/", data)
    assert response.status_code == 400
    assert "Confirm that you hold a licence" in response.content.decode()
    assert not Wording.objects.filter(instrument=qpr).exists()
    response = client.post(
        "/organisations/alpha-nhs-trust/outcomes/wording/", data | {"licence_confirmed": "on"}
    )
    assert response.status_code == 302
    assert Wording.objects.filter(instrument=qpr).exists()


def test_planning_a_collection_through_the_page(ow, client):
    sign_in(client, ow.lead_a)
    today = timezone.localdate()
    data = {
        "title": "Autumn course",
        "instruments": [ow.swemwbs.pk],
        "source": "team:team",
        "baseline_from": today.isoformat(),
        "baseline_days": "14",
        "end_from": (today + datetime.timedelta(days=70)).isoformat(),
        "end_days": "14",
        "reminder_days": "7",
        "max_reminders": "2",
        "retain_until": (today + datetime.timedelta(days=500)).isoformat(),
    }
    bad = client.post(
        "/organisations/alpha-nhs-trust/outcomes/new/", data | {"end_from": today.isoformat()}
    )
    assert bad.status_code == 400
    assert "after the one before" in bad.content.decode()
    assert Collection.objects.count() == 1
    response = client.post("/organisations/alpha-nhs-trust/outcomes/new/", data)
    assert response.status_code == 302
    assert Collection.objects.count() == 2


def test_collection_page_lists_who_is_due_not_answers(ow, client, django_assert_max_num_queries):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow), finish=True
    )
    sign_in(client, ow.staff_a)
    with django_assert_max_num_queries(25):
        html = client.get(f"/outcomes/{ow.collection.public_id}/").content.decode()
    assert "Lead.A" in html and "Staff.A" in html
    assert "Sam Student" not in html  # answered: not listed
    assert "19.25" not in html


def test_organisation_index_query_count(ow, client, django_assert_max_num_queries):
    for n in range(3):
        services.collection_create(
            actor=ow.lead_a,
            organisation=ow.org_a,
            title=f"Course {n}",
            instruments=[ow.swemwbs],
            source_kind="team",
            source_ref="team",
            timepoints=[services.TimepointPlan("baseline", timezone.localdate(), 7)],
            retain_until=timezone.localdate() + datetime.timedelta(days=100),
        )
    sign_in(client, ow.lead_a)
    with django_assert_max_num_queries(20):
        response = client.get("/organisations/alpha-nhs-trust/outcomes/")
    assert response.content.decode().count("/results/") == 4


def test_export_is_de_identified(ow, client):
    Wording.objects.update(items=[f"LICENSED WORDING {n}" for n in range(1, 8)])
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow), finish=True
    )
    sign_in(client, ow.lead_a)
    response = client.get(f"/outcomes/{ow.collection.public_id}/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["pseudonym", "timepoint", "month"]
    assert rows[1][2] == timezone.localdate().strftime("%Y-%m")
    assert rows[1][6] == "19.25"
    for forbidden in ("Sam", "student.a", "LICENSED WORDING", timezone.localdate().isoformat()):
        assert forbidden not in text
    xlsx = client.get(f"/outcomes/{ow.collection.public_id}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/outcomes/{ow.collection.public_id}/export.pdf").status_code == 404


def test_signposting_messages_page(ow, client):
    sign_in(client, ow.lead_a)
    url = "/organisations/alpha-nhs-trust/outcomes/signposts/"
    data = {"instrument": ow.swemwbs.pk, "item": "2", "values": "1, 2", "message": "Call us."}
    bad = client.post(url, data | {"values": "one"})
    assert bad.status_code == 400 and "whole numbers" in bad.content.decode()
    out_of_range = client.post(url, data | {"values": "0"})
    assert out_of_range.status_code == 400 and "Choose answers from 1 to 5" in (
        out_of_range.content.decode()
    )
    assert client.post(url, data).status_code == 302
    assert "Call us." in client.get(url).content.decode()


def test_administrators_load_a_definition_file(ow, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    definition = {
        "code": "my-scale",
        "version": 1,
        "name": "My scale",
        "timeframe": "the last week",
        "scale": {"min": 0, "max": 3},
        "items": [{"number": 1}],
        "scoring": {"method": "sum"},
    }

    def upload(data):
        return SimpleUploadedFile("def.json", data, content_type="application/json")

    import json

    sign_in(client, ow.lead_a)
    refused = client.post(
        "/outcomes/instruments/", {"file": upload(json.dumps(definition).encode())}
    )
    assert refused.status_code == 403
    sign_in(client, ow.admin)
    bad = client.post("/outcomes/instruments/", {"file": upload(b"{not json")})
    assert bad.status_code == 400 and "not valid JSON" in bad.content.decode()
    good = client.post("/outcomes/instruments/", {"file": upload(json.dumps(definition).encode())})
    assert good.status_code == 302
    assert InstrumentVersion.objects.filter(code="my-scale").exists()
    again = client.post("/outcomes/instruments/", {"file": upload(json.dumps(definition).encode())})
    assert again.status_code == 400 and "never changes" in again.content.decode()


def test_planners_find_the_questionnaires_page_from_the_organisation(ow, client):
    link = 'href="/outcomes/instruments/"'
    sign_in(client, ow.lead_a)
    assert link in client.get("/organisations/alpha-nhs-trust/outcomes/").content.decode()
    page = client.get("/outcomes/instruments/")
    assert page.status_code == 200 and "Short Warwick-Edinburgh" in page.content.decode()
    client.force_login(ow.staff_a)  # follows people up, does not plan
    assert link not in client.get("/organisations/alpha-nhs-trust/outcomes/").content.decode()
