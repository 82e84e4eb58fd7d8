"""A college with staff, built through services, for the colleges tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from recoverynet.accounts.models import User
from recoverynet.colleges.models import College, Course, StaffRole, Student, Term, Venue
from recoverynet.colleges.services import college as college_services
from recoverynet.colleges.services import course as course_services
from recoverynet.colleges.services import student as student_services
from tests.conftest import World, make_user


@dataclass
class CollegeWorld:
    world: World
    college: College
    other_college: College
    venue: Venue
    manager: User
    administrator: User
    peer_trainer: User
    professional_trainer: User
    advisor: User
    other_manager: User


def build_college_world(world: World) -> CollegeWorld:
    admin = world.admin
    college = college_services.college_create(
        actor=world.coordinator_uk,
        organisation=world.org_a,
        networks=[world.uk],
        name="Alpha Recovery College",
        slug="alpha-college",
        who_for="Anyone aged 18 or over.",
        how_to_enrol="Register online or phone us.",
    )
    other = college_services.college_create(
        actor=admin,
        organisation=world.org_b,
        networks=[world.uk],
        name="Beta Recovery College",
        slug="beta-college",
    )
    venue = college_services.venue_create(
        actor=admin,
        college=college,
        name="The Hub",
        address="1 High Street",
        access_information="Step-free access; accessible toilet.",
    )

    def staff(email: str, target: College, *roles: str) -> User:
        user = make_user(email, full_name=email.split("@")[0].replace(".", " ").title())
        for role in roles:
            college_services.staff_role_grant(actor=admin, college=target, user=user, role=role)
        return user

    peer = staff("peer.trainer@example.org", college, StaffRole.PEER_TRAINER)
    # A trainer may work for several colleges.
    college_services.staff_role_grant(
        actor=admin, college=other, user=peer, role=StaffRole.PEER_TRAINER
    )
    return CollegeWorld(
        world=world,
        college=college,
        other_college=other,
        venue=venue,
        manager=staff("college.manager@example.org", college, StaffRole.MANAGER),
        administrator=staff("college.admin@example.org", college, StaffRole.ADMINISTRATOR),
        peer_trainer=peer,
        professional_trainer=staff(
            "prof.trainer@example.org", college, StaffRole.PROFESSIONAL_TRAINER
        ),
        advisor=staff("advisor@example.org", college, StaffRole.LEARNING_ADVISOR),
        other_manager=staff("other.manager@example.org", other, StaffRole.MANAGER),
    )


@pytest.fixture
def cw(world: World) -> CollegeWorld:
    return build_college_world(world)


START = datetime.datetime(2027, 1, 11, 10, 0, tzinfo=datetime.UTC)


def make_term(
    cw: CollegeWorld, name: str = "Spring 2027", *, start: datetime.date | None = None
) -> Term:
    start = start or datetime.date(2027, 1, 4)
    return course_services.term_create(
        actor=cw.manager,
        college=cw.college,
        name=name,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=90),
    )


def make_course(
    cw: CollegeWorld,
    term: Term,
    *,
    title: str = "Understanding anxiety",
    capacity: int = 12,
    sessions: int = 3,
    cofacilitated: bool = True,
    publish: bool = True,
    **extra: Any,
) -> Course:
    course = course_services.course_create(
        actor=cw.manager,
        term=term,
        title=title,
        what_you_will_learn="What anxiety is, and ways to live well with it.",
        topic="understanding",
        capacity=capacity,
        **extra,
    )
    for i in range(sessions):
        session = course_services.session_add(
            actor=cw.manager,
            course=course,
            starts_at=START + datetime.timedelta(days=7 * i),
            ends_at=START + datetime.timedelta(days=7 * i, hours=2),
            venue=cw.venue,
        )
        course_services.facilitator_add(
            actor=cw.manager, session=session, user=cw.peer_trainer, role="peer_trainer"
        )
        if cofacilitated:
            course_services.facilitator_add(
                actor=cw.manager,
                session=session,
                user=cw.professional_trainer,
                role="professional_trainer",
            )
    if publish:
        course_services.course_publish(
            actor=cw.manager, course=course, reason="" if cofacilitated else "Trainer unwell"
        )
        if term.status != "published":
            course_services.term_publish(actor=cw.manager, term=term)
    return course


def make_student(cw: CollegeWorld, email: str, name: str = "") -> tuple[User, Student]:
    user = make_user(email, full_name=name or email.split("@")[0].title())
    student = student_services.student_register(
        actor=user, college=cw.college, preferred_name=name or email.split("@")[0].title()
    )
    return user, student
