"""A person shares their own scores with one of the organisation's staff, and stops."""

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.outcomes import selectors, services
from recoverynet.outcomes.models import ResultShare
from tests.conftest import sign_in

from .conftest import invitation_of, swemwbs_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ow):
    services.answers_save(
        actor=ow.student,
        invitation=invitation_of(ow, ow.student.email, ow.baseline),
        answers=swemwbs_answers(ow),
        finish=True,
    )
    return ow


def test_share_with_staff_and_stop(answered, client):
    ow = answered
    assert selectors.shared_with_me(actor=ow.staff_a) == []
    share = services.share_start(
        actor=ow.student, organisation=ow.org_a, email="STAFF.A@example.org"
    )
    [shared] = selectors.shared_with_me(actor=ow.staff_a)
    assert shared.name == "Sam Student"
    assert [s.score for s in shared.scores] == [19.25]
    assert selectors.shared_with_me(actor=ow.lead_a) == []  # only the one they chose
    sign_in(client, ow.staff_a)
    assert "19.25" in client.get("/outcomes/shared-with-me/").content.decode()
    services.share_stop(actor=ow.student, share_id=share.pk)
    assert selectors.shared_with_me(actor=ow.staff_a) == []


@pytest.mark.parametrize(
    "email",
    ["outsider@example.org", "lead.b@example.org", "nobody@example.org", "student.a@example.org"],
)
def test_share_only_with_the_organisations_staff(answered, email):
    with pytest.raises(ApplicationError) as caught:
        services.share_start(actor=answered.student, organisation=answered.org_a, email=email)
    assert caught.value.field == "email"
    assert not ResultShare.objects.exists()


def test_share_only_where_you_took_part(answered):
    with pytest.raises(ApplicationError) as caught:
        services.share_start(
            actor=answered.student, organisation=answered.org_b, email="lead.b@example.org"
        )
    assert caught.value.field == "organisation"


def test_nobody_else_can_stop_a_share(answered):
    share = services.share_start(
        actor=answered.student, organisation=answered.org_a, email="staff.a@example.org"
    )
    with pytest.raises(ApplicationError) as caught:
        services.share_stop(actor=answered.staff_a, share_id=share.pk)
    assert caught.value.status == 404
    assert ResultShare.objects.count() == 1


def test_sharing_through_the_page(answered, client):
    ow = answered
    sign_in(client, ow.student)
    page = client.get("/me/questionnaires/").content.decode()
    assert "Share my scores" in page
    response = client.post(
        "/me/questionnaires/share/", {"organisation": ow.org_a.pk, "email": "outsider@example.org"}
    )
    assert response.status_code == 302
    assert not ResultShare.objects.exists()
    client.post(
        "/me/questionnaires/share/", {"organisation": ow.org_a.pk, "email": "staff.a@example.org"}
    )
    share = ResultShare.objects.get()
    assert "Stop sharing" in client.get("/me/questionnaires/").content.decode()
    client.post(f"/me/questionnaires/share/{share.pk}/stop/")
    assert not ResultShare.objects.exists()
