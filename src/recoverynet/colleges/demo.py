"""Demo Recovery Colleges: Oxford Recovery College (the Oxfordshire partnership), Nottingham's
Recovery College, Mind Recovery College (Australasia) and a college just starting up in Norfolk and
Suffolk. Two terms each (one finished, one open for enrolment) with invented courses co-facilitated by
invented peer and professional trainers; students with enrolments, attendance, completions and
certificates; one learning plan. Idempotent: a college already there is left alone."""

from __future__ import annotations

import datetime
import random
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.accounts.models import User
from recoverynet.network.models import Network, Organisation

from . import demo_states
from .models import College, CollegeStage, StaffRole
from .services import attendance as attendance_services
from .services import college as college_services
from .services import course as course_services
from .services import enrolment as enrolment_services
from .services import plan as plan_services
from .services import student as student_services

DOMAIN = "demo.recoverynet.example"

COLLEGES: list[dict[str, Any]] = [
    {
        "slug": "oxford-recovery-college",
        "organisation": "oxford-recovery-college",
        "networks": ["uk"],
        "name": "Oxford Recovery College",
        "summary": "Run by the Oxfordshire Mental Health Partnership, with Restore as lead partner.",
        "time_zone": "Europe/London",
        "venues": [
            (
                "Restore, Manzil Way",
                "Manzil Way, Oxford",
                "Step-free entrance; accessible toilet; quiet room.",
            ),
            ("Witney library", "Welch Way, Witney", "Lift to the first floor; hearing loop."),
        ],
        "trainers": [
            ("Jo Peer", "peer"),
            ("Dr Sam Hale", "prof"),
            ("Aisha Rahman", "peer"),
            ("Tom Birch", "prof"),
        ],
    },
    {
        "slug": "nottingham-recovery-college",
        "organisation": "nottinghamshire-healthcare",
        "networks": ["uk"],
        "name": "Nottingham Recovery College",
        "summary": "Nottinghamshire Healthcare's college, open to everyone in the county.",
        "time_zone": "Europe/London",
        "venues": [
            (
                "Duncan Macmillan House",
                "Porchester Road, Nottingham",
                "Step-free; parking on site.",
            ),
        ],
        "trainers": [("Priya Nair", "peer"), ("Mark Ellis", "prof"), ("Aisha Rahman", "peer")],
    },
    {
        "slug": "mind-recovery-college",
        "organisation": "mind-recovery-college",
        "networks": ["australasia"],
        "name": "Mind Recovery College",
        "summary": "Mind Australia's college, learning online and in Melbourne.",
        "time_zone": "Australia/Melbourne",
        "venues": [
            ("Heidelberg campus", "Heidelberg, Victoria", "Ramp access; accessible toilet.")
        ],
        "trainers": [("Kirra Walsh", "peer"), ("Dr Ben Tran", "prof")],
    },
    {
        "slug": "norfolk-suffolk-recovery-college",
        "organisation": "norfolk-suffolk",
        "networks": ["uk"],
        "name": "Norfolk and Suffolk Recovery College",
        "summary": "Just starting up, mentored by Nottingham Recovery College.",
        "time_zone": "Europe/London",
        "stage": CollegeStage.STARTING_UP,
        "venues": [
            ("Hellesdon Hospital education centre", "Drayton High Road, Norwich", "Step-free.")
        ],
        "trainers": [("Ellie Shaw", "peer"), ("Dr Omar Said", "prof")],
    },
]

COURSES = [
    (
        "Understanding anxiety",
        "understanding",
        "everyone",
        "What anxiety is, how it shows up in the body, and ways people have found to live well with it.",
    ),
    (
        "Introduction to recovery",
        "recovery",
        "everyone",
        "What personal recovery means, hope, control and opportunity, told through the trainers' own stories.",
    ),
    (
        "Sleeping well",
        "living_well",
        "everyone",
        "Why sleep matters, what gets in the way, and small changes to try between sessions.",
    ),
    (
        "Supporting someone you care about",
        "family",
        "family_carers",
        "For families, friends and carers: looking after them, and looking after yourself.",
    ),
    (
        "Building your confidence",
        "life_skills",
        "everyone",
        "Noticing strengths, setting small goals and speaking up for yourself.",
    ),
    (
        "Becoming a peer trainer",
        "getting_involved",
        "lived_experience",
        "Using your lived experience to co-deliver courses at the college.",
    ),
]

STUDENT_NAMES = ["Alex", "Bea", "Chris", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo", "Jude"]


def _user(email: str, name: str) -> User:
    from recoverynet.network.demo.data import DEMO_PASSWORD

    users = get_user_model().objects
    user = users.filter(email=email).first()
    if user is None:
        user = users.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    assert isinstance(user, User)
    return user


def _key(name: str) -> str:
    return name.lower().replace("dr ", "").replace(" ", ".")


def _term(
    admin: User,
    college: College,
    name: str,
    start: datetime.date,
    spec: dict[str, Any],
    peers: list[User],
    profs: list[User],
    offset: int,
) -> Any:
    term = course_services.term_create(
        actor=admin,
        college=college,
        name=name,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=84),
    )
    venues = list(college.venues.all())
    tz = datetime.UTC
    for i in range(3):
        title, topic, suitable, learn = COURSES[(offset + i) % len(COURSES)]
        course = course_services.course_create(
            actor=admin,
            term=term,
            title=title,
            topic=topic,
            suitable_for=suitable,
            what_you_will_learn=learn,
            capacity=8 if i == 0 else 14,
            min_sessions_to_complete=3,
            first_session_required=i == 1,
            codesigned_by_peer=True,
            codesigned_by_staff=True,
            codesigned_by_carer=topic == "family",
        )
        for n in range(4):
            day = start + datetime.timedelta(days=7 * n + i * 2 + 7)
            starts = datetime.datetime.combine(day, datetime.time(10 + i * 2, 0), tzinfo=tz)
            online = i == 2
            session = course_services.session_add(
                actor=admin,
                course=course,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                online=online,
                venue=None if online else venues[n % len(venues)],
                joining_information="A video link is e-mailed the day before." if online else "",
            )
            course_services.facilitator_add(
                actor=admin, session=session, user=peers[(i + n) % len(peers)], role="peer_trainer"
            )
            course_services.facilitator_add(
                actor=admin,
                session=session,
                user=profs[(i + n) % len(profs)],
                role="professional_trainer",
            )
        course_services.course_publish(actor=admin, course=course)
    course_services.term_publish(actor=admin, term=term)
    return term


def load_demo() -> dict[str, int]:
    admin = get_user_model().objects.filter(email=f"admin@{DOMAIN}").first()
    if admin is None:
        return {"colleges": 0}
    assert isinstance(admin, User)
    rng = random.Random(11)
    made = {"colleges": 0, "courses": 0, "enrolments": 0, "certificates": 0}
    today = timezone.localdate()
    for index, spec in enumerate(COLLEGES):
        if College.objects.filter(slug=spec["slug"]).exists():
            continue
        organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
        networks = list(Network.objects.filter(slug__in=spec["networks"]))
        if organisation is None or not networks:
            continue
        college = college_services.college_create(
            actor=admin,
            organisation=organisation,
            networks=networks,
            name=spec["name"],
            slug=spec["slug"],
            stage=spec.get("stage", CollegeStage.ESTABLISHED),
            summary=spec["summary"],
            who_for="Anyone aged 18 or over who lives or works locally: people who use services, families, friends, carers and staff. Courses are free.",
            how_to_enrol="Register once as a student, then enrol on the courses you choose. You can also phone us and we will enrol you.",
            contact_email=f"{spec['slug']}@{DOMAIN}",
            contact_phone="01865 000 000" if index == 0 else "",
            time_zone=spec["time_zone"],
            certificate_signatory=f"The {spec['name']} team",
        )
        made["colleges"] += 1
        for name, address, access_info in spec["venues"]:
            college_services.venue_create(
                actor=admin,
                college=college,
                name=name,
                address=address,
                access_information=access_info,
            )
        manager = _user(f"manager.{spec['slug']}@{DOMAIN}", f"{spec['name']} manager")
        college_services.staff_role_grant(
            actor=admin, college=college, user=manager, role=StaffRole.MANAGER
        )
        advisor = _user(f"advisor.{spec['slug']}@{DOMAIN}", "Learning advisor")
        college_services.staff_role_grant(
            actor=admin, college=college, user=advisor, role=StaffRole.LEARNING_ADVISOR
        )
        peers: list[User] = []
        profs: list[User] = []
        for name, kind in spec["trainers"]:
            trainer = _user(f"{_key(name)}@{DOMAIN}", name)
            role = StaffRole.PEER_TRAINER if kind == "peer" else StaffRole.PROFESSIONAL_TRAINER
            college_services.staff_role_grant(actor=admin, college=college, user=trainer, role=role)
            (peers if kind == "peer" else profs).append(trainer)
        past = _term(
            admin,
            college,
            "Autumn 2026",
            today - datetime.timedelta(days=100),
            spec,
            peers,
            profs,
            index,
        )
        _term(
            admin,
            college,
            "Spring 2027",
            today + datetime.timedelta(days=30),
            spec,
            peers,
            profs,
            index + 3,
        )
        made["courses"] += 6
        students = []
        for n, first in enumerate(STUDENT_NAMES[: 6 if spec.get("stage") else 10]):
            email = (
                "student.oxford@" + DOMAIN
                if index == 0 and n == 0
                else f"{first.lower()}.{spec['slug']}@{DOMAIN}"
            )
            user = _user(email, f"{first} Student")
            students.append(
                (
                    user,
                    student_services.student_register(
                        actor=user, college=college, preferred_name=first
                    ),
                )
            )
        # At Oxford, student.oxford's finished courses and waiting-list offer are set by
        # `demo_states` (for the crawl); the others are random.
        pool = students[1:] if index == 0 else students
        for course in past.courses.all():
            for user, _student in rng.sample(pool, k=min(len(pool), 6)):
                enrolment = enrolment_services.enrolment_create(actor=user, course=course)
                made["enrolments"] += 1
                if enrolment.status != "enrolled":
                    continue
                for session in course.sessions.all():
                    mark = rng.choices(["present", "late", "absent", "excused"], [70, 10, 12, 8])[0]
                    attendance_services.register_save(
                        actor=admin, session=session, marks={enrolment.pk: mark}
                    )
                    if mark == "absent" and session.number == 1 and course.first_session_required:
                        break  # the place went to the waiting list (first session required)
            made["certificates"] += attendance_services.certificates_issue_for_course(
                actor=admin, course=course
            )
        upcoming = college.terms.get(name="Spring 2027")
        for course in upcoming.courses.all():
            for user, _ in rng.sample(pool if course.capacity < 14 else students, k=4):
                enrolment_services.enrolment_create(actor=user, course=course)
                made["enrolments"] += 1
        if index == 0:
            made["certificates"] += demo_states.load(
                admin, college, manager, past, upcoming, students
            )["certificates"]
            user, student = students[0]
            plan = plan_services.plan_save(
                actor=user,
                student=student,
                goals="Feel confident enough to join a walking group, and sleep better.\nMaybe one day co-deliver a course myself.",
                courses=list(upcoming.courses.all()[:2]),
            )
            plan_services.plan_share(actor=user, plan=plan, advisor=advisor)
            plan_services.plan_note_add(
                actor=advisor,
                plan=plan,
                text="We met after the anxiety course. Next: look at the peer trainer course in the summer.",
                kind="review",
            )
    return made


def demo_logins() -> list[tuple[str, str, str]]:
    from recoverynet.network.demo.data import DEMO_PASSWORD

    return [
        (
            f"manager.oxford-recovery-college@{DOMAIN}",
            DEMO_PASSWORD,
            "manager of Oxford Recovery College",
        ),
        (f"jo.peer@{DOMAIN}", DEMO_PASSWORD, "peer trainer at Oxford Recovery College"),
        (f"aisha.rahman@{DOMAIN}", DEMO_PASSWORD, "peer trainer at Oxford and Nottingham"),
        (
            f"advisor.oxford-recovery-college@{DOMAIN}",
            DEMO_PASSWORD,
            "learning advisor, Oxford (student.oxford shares a learning plan)",
        ),
    ]
