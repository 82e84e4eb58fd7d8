import pytest
from django.test import Client

from recoverynet.challenges import selectors
from tests.conftest import token_client

from .conftest import agree_all

pytestmark = pytest.mark.django_db


def api(user):
    return token_client(user)


def test_frameworks_are_public(framework, client):
    listing = client.get("/api/v1/frameworks").json()
    assert [f["name"] for f in listing] == ["The Ten Organisational Challenges"]
    detail = client.get(f"/api/v1/frameworks/{framework.pk}").json()
    assert len(detail["challenges"]) == 10 and [lv["key"] for lv in detail["levels"]] == [
        "strategic",
        "managerial",
        "practice",
    ]
    assert client.get("/api/v1/frameworks/999999").status_code == 404


def test_full_round_over_the_api(world, framework):
    lead = api(world.lead_a)
    created = lead.post(
        f"/api/v1/organisations/{world.org_a.slug}/assessments",
        {"framework": framework.pk, "title": "Autumn"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    round_id = created.json()["id"]
    link_rater = lead.post(
        f"/api/v1/assessments/{round_id}/raters",
        {"name": "Sam", "perspective": "lived_experience"},
        content_type="application/json",
    )
    assert link_rater.status_code == 201 and "/rate/" in link_rater.json()["link"]
    member = lead.post(
        f"/api/v1/assessments/{round_id}/raters",
        {"email": "staff.a@example.org"},
        content_type="application/json",
    )
    assert member.status_code == 201 and member.json()["link"] is None
    challenge = framework.challenges.get(number=7).pk
    saved = api(world.staff_a).put(
        f"/api/v1/assessments/{round_id}/my-ratings",
        [{"challenge": challenge, "level": "practice", "value": 3}],
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()[0]["value"] == 3
    bad = api(world.staff_a).put(
        f"/api/v1/assessments/{round_id}/my-ratings",
        [{"challenge": challenge, "level": "practice", "value": 9}],
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "value"
    assert (
        api(world.staff_a).post(f"/api/v1/assessments/{round_id}/submit").json()["submitted"]
        is True
    )
    cells = lead.get(f"/api/v1/assessments/{round_id}/ratings").json()
    assert len(cells) == 30 and any(c["ratings"] == [3] for c in cells)
    round_ = selectors.round_get(actor=world.lead_a, public_id=round_id)
    agree_all(world.lead_a, round_)
    consensus = lead.put(
        f"/api/v1/assessments/{round_id}/consensus",
        {
            "challenge": challenge,
            "level": "practice",
            "value": 1,
            "rationale": "Service users said 1",
        },
        content_type="application/json",
    )
    assert consensus.status_code == 200
    assert lead.post(f"/api/v1/assessments/{round_id}/close").json()["status"] == "closed"
    priorities = lead.put(
        f"/api/v1/assessments/{round_id}/priorities",
        [{"challenge": challenge, "level": "practice", "reason": "Voices missing"}],
        content_type="application/json",
    )
    assert priorities.status_code == 200 and priorities.json()[0]["rank"] == 1
    detail = api(world.consultant_uk).get(f"/api/v1/assessments/{round_id}").json()
    assert detail["priorities"][0]["challenge"] == challenge and len(detail["consensus"]) == 30


def test_other_organisations_cannot_see_or_act(world, round_):
    for user in (world.lead_b, world.coordinator_ie, world.outsider):
        client = api(user)
        assert client.get(f"/api/v1/assessments/{round_.public_id}").status_code == 404
        assert (
            client.get(f"/api/v1/organisations/{world.org_a.slug}/assessments").status_code == 403
        )
        assert client.post(f"/api/v1/assessments/{round_.public_id}/close").status_code == 404
    assert Client().get(f"/api/v1/assessments/{round_.public_id}").status_code == 401
    assert (
        api(world.staff_a).post(f"/api/v1/assessments/{round_.public_id}/close").status_code == 403
    )


def test_start_round_bad_input(world, framework):
    lead = api(world.lead_a)
    response = lead.post(
        f"/api/v1/organisations/{world.org_a.slug}/assessments",
        {"framework": 999, "title": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = lead.post(
        f"/api/v1/organisations/{world.org_a.slug}/assessments",
        {
            "framework": framework.pk,
            "title": "T",
            "team_name": "Crisis",
            "team_resources": {"peer_workers": -2},
        },
        content_type="application/json",
    )
    assert (
        response.status_code == 422
        and response.json()["errors"][0]["field"] == "team_resources.peer_workers"
    )


def test_inviting_by_address_answers_the_same_whether_or_not_it_has_an_account(world, framework):
    """Issue #9: the rater-invitation error must not tell a lead whether an address has an account."""
    from recoverynet.challenges.models import Rater
    from recoverynet.core.models import AuditEntry, OutboxMessage

    lead = api(world.lead_a)
    round_id = lead.post(
        f"/api/v1/organisations/{world.org_a.slug}/assessments",
        {"framework": framework.pk, "title": "Autumn"},
        content_type="application/json",
    ).json()["id"]
    before = (Rater.objects.count(), OutboxMessage.objects.count(), AuditEntry.objects.count())
    answers = []
    for email in ("lead.b@example.org", "nobody-here@example.org"):  # an account elsewhere; none
        response = lead.post(
            f"/api/v1/assessments/{round_id}/raters",
            {"email": email},
            content_type="application/json",
        )
        body = response.json()
        answers.append((response.status_code, body["code"], body["detail"].replace(email, "X")))
    assert answers[0] == answers[1]
    assert answers[0][:2] == (422, "not_affiliated")
    assert (
        Rater.objects.count(),
        OutboxMessage.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    # Someone outside the round learns nothing at all.
    outsider = api(world.lead_b).post(
        f"/api/v1/assessments/{round_id}/raters",
        {"email": "staff.a@example.org"},
        content_type="application/json",
    )
    assert outsider.status_code == 404


def test_invite_answers_carry_no_perspective(world, framework):
    """Issue #9: inviting someone never copies or returns the perspective from their profile."""
    from recoverynet.accounts import services as account_services
    from recoverynet.challenges.models import Rater

    account_services.perspective_set(
        actor=world.staff_a, user=world.staff_a, perspective="lived_experience"
    )
    lead = api(world.lead_a)
    round_id = lead.post(
        f"/api/v1/organisations/{world.org_a.slug}/assessments",
        {"framework": framework.pk, "title": "Autumn"},
        content_type="application/json",
    ).json()["id"]
    member = lead.post(
        f"/api/v1/assessments/{round_id}/raters",
        {"email": "staff.a@example.org"},
        content_type="application/json",
    )
    assert member.status_code == 201 and "perspective" not in member.json()
    link = lead.post(
        f"/api/v1/assessments/{round_id}/raters",
        {"name": "Sam", "perspective": "family_carer"},  # ignored: not the facilitator's to say
        content_type="application/json",
    )
    assert link.status_code == 201 and "perspective" not in link.json()
    assert set(Rater.objects.values_list("perspective", flat=True)) == {""}
    cells = lead.get(f"/api/v1/assessments/{round_id}/ratings").json()
    assert all(c["perspectives"] == {} for c in cells)
