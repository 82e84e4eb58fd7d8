"""Demo data for the Learning Network (after the colleges demo, which makes the colleges; any it
has not made are made here): the network's learning days linked to their host colleges; a closed
fidelity review at Nottingham and one in progress at Oxford; a peer review of Oxford by a team from
Nottingham and the start-up college, with its report and Oxford's response; the start-up college
mentored by Nottingham. People are invented. No RECOLLECT wording is loaded (it is licensed).
Idempotent: running it again adds nothing."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.network.models import Network, Organisation, OrganisationKind

from . import fidelity as structure
from .models import College, CollegeStaff, CollegeStage, StaffRole, Student
from .models.network import FidelityReview, LearningDay, MentoringPair, PeerReview

User = get_user_model()
DOMAIN = "demo.recoverynet.example"
PASSWORD = "recovery-demo-2026"

# (organisation slug, name, network slug, stage) of the colleges this part needs.
COLLEGES = [
    ("oxford-recovery-college", "Oxford Recovery College", "uk", CollegeStage.ESTABLISHED),
    ("nottinghamshire-healthcare", "Nottingham Recovery College", "uk", CollegeStage.ESTABLISHED),
    ("mind-recovery-college", "Mind Recovery College", "australasia", CollegeStage.ESTABLISHED),
]
STARTUP = ("sherwood-recovery-college", "Sherwood Recovery College", "uk", CollegeStage.STARTING_UP)

# (key, name, college key, role) of the invented people this part adds.
PEOPLE = [
    ("manager.oxford.college", "Helen Marsh", "oxford", StaffRole.MANAGER),
    ("peer.oxford.college", "Dev Patel", "oxford", StaffRole.PEER_TRAINER),
    ("manager.nottingham.college", "Femi Adeyemi", "nottingham", StaffRole.MANAGER),
    ("peer.nottingham.college", "Sian Lloyd", "nottingham", StaffRole.PEER_TRAINER),
    ("peer2.nottingham.college", "Marek Nowak", "nottingham", StaffRole.PEER_TRAINER),
    ("manager.sherwood.college", "Amira Khan", "sherwood", StaffRole.MANAGER),
]


def _user(key: str, name: str) -> Any:
    email = f"{key}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _college(admin: Any, org_slug: str, name: str, network_slug: str, stage: str) -> College:
    from .services import college as college_services

    organisation = Organisation.objects.filter(slug=org_slug).first()
    existing = (
        College.objects.filter(organisation__slug=org_slug, stage=stage).first()
        or College.objects.filter(name=name).first()
    )
    if existing is not None:
        return existing
    network = Network.objects.get(slug=network_slug)
    if organisation is None:
        from recoverynet.network import services as network_services

        organisation = network_services.organisation_create(
            actor=admin,
            name=name,
            kind=OrganisationKind.RECOVERY_COLLEGE,
            country="England",
            slug=org_slug,
            description="A Recovery College starting up, mentored by Nottingham.",
        )
    return college_services.college_create(
        actor=admin,
        organisation=organisation,
        networks=[network],
        name=name,
        slug=org_slug
        if not College.objects.filter(slug=org_slug).exists()
        else f"{org_slug}-college",
        stage=stage,
    )


def _staff(admin: Any, college: College, key: str, name: str, role: str) -> Any:
    from recoverynet.network import access as network_access
    from recoverynet.network import services as network_services

    from .services import college as college_services

    # Use the colleges demo's people where it made them: its manager, its peer trainers in order
    # (this part's own second peer trainer is made only when the college has just one).
    others = tuple(f"{k}@{DOMAIN}" for k, _n, _c, r in PEOPLE if r == role and k != key)
    existing = [
        row.user
        for row in CollegeStaff.objects.filter(college=college, role=role)
        .select_related("user")
        .order_by("pk")
        if row.user.email not in others
    ]
    ordinal = 1 if key.startswith("peer2.") else 0
    user = existing[ordinal] if len(existing) > ordinal else _user(key, name)
    if not CollegeStaff.objects.filter(college=college, user=user, role=role).exists():
        college_services.staff_role_grant(actor=admin, college=college, user=user, role=role)
    if role == StaffRole.MANAGER and not network_access.is_affiliated(user, college.organisation):
        # College managers are staff of the college's organisation too, so they can work on its
        # action plans (from fidelity and peer reviews) in `plans`.
        network_services.affiliation_add(
            actor=admin, organisation=college.organisation, email=user.email, role="staff"
        )
        network_access.forget_roles(user)
    return user


def _colleges(admin: Any) -> dict[str, College]:
    found = {}
    for (org_slug, name, network_slug, stage), key in zip(
        [*COLLEGES, STARTUP], ["oxford", "nottingham", "mind", "sherwood"], strict=True
    ):
        if key == "sherwood":
            startup = College.objects.filter(stage=CollegeStage.STARTING_UP).order_by("pk").first()
            found[key] = startup or _college(admin, org_slug, name, network_slug, stage)
        else:
            found[key] = _college(admin, org_slug, name, network_slug, stage)
    return found


def load_demo() -> dict[str, int]:
    admin = User.objects.get(email=f"admin@{DOMAIN}")
    colleges = _colleges(admin)
    people = {key: _staff(admin, colleges[c], key, name, role) for key, name, c, role in PEOPLE}
    counts = {"learning days": _learning_days(admin, colleges)}
    counts["fidelity reviews"] = _fidelity(admin, colleges, people)
    counts["peer reviews"] = _peer_review(admin, colleges, people) + _self_review(colleges)
    counts["mentoring pairs"] = _mentoring(admin, colleges, people)
    return counts


def _learning_days(admin: Any, colleges: dict[str, College]) -> int:
    from recoverynet.events import selectors as event_selectors

    from .services import learning_days

    uk = Network.objects.get(slug="uk")
    made = 0
    hosts = {"obtaining commercial buy-in": "oxford", "staff engagement": "nottingham"}
    events = [
        *event_selectors.event_list_upcoming(network_slug="uk"),
        *event_selectors.event_list_past(network_slug="uk"),
    ]
    for event in events:
        theme = next((t for t in hosts if event.title.lower().endswith(t)), None)
        if theme is None or LearningDay.objects.filter(event=event).exists():
            continue
        learning_days.learning_day_link(
            actor=admin,
            network=uk,
            event_public_id=event.public_id,
            host=colleges[hosts[theme]],
            theme=theme.capitalize(),
        )
        made += 1
    return made


def _rate(
    review: FidelityReview, user: Any, scores: list[int], types: list[int] | None = None
) -> None:
    from .services.fidelity import RatingInput, fidelity_ratings_save

    ratings = [RatingInput(c.key, score=s) for c, s in zip(structure.SCORED, scores, strict=True)]
    if types:
        ratings += [
            RatingInput(c.key, type=t) for c, t in zip(structure.MODIFIABLE, types, strict=True)
        ]
    fidelity_ratings_save(actor=user, review=review, ratings=ratings)


def _fidelity(admin: Any, colleges: dict[str, College], people: dict[str, Any]) -> int:
    from .services import fidelity as services

    uk = Network.objects.get(slug="uk")
    made = 0
    nottingham = colleges["nottingham"]
    if not FidelityReview.objects.filter(college=nottingham).exists():
        manager = people["manager.nottingham.college"]
        review = services.fidelity_review_start(
            actor=manager, college=nottingham, network=uk, title="Fidelity review, autumn 2026"
        )
        _rate(review, people["peer.nottingham.college"], [2, 2, 1, 2, 1, 1, 2])
        _rate(review, people["peer2.nottingham.college"], [2, 1, 1, 2, 2, 1, 2])
        _rate(review, manager, [2, 2, 2, 2, 1, 0, 2], [1, 1, 2, 1, 1])
        for student in Student.objects.filter(college=nottingham).select_related("user")[:3]:
            _rate(review, student.user, [2, 2, 2, 1, 2, 1, 2])
        agreed = [2, 2, 1, 2, 1, 1, 2]  # total 11, the English survey's median
        for component, score in zip(structure.SCORED, agreed, strict=True):
            services.fidelity_agree(
                actor=manager,
                review=review,
                component=component.key,
                score=score,
                rationale="Agreed at the review meeting with students and peer trainers.",
            )
        for component, type_ in zip(structure.MODIFIABLE, [1, 1, 2, 1, 1], strict=True):
            services.fidelity_agree(
                actor=manager, review=review, component=component.key, type=type_
            )
        services.fidelity_review_close(actor=manager, review=review)
        made += 1
    oxford = colleges["oxford"]
    if not FidelityReview.objects.filter(college=oxford).exists():
        manager = people["manager.oxford.college"]
        review = services.fidelity_review_start(
            actor=manager, college=oxford, network=uk, title="Fidelity review, winter 2026"
        )
        _rate(review, people["peer.oxford.college"], [2, 1, 2, 2, 0, 1, 2])
        _rate(review, manager, [2, 2, 2, 2, 2, 1, 2], [1, 2, 1, 1, 2])
        services.fidelity_agree(actor=manager, review=review, component="valuing_equality", score=2)
        made += 1
    return made


def _peer_review(admin: Any, colleges: dict[str, College], people: dict[str, Any]) -> int:
    from .services import peer_review as services
    from .services import peer_review_visit as visit

    oxford = colleges["oxford"]
    if PeerReview.objects.filter(college=oxford).exists():
        return 0
    uk = Network.objects.get(slug="uk")
    consultant = User.objects.get(email=f"consultant.uk@{DOMAIN}")
    review = services.peer_review_start(actor=consultant, network=uk, college=oxford)
    services.self_review_save(
        actor=people["manager.oxford.college"],
        review=review,
        entries=[
            services.SelfReviewInput(
                c.key,
                "partly" if c.key in {"community_focus", "social_connectedness"} else "met",
                "Courses are co-designed and co-delivered by peer and professional trainers.",
                "Prospectus, co-production records, student feedback.",
            )
            for c in structure.COMPONENTS
        ],
        submit=True,
    )
    lead = people["manager.nottingham.college"]
    lived = people["peer.nottingham.college"]
    services.reviewer_add(
        actor=consultant,
        review=review,
        email=lead.email,
        home_college=colleges["nottingham"],
        role="lead",
    )
    services.reviewer_add(
        actor=consultant,
        review=review,
        email=lived.email,
        home_college=colleges["nottingham"],
        role="lived_experience",
    )
    services.reviewer_add(
        actor=consultant,
        review=review,
        email=people["manager.sherwood.college"].email,
        home_college=colleges["sherwood"],
        role="peer",
    )
    visit.visit_plan(
        actor=consultant, review=review, visit_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    for member in (lead, lived):
        services.confidentiality_agree(actor=member, review=review)
    for start, end, what, who in [
        (10, 11, "Welcome and the college's story", "Manager and peer trainers"),
        (11, 12, "Sit in on a course session", "Students and trainers"),
        (13, 14, "Conversation with students", "Students (no staff present)"),
        (14, 15, "Preliminary findings", "Everyone"),
    ]:
        visit.visit_slot_add(
            actor=lead,
            review=review,
            starts_at=datetime.time(start),
            ends_at=datetime.time(end),
            activity=what,
            with_whom=who,
        )
    for kind, text in [
        ("preliminary", "Students describe the college as a place where they are equals."),
        (
            "strength",
            "Every course we saw was co-facilitated by a peer and a professional trainer.",
        ),
        ("strength", "Students help write the prospectus."),
        (
            "recommendation",
            "Reach people from communities the college does not yet see, with partners.",
        ),
        ("recommendation", "Offer courses in the evening for students who work."),
    ]:
        visit.finding_add(
            actor=lead if kind != "preliminary" else lived, review=review, kind=kind, text=text
        )
    visit.report_publish(
        actor=lead,
        review=review,
        summary="Oxford Recovery College is a warm, co-produced college. The team recommends "
        "widening its reach and its timetable.",
    )
    visit.response_save(
        actor=people["manager.oxford.college"],
        review=review,
        response="Thank you. We will pilot two evening courses in spring and work with two "
        "community partners on outreach.",
    )
    return 1


def _self_review(colleges: dict[str, College]) -> int:
    """A second review, of Nottingham, still at its self-review (the crawl reaches that page)."""
    from .services import peer_review as services

    if PeerReview.objects.filter(college=colleges["nottingham"]).exists():
        return 0
    consultant = User.objects.get(email=f"consultant.uk@{DOMAIN}")
    uk = Network.objects.get(slug="uk")
    services.peer_review_start(actor=consultant, network=uk, college=colleges["nottingham"])
    return 1


def _mentoring(admin: Any, colleges: dict[str, College], people: dict[str, Any]) -> int:
    from .services import mentoring as services

    nottingham, startup = colleges["nottingham"], colleges["sherwood"]
    if MentoringPair.objects.filter(mentor=nottingham, mentee=startup).exists():
        return 0
    uk = Network.objects.get(slug="uk")
    consultant = User.objects.get(email=f"consultant.uk@{DOMAIN}")
    services.mentor_capacity_set(actor=consultant, college=nottingham, capacity=2)
    today = timezone.localdate()
    pair = services.pair_create(
        actor=consultant,
        network=uk,
        mentor=nottingham,
        mentee=startup,
        started_on=today - datetime.timedelta(days=90),
        goals=[
            "Co-produce the first term's prospectus with students",
            "Recruit and support two peer trainers",
            "Agree how the college will know it is making a difference",
        ],
    )
    for days, notes in [
        (75, "Met at Nottingham. Walked through how their co-production group works."),
        (30, "Reviewed the draft prospectus together; two courses now have a peer trainer."),
    ]:
        services.check_in_record(
            actor=people["manager.nottingham.college"],
            pair=pair,
            held_on=today - datetime.timedelta(days=days),
            notes=notes,
        )
    goal = pair.goals.order_by("id").first()
    if goal is not None:
        services.goal_update(
            actor=people["manager.nottingham.college"],
            pair=pair,
            goal_id=goal.pk,
            status="achieved",
        )
    return 1


def demo_logins() -> list[tuple[str, str, str]]:
    """Only the people this part had to add (the colleges demo lists its own)."""
    made = set(
        User.objects.filter(email__in=[f"{key}@{DOMAIN}" for key, *_ in PEOPLE]).values_list(
            "email", flat=True
        )
    )
    return [
        (f"{key}@{DOMAIN}", PASSWORD, f"{name}, {StaffRole(role).label.lower()} ({college})")
        for key, name, college, role in PEOPLE
        if f"{key}@{DOMAIN}" in made
    ]
