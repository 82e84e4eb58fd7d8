"""Mentoring pairs (capacity, goals, check-ins, end state), learning days with their action learning
set (a plan at a day, reviewed at the next), and the network report (suppressed counts)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from recoverynet.colleges.selectors import network_report
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import learning_days
from recoverynet.colleges.services import mentoring as services
from recoverynet.core.errors import ApplicationError
from recoverynet.events import services as event_services
from recoverynet.network import services as network_services
from tests.conftest import page_queries, sign_in

from .conftest import make_course, make_student, make_term
from .network_helpers import add_college

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


# --- Mentoring -----------------------------------------------------------------------------------


def test_pairing_stays_within_the_mentors_capacity(cw):
    world = cw.world
    third = add_college(world, "Gamma College", "gamma")
    with pytest.raises(ApplicationError) as exc:
        services.pair_create(
            actor=world.consultant_uk,
            network=world.uk,
            mentor=cw.other_college,
            mentee=cw.college,
            started_on=TODAY,
        )
    assert exc.value.code == "no_capacity"
    services.mentor_capacity_set(actor=cw.other_manager, college=cw.other_college, capacity=1)
    pair = services.pair_create(
        actor=world.consultant_uk,
        network=world.uk,
        mentor=cw.other_college,
        mentee=cw.college,
        started_on=TODAY,
        goals=["Co-produce the first prospectus", "  "],
    )
    assert [g.text for g in pair.goals.all()] == ["Co-produce the first prospectus"]
    with pytest.raises(ApplicationError) as exc:
        services.pair_create(
            actor=world.consultant_uk,
            network=world.uk,
            mentor=cw.other_college,
            mentee=third,
            started_on=TODAY,
        )
    assert exc.value.code == "no_capacity"
    with pytest.raises(ApplicationError) as exc:
        services.mentor_capacity_set(actor=cw.other_manager, college=cw.other_college, capacity=0)
    assert exc.value.field == "capacity"
    with pytest.raises(ApplicationError) as exc:
        services.mentor_capacity_set(actor=cw.other_manager, college=cw.other_college, capacity=21)
    assert exc.value.field == "capacity"


def test_pairing_refuses_self_and_outsiders(cw):
    world = cw.world
    services.mentor_capacity_set(actor=world.admin, college=cw.college, capacity=2)
    with pytest.raises(ApplicationError) as exc:
        services.pair_create(
            actor=world.consultant_uk,
            network=world.uk,
            mentor=cw.college,
            mentee=cw.college,
            started_on=TODAY,
        )
    assert exc.value.field == "mentee"
    for who in (cw.manager, world.coordinator_ie, world.editor_uk):
        with pytest.raises(ApplicationError) as exc:
            services.pair_create(
                actor=who,
                network=world.uk,
                mentor=cw.college,
                mentee=cw.other_college,
                started_on=TODAY,
            )
        assert exc.value.status == 403


@pytest.fixture
def pair(cw):
    services.mentor_capacity_set(actor=cw.world.admin, college=cw.other_college, capacity=1)
    return services.pair_create(
        actor=cw.world.consultant_uk,
        network=cw.world.uk,
        mentor=cw.other_college,
        mentee=cw.college,
        started_on=TODAY - datetime.timedelta(days=30),
    )


def test_check_ins_goals_and_the_end(cw, pair):
    services.check_in_record(
        actor=cw.manager, pair=pair, held_on=TODAY - datetime.timedelta(days=2), notes="Met."
    )
    goal = services.goal_add(actor=cw.other_manager, pair=pair, text="Recruit two peer trainers")
    services.goal_update(actor=cw.manager, pair=pair, goal_id=goal.pk, status="achieved")
    for held_on, notes, field in [
        (TODAY - datetime.timedelta(days=31), "Before it started", "held_on"),
        (TODAY + datetime.timedelta(days=1), "Tomorrow", "held_on"),
        (TODAY, "   ", "notes"),
        (TODAY, "nul\x00", "notes"),
    ]:
        with pytest.raises(ApplicationError) as exc:
            services.check_in_record(actor=cw.manager, pair=pair, held_on=held_on, notes=notes)
        assert exc.value.field == field
    assert pair.check_ins.count() == 1
    with pytest.raises(ApplicationError) as exc:
        services.check_in_record(
            actor=cw.advisor, pair=pair, held_on=TODAY, notes="Not mine to write."
        )
    assert exc.value.status == 403
    ended = services.pair_end(
        actor=cw.manager, pair=pair, ended_on=TODAY, end_state="goals_met", note="Thank you."
    )
    assert not ended.active
    with pytest.raises(ApplicationError) as exc:
        services.goal_add(actor=cw.manager, pair=ended, text="Too late")
    assert exc.value.code == "ended"
    # Capacity is free again once the pair has ended.
    services.pair_create(
        actor=cw.world.consultant_uk,
        network=cw.world.uk,
        mentor=cw.other_college,
        mentee=add_college(cw.world, "Gamma College", "gamma"),
        started_on=TODAY,
    )


def test_pair_page_forms(cw, pair, client):
    sign_in(client, cw.manager)
    url = f"/mentoring/{pair.public_id}/"
    response = client.post(url, {"form": "check_in", "held_on": "", "notes": "Talked"})
    assert (
        response.status_code == 400 and "Enter date of the check-in." in response.content.decode()
    )
    response = client.post(
        url, {"form": "check_in", "held_on": TODAY.isoformat(), "notes": "Talked about courses"}
    )
    assert response.status_code == 302
    assert pair.check_ins.count() == 1
    sign_in(client, cw.world.lead_b)
    assert client.get(url).status_code == 404


# --- Learning days and action learning sets ------------------------------------------------------


def _network_day(world, title, days):
    starts = timezone.now() + datetime.timedelta(days=days)
    return event_services.event_create(
        actor=world.coordinator_uk,
        network=world.uk,
        title=title,
        kind="network_day",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=5),
        online=True,
        joining_link="https://meet.example/day",
        capacity=30,
        status="published",
        booking_mode="open",
    )


def test_a_plan_written_at_a_day_is_reviewed_at_the_next(cw, client):
    world = cw.world
    network_services.affiliation_add(
        actor=world.admin, organisation=world.org_a, email=cw.manager.email, role="staff"
    )
    first = learning_days.learning_day_link(
        actor=world.consultant_uk,
        network=world.uk,
        event_public_id=_network_day(world, "Day one", 10).public_id,
        host=cw.college,
        theme="The student journey",
    )
    second = learning_days.learning_day_link(
        actor=world.consultant_uk,
        network=world.uk,
        event_public_id=_network_day(world, "Day two", 40).public_id,
        host=cw.other_college,
        theme="Outcomes and how to measure them",
    )
    with pytest.raises(ApplicationError) as exc:
        learning_days.learning_day_link(
            actor=world.consultant_uk,
            network=world.uk,
            event_public_id=first.event.public_id,
            host=cw.other_college,
            theme="Again",
        )
    assert exc.value.code == "already_linked"
    sign_in(client, cw.manager)
    response = client.post(
        f"/learning-network/days/{first.public_id}/",
        {"form": "plan", "college": str(cw.college.pk), "title": "Our student journey actions"},
    )
    assert response.status_code == 302
    response = client.get(f"/learning-network/days/{second.public_id}/")
    plan = response.context["to_review"][0]
    assert plan.title == "Our student journey actions"
    assert (plan.source_kind, plan.source_id) == ("college_learning_day", str(first.public_id))
    response = client.post(
        f"/learning-network/days/{second.public_id}/",
        {"form": "review", "plan": str(plan.public_id), "progress": "Two actions done."},
    )
    assert response.status_code == 302
    review = plan.reviews.get()
    # The day is the review's occasion (plans.occasions), not words in its text.
    assert review.progress == "Two actions done."
    assert (review.occasion_kind, review.occasion_id) == ("college_learning_day", second.public_id)
    plan.refresh_from_db()
    assert (plan.occasion_kind, plan.occasion_id) == ("college_learning_day", first.public_id)


def test_only_network_days_of_the_network_can_be_linked(cw):
    world = cw.world
    starts = timezone.now() + datetime.timedelta(days=5)
    workshop = event_services.event_create(
        actor=world.coordinator_uk,
        network=world.uk,
        title="A workshop",
        kind="workshop",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        online=True,
        joining_link="https://meet.example/w",
        capacity=30,
        status="published",
        booking_mode="open",
    )
    with pytest.raises(ApplicationError) as exc:
        learning_days.learning_day_link(
            actor=world.consultant_uk,
            network=world.uk,
            event_public_id=workshop.public_id,
            host=cw.college,
            theme="X",
        )
    assert exc.value.field == "event"


# --- The network report --------------------------------------------------------------------------


def test_report_suppresses_small_counts_of_students(cw, client, settings):
    settings.SUPPRESS_PEOPLE_BELOW = 3
    term = make_term(cw)
    course = make_course(cw, term)
    for i in range(2):
        user, _ = make_student(cw, f"s{i}@example.org")
        enrolment_services.enrolment_create(actor=user, course=course)
    found = network_report.network_report(actor=cw.world.consultant_uk, network=cw.world.uk)
    row = next(r for r in found.rows if r.college == cw.college)
    assert row.courses == 1 and row.sessions == 3 and row.co_facilitated_rate == 100
    assert row.students is None and row.enrolments is None
    user, _ = make_student(cw, "s2@example.org")
    enrolment_services.enrolment_create(actor=user, course=course)
    found = network_report.network_report(actor=cw.world.consultant_uk, network=cw.world.uk)
    row = next(r for r in found.rows if r.college == cw.college)
    assert row.students == 3 and row.enrolments == 3
    with pytest.raises(ApplicationError):
        network_report.network_report(actor=cw.manager, network=cw.world.uk)
    sign_in(client, cw.world.consultant_uk)
    csv = b"".join(client.get("/learning-network/uk/report.csv").streaming_content).decode()
    assert "Alpha Recovery College" in csv and "Fewer than 3 students" in csv  # Beta has none
    xlsx = client.get("/learning-network/uk/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_report_page_queries_do_not_grow_with_colleges(cw, client):
    sign_in(client, cw.world.consultant_uk)
    before = page_queries(client, "/learning-network/uk/report/")
    for i in range(3):
        add_college(cw.world, f"College {i}", f"college-{i}")
    assert page_queries(client, "/learning-network/uk/report/") == before
