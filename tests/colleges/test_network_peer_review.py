"""External peer review: conflicts of interest, a reviewer with lived experience, stages, the report
(PDF), the response and follow-up actions, and who may see a review."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from recoverynet.colleges import fidelity as structure
from recoverynet.colleges.models import StaffRole
from recoverynet.colleges.services import peer_review as services
from recoverynet.colleges.services import peer_review_visit as visit_services
from recoverynet.colleges.services.peer_review import SelfReviewInput
from recoverynet.core.errors import ApplicationError
from recoverynet.network import services as network_services
from tests.conftest import sign_in, token_client

from .network_helpers import add_college, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def pr(cw):
    """A review of Alpha, with Gamma and Delta as other member colleges (Delta with a reviewer with
    lived experience), and Epsilon in Alpha's partnership."""
    world = cw.world
    partnership = network_services.organisation_create(
        actor=world.admin, name="Alpha Partnership", kind="charity", country="England"
    )
    network_services.organisation_update(
        actor=world.admin, organisation=world.org_a, parent=partnership
    )
    gamma = add_college(world, "Gamma College", "gamma")
    delta = add_college(world, "Delta College", "delta")
    epsilon = add_college(world, "Epsilon College", "epsilon", parent=partnership)

    class PR:
        pass

    pr = PR()
    pr.cw = cw
    pr.gamma, pr.delta, pr.epsilon = gamma, delta, epsilon
    pr.lead = staff(world, "lead.reviewer@example.org", gamma, StaffRole.MANAGER)
    pr.lived = staff(world, "lived.reviewer@example.org", delta, StaffRole.PEER_TRAINER)
    pr.partner_staff = staff(world, "partner@example.org", epsilon, StaffRole.MANAGER)
    pr.review = services.peer_review_start(
        actor=world.consultant_uk, network=world.uk, college=cw.college
    )
    return pr


def _self_review(pr, submit=True):
    return services.self_review_save(
        actor=pr.cw.manager,
        review=pr.review,
        entries=[
            SelfReviewInput(c.key, "met", "We co-produce everything.") for c in structure.COMPONENTS
        ],
        submit=submit,
    )


def _team(pr):
    world = pr.cw.world
    services.reviewer_add(
        actor=world.consultant_uk,
        review=pr.review,
        email=pr.lead.email,
        home_college=pr.gamma,
        role="lead",
    )
    services.reviewer_add(
        actor=world.consultant_uk,
        review=pr.review,
        email=pr.lived.email,
        home_college=pr.delta,
        role="lived_experience",
    )


def _to_visit(pr):
    _self_review(pr)
    _team(pr)
    return visit_services.visit_plan(
        actor=pr.cw.world.consultant_uk,
        review=pr.review,
        visit_on=timezone.localdate() + datetime.timedelta(days=14),
    )


# --- Conflicts of interest -----------------------------------------------------------------------


def test_nobody_from_the_reviewed_college_can_review_it(pr):
    # The peer trainer works at Alpha (and at Beta): reviewing Alpha is a conflict even "from" Beta.
    with pytest.raises(ApplicationError) as exc:
        services.reviewer_add(
            actor=pr.cw.world.consultant_uk,
            review=pr.review,
            email=pr.cw.peer_trainer.email,
            home_college=pr.cw.other_college,
            role="peer",
        )
    assert exc.value.code == "conflict_of_interest"
    assert "works at the college under review" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        services.reviewer_add(
            actor=pr.cw.world.consultant_uk,
            review=pr.review,
            email=pr.cw.manager.email,
            home_college=pr.cw.college,
            role="peer",
        )
    assert exc.value.code == "conflict_of_interest"


def test_nobody_from_the_reviewed_colleges_partnership_can_review_it(pr):
    with pytest.raises(ApplicationError) as exc:
        services.reviewer_add(
            actor=pr.cw.world.consultant_uk,
            review=pr.review,
            email=pr.partner_staff.email,
            home_college=pr.epsilon,
            role="peer",
        )
    assert exc.value.code == "conflict_of_interest"
    assert "same partnership" in exc.value.message


def test_an_affiliation_with_the_partnership_is_a_conflict(pr):
    world = pr.cw.world
    network_services.affiliation_add(
        actor=world.admin, organisation=world.org_a, email=pr.lead.email, role="staff"
    )
    with pytest.raises(ApplicationError) as exc:
        services.reviewer_add(
            actor=world.consultant_uk,
            review=pr.review,
            email=pr.lead.email,
            home_college=pr.gamma,
            role="lead",
        )
    assert "partnership" in exc.value.message


def test_a_reviewer_must_work_at_the_college_they_come_from(pr):
    with pytest.raises(ApplicationError) as exc:
        services.reviewer_add(
            actor=pr.cw.world.consultant_uk,
            review=pr.review,
            email=pr.lead.email,
            home_college=pr.delta,
            role="lead",
        )
    assert "not on the staff of Delta College" in exc.value.message
    assert not pr.review.team.exists()


def test_only_the_network_team_forms_the_team(pr):
    for who in (pr.cw.manager, pr.lead, pr.cw.world.coordinator_ie):
        with pytest.raises(ApplicationError) as exc:
            services.reviewer_add(
                actor=who, review=pr.review, email=pr.lead.email, home_college=pr.gamma, role="lead"
            )
        assert exc.value.status == 403


# --- Stages --------------------------------------------------------------------------------------


def test_the_visit_needs_the_self_review_and_a_reviewer_with_lived_experience(pr):
    world = pr.cw.world
    day = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(ApplicationError) as exc:
        visit_services.visit_plan(actor=world.consultant_uk, review=pr.review, visit_on=day)
    assert exc.value.code == "incomplete"
    _self_review(pr)
    services.reviewer_add(
        actor=world.consultant_uk,
        review=pr.review,
        email=pr.lead.email,
        home_college=pr.gamma,
        role="lead",
    )
    with pytest.raises(ApplicationError) as exc:
        visit_services.visit_plan(actor=world.consultant_uk, review=pr.review, visit_on=day)
    assert "lived experience" in exc.value.message
    services.reviewer_add(
        actor=world.consultant_uk,
        review=pr.review,
        email=pr.lived.email,
        home_college=pr.delta,
        role="lived_experience",
    )
    assert (
        visit_services.visit_plan(actor=world.consultant_uk, review=pr.review, visit_on=day).status
        == "visit"
    )


def test_self_review_cannot_be_sent_incomplete_and_writes_nothing(pr):
    with pytest.raises(ApplicationError) as exc:
        services.self_review_save(
            actor=pr.cw.manager,
            review=pr.review,
            entries=[SelfReviewInput("learning", "met")],
            submit=True,
        )
    assert exc.value.code == "incomplete"
    assert not pr.review.self_review.exists()
    with pytest.raises(ApplicationError) as exc:
        services.self_review_save(
            actor=pr.cw.manager,
            review=pr.review,
            entries=[SelfReviewInput("learning", "brilliant")],
        )
    assert exc.value.field == "learning_rating"


def test_reviewers_sign_confidentiality_before_writing_findings(pr):
    _to_visit(pr)
    with pytest.raises(ApplicationError) as exc:
        visit_services.finding_add(
            actor=pr.lead, review=pr.review, kind="preliminary", text="Warm welcome."
        )
    assert exc.value.code == "confidentiality"
    services.confidentiality_agree(actor=pr.lead, review=pr.review)
    visit_services.finding_add(
        actor=pr.lead, review=pr.review, kind="preliminary", text="Warm welcome."
    )
    with pytest.raises(ApplicationError) as exc:
        visit_services.finding_add(
            actor=pr.cw.manager, review=pr.review, kind="strength", text="We are great."
        )
    assert exc.value.status == 403


def test_report_needs_strengths_and_recommendations_then_response_and_plan(pr, client):
    _to_visit(pr)
    services.confidentiality_agree(actor=pr.lead, review=pr.review)
    visit_services.finding_add(
        actor=pr.lead, review=pr.review, kind="strength", text="Every course is co-facilitated."
    )
    with pytest.raises(ApplicationError) as exc:
        visit_services.report_publish(actor=pr.lead, review=pr.review, summary="A good college.")
    assert exc.value.code == "incomplete"
    visit_services.finding_add(
        actor=pr.lead, review=pr.review, kind="recommendation", text="Reach carers more."
    )
    with pytest.raises(ApplicationError):
        visit_services.report_publish(actor=pr.lived, review=pr.review, summary="Not the lead.")
    review = visit_services.report_publish(
        actor=pr.lead, review=pr.review, summary="A good college."
    )
    assert review.status == "report"
    sign_in(client, pr.cw.manager)
    pdf = client.get(f"/peer-reviews/{review.public_id}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    visit_services.response_save(
        actor=pr.cw.manager, review=review, response="We will start a carers' course."
    )
    network_services.affiliation_add(
        actor=pr.cw.world.admin,
        organisation=pr.cw.world.org_a,
        email=pr.cw.manager.email,
        role="staff",
    )
    from recoverynet.colleges.selectors import peer_review as selectors

    plan = visit_services.followup_plan_create(
        actor=pr.cw.manager,
        review=selectors.peer_review_get(actor=pr.cw.manager, public_id=review.public_id),
        title="Follow-up",
    )
    assert [a.what for a in plan.actions.all()] == ["Reach carers more."]
    assert (
        visit_services.peer_review_close(actor=pr.cw.world.consultant_uk, review=review).status
        == "closed"
    )


def test_blank_or_nul_text_is_refused(pr):
    _to_visit(pr)
    services.confidentiality_agree(actor=pr.lead, review=pr.review)
    for text in ("   ", "bad\x00", "x" * 2001):
        with pytest.raises(ApplicationError) as exc:
            visit_services.finding_add(actor=pr.lead, review=pr.review, kind="strength", text=text)
        assert exc.value.field == "text"
    assert not pr.review.findings.exists()
    with pytest.raises(ApplicationError) as exc:
        visit_services.visit_slot_add(
            actor=pr.lead,
            review=pr.review,
            starts_at=datetime.time(11),
            ends_at=datetime.time(10),
            activity="Lunch",
        )
    assert exc.value.field == "ends_at"


# --- Who sees it ---------------------------------------------------------------------------------


def test_visible_to_the_college_its_team_and_the_network_team_only(pr, client):
    _team(pr)
    url = f"/peer-reviews/{pr.review.public_id}/"
    allowed = [
        pr.cw.manager,
        pr.cw.advisor,
        pr.lead,
        pr.lived,
        pr.cw.world.consultant_uk,
        pr.cw.world.editor_uk,
    ]
    refused = [
        pr.cw.other_manager,
        pr.partner_staff,
        pr.cw.world.coordinator_ie,
        pr.cw.world.outsider,
        pr.cw.world.lead_a,
    ]
    for user in allowed:
        sign_in(client, user)
        assert client.get(url).status_code == 200, user.email
    for user in refused:
        sign_in(client, user)
        assert client.get(url).status_code == 404, user.email
        assert client.get(f"/peer-reviews/{pr.review.public_id}/report.pdf").status_code == 404


def test_reviewer_form_shows_the_conflict_on_the_field(pr, client):
    sign_in(client, pr.cw.world.consultant_uk)
    response = client.post(
        f"/peer-reviews/{pr.review.public_id}/",
        {
            "form": "reviewer",
            "email": pr.partner_staff.email,
            "college": str(pr.epsilon.pk),
            "role": "peer",
        },
    )
    assert response.status_code == 400
    assert "same partnership" in response.content.decode()


def test_api_per_role(pr):
    world = pr.cw.world
    url = f"/api/v1/peer-reviews/{pr.review.public_id}"
    assert token_client(pr.cw.manager).get(url).status_code == 200
    assert token_client(pr.cw.other_manager).get(url).status_code == 404
    response = token_client(world.consultant_uk).post(
        f"{url}/team",
        {"email": pr.partner_staff.email, "college": "epsilon", "role": "peer"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "conflict_of_interest"
    assert response.json()["errors"][0]["field"] == "email"
    response = token_client(world.consultant_uk).post(
        f"{url}/team",
        {"email": pr.lead.email, "college": "gamma", "role": "lead"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [m["role"] for m in response.json()["team"]] == ["lead"]
    assert [r["college"] for r in token_client(pr.lead).get("/api/v1/peer-reviews").json()] == [
        "alpha-college"
    ]
    assert token_client(pr.cw.other_manager).get("/api/v1/peer-reviews").json() == []


def test_self_review_page_saves_and_refuses_to_send_incomplete(pr, client):
    sign_in(client, pr.cw.manager)
    url = f"/peer-reviews/{pr.review.public_id}/self-review/"
    response = client.post(url, {"learning_rating": "met", "submit": "send"})
    assert response.status_code == 400
    assert "Still to rate" in response.content.decode()
    assert not pr.review.self_review.exists()
    response = client.post(
        url, {"learning_rating": "partly", "learning_commentary": "Mostly.", "submit": "save"}
    )
    assert response.status_code == 302
    assert pr.review.self_review.get().rating == "partly"
    sign_in(client, pr.lead)
    assert client.get(url).status_code == 404
