"""Linking a debate's speaker to an account (decision 0036): who may link, what the linked speaker
then sees, the speaker removing the link, bad input and the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import services
from recoverynet.feedback.models import Speaker
from tests.conftest import make_user, sign_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker_user(db):
    return make_user("sam.patel@example.org", full_name="Sam Patel")


@pytest.fixture
def debate(world, room):
    return services.debate_create(
        actor=world.coordinator_uk,
        motion="Peer workers should be distinct roles",
        speakers=[services.SpeakerInput(side="for", name="Sam Patel", role="Peer worker")],
        **room.target,
    )


def _sam(debate):
    return debate.speakers.get(name="Sam Patel")


def test_an_organiser_links_a_speaker_who_then_sees_the_debate(world, debate, speaker_user):
    sam = _sam(debate)
    report = reverse("feedback:debate-report", args=[debate.public_id])
    speaker = sign_in(Client(), speaker_user)
    assert speaker.get(report).status_code == 404  # not yet
    services.speaker_link(
        actor=world.coordinator_uk, debate=debate, speaker_id=sam.pk, email=" SAM.PATEL@example.org"
    )
    sam.refresh_from_db()
    assert sam.person == speaker_user
    page = speaker.get(reverse("feedback:my-feedback"))
    assert b"Debates you speak in" in page.content and report.encode() in page.content
    seen = speaker.get(report)
    assert seen.status_code == 200 and b"Peer workers should be distinct roles" in seen.content
    # The speaker can still not run the debate.
    manage = reverse("feedback:debate-manage", args=[debate.public_id])
    assert speaker.get(manage).status_code == 404
    assert speaker.get(reverse("feedback:projector", args=[debate.public_id])).status_code == 404


def test_the_speaker_removes_the_link_themselves(world, debate, speaker_user):
    sam = _sam(debate)
    services.speaker_link(
        actor=world.coordinator_uk, debate=debate, speaker_id=sam.pk, email=speaker_user.email
    )
    speaker = sign_in(Client(), speaker_user)
    other = sign_in(Client(), world.outsider)
    leave = reverse("feedback:speaker-leave", args=[sam.pk])
    assert other.post(leave).status_code == 404
    assert speaker.post(leave).status_code == 302
    sam.refresh_from_db()
    assert sam.person is None
    assert (
        speaker.get(reverse("feedback:debate-report", args=[debate.public_id])).status_code == 404
    )


@pytest.mark.parametrize("who", ["lead_a", "coordinator_ie", "outsider"])
def test_only_organisers_link_speakers(world, debate, speaker_user, who):
    sam = _sam(debate)
    with pytest.raises(ApplicationError) as refused:
        services.speaker_link(
            actor=getattr(world, who), debate=debate, speaker_id=sam.pk, email=speaker_user.email
        )
    assert refused.value.status == 403
    services.speaker_link(
        actor=world.coordinator_uk, debate=debate, speaker_id=sam.pk, email=speaker_user.email
    )
    with pytest.raises(ApplicationError):
        services.speaker_unlink(actor=getattr(world, who), debate=debate, speaker_id=sam.pk)
    url = reverse("feedback:speaker-manage", args=[debate.public_id, sam.pk])
    client = world.client_for(who)
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "someone@example.org"}).status_code == 404
    assert Speaker.objects.get(pk=sam.pk).person == speaker_user


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter"),
        ("   ", "only spaces"),
        ("not-an-address", "right format"),
        ("nobody@example.org", "no account with that e-mail address"),
        ("a" * 250 + "@example.org", "254 characters or fewer"),
    ],
)
def test_bad_addresses_are_refused(world, debate, email, message):
    sam = _sam(debate)
    chair = sign_in(Client(), world.coordinator_uk)
    url = reverse("feedback:speaker-manage", args=[debate.public_id, sam.pk])
    response = chair.post(url, {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Speaker.objects.get(pk=sam.pk).person is None


def test_the_organisers_page_links_and_unlinks(world, debate, speaker_user):
    sam = _sam(debate)
    chair = sign_in(Client(), world.coordinator_uk)
    manage = chair.get(reverse("feedback:debate-manage", args=[debate.public_id]))
    url = reverse("feedback:speaker-manage", args=[debate.public_id, sam.pk])
    assert url.encode() in manage.content  # reachable from the debate's page
    assert chair.get(url).status_code == 200
    assert chair.post(url, {"email": speaker_user.email}).status_code == 302
    page = chair.get(url)
    assert b"Sam Patel" in page.content and b"Remove the link" in page.content
    assert chair.post(url, {"action": "unlink"}).status_code == 302
    assert Speaker.objects.get(pk=sam.pk).person is None
    missing = reverse("feedback:speaker-manage", args=[debate.public_id, 999999])
    assert chair.get(missing).status_code == 404


def test_speakers_over_the_api(world, debate, speaker_user):
    sam = _sam(debate)
    url = f"/api/v1/debates/{debate.public_id}/speakers/{sam.pk}/account"
    chair = token_client(world.coordinator_uk)
    linked = chair.put(url, {"email": speaker_user.email}, content_type="application/json")
    assert linked.status_code == 200, linked.content
    assert linked.json()["linked"] is True and linked.json()["name"] == "Sam Patel"
    bad = chair.put(url, {"email": "nobody@example.org"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "email"
    null = chair.put(url, {"email": None}, content_type="application/json")
    assert null.status_code == 422
    other = token_client(world.lead_a)
    assert (
        other.put(url, {"email": "x@example.org"}, content_type="application/json").status_code
        == 404
    )
    assert other.delete(url).status_code == 404
    speaker = token_client(speaker_user)
    mine = speaker.get("/api/v1/feedback/speaking")
    assert mine.status_code == 200
    assert [d["motion"] for d in mine.json()] == ["Peer workers should be distinct roles"]
    report = speaker.get(f"/api/v1/debates/{debate.public_id}/results")
    assert report.status_code == 200
    gone = speaker.delete(url)
    assert gone.status_code == 200 and gone.json()["linked"] is False
    assert speaker.get("/api/v1/feedback/speaking").json() == []
    assert speaker.get(f"/api/v1/debates/{debate.public_id}/results").status_code == 404
