"""generate_scale for colleges, part 1 of a group: terms, courses, sessions and facilitators (see
scale.py). Every session has a peer trainer and a professional trainer, as the course services want
before publishing; a few finished courses lacked one at a session and record why, as
`course_publish` requires."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from recoverynet.core.scale import ScaleContext, insert

from .models import (
    Course,
    CourseSession,
    CourseStatus,
    Facilitator,
    FacilitatorRole,
    Term,
    TermStatus,
)
from .scale_parts import (
    CATALOGUE,
    TERM_LENGTH_DAYS,
    CollegePlan,
    CourseInfo,
    TermSlot,
    term_name,
)

BUSY_CAPACITY = 30
BUSY_SESSIONS = 12
BUSY_PAST_SESSIONS = 10
SESSION_COUNTS = (1, 2, 3, 4, 5, 6, 8)
SESSION_WEIGHTS = (10, 12, 18, 30, 12, 12, 6)  # about 4 a course (3.9)
CAPACITIES = (12, 14, 15, 16, 18, 20, 24)
NO_PROFESSIONAL = (
    "The professional trainer was unwell; the course went ahead with two peer trainers."
)


@dataclass
class Spec:
    """How a course's sessions go, decided with the course."""

    sessions: int
    busy: bool
    gap: bool  # its last session had no professional trainer
    online: bool
    venue: int
    peer: int
    professional: int
    volunteer: int | None
    first: datetime.date
    hour: int
    current: bool
    rank: int


def courses_for_group(
    ctx: ScaleContext, group: list[CollegePlan], calendar: list[TermSlot]
) -> list[CourseInfo]:
    shifts = [ctx.rng.randint(0, 6) for _ in group]
    previous_terms: dict[int, int] = {}
    previous_courses: dict[int, dict[str, int]] = {}
    made: list[tuple[CollegePlan, Course, Spec]] = []
    for slot in calendar:  # term by term, so each can be copied from the one before
        terms = insert(
            ctx,
            Term,
            [
                _term(ctx, p, slot, shift, previous_terms.get(p.pk))
                for p, shift in zip(group, shifts, strict=True)
            ],
        )
        specs = [
            pair
            for plan, term in zip(group, terms, strict=True)
            for pair in _courses(ctx, plan, term, slot, previous_courses.get(plan.pk, {}))
        ]
        courses = insert(ctx, Course, [course for _, course, _ in specs])
        for (plan, _, spec), course in zip(specs, courses, strict=True):
            made.append((plan, course, spec))
        previous_terms = {t.college_id: t.pk for t in terms}
        previous_courses = {}
        for plan, course, _ in specs:
            previous_courses.setdefault(plan.pk, {})[course.title] = course.pk
        ctx.counts["terms"] = ctx.counts.get("terms", 0) + len(terms)
    sessions = [_sessions(ctx, plan, course, spec) for plan, course, spec in made]
    insert(ctx, CourseSession, [s for own in sessions for s in own])
    facilitators = [
        f
        for (_, _, spec), own in zip(made, sessions, strict=True)
        for f in _facilitators(spec, own)
    ]
    insert(ctx, Facilitator, facilitators)
    ctx.ids.setdefault("colleges.courses", []).extend(c.pk for _, c, _ in made)
    ctx.ids.setdefault("colleges.course_college", []).extend(p.pk for p, _, _ in made)
    for label, count in (
        ("courses", len(made)),
        ("course sessions", sum(len(own) for own in sessions)),
        ("facilitators", len(facilitators)),
    ):
        ctx.counts[label] = ctx.counts.get(label, 0) + count
    infos = [
        _info(plan, course, spec, own)
        for (plan, course, spec), own in zip(made, sessions, strict=True)
    ]
    for info in infos:
        if info.busy:
            ctx.ids["colleges.busy_course"] = [info.pk]
            ctx.ids["colleges.busy_session"] = [info.sessions[BUSY_PAST_SESSIONS - 1][0]]
    return infos


def _term(
    ctx: ScaleContext, plan: CollegePlan, slot: TermSlot, shift: int, copied_from: int | None
) -> Term:
    starts = slot.starts_on - datetime.timedelta(days=shift)
    name = term_name(starts)
    return Term(
        public_id=ctx.uuid(),
        college_id=plan.pk,
        name=name,
        slug=f"{name.lower().replace(' ', '-')}-{slot.index + 1}",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=TERM_LENGTH_DAYS),
        introduction=f"Welcome to our {name} prospectus. Every course is free, written and "
        "taught together by people with lived experience and people with professional training.",
        status=TermStatus.PUBLISHED,
        published_at=datetime.datetime.combine(
            starts - datetime.timedelta(days=42), datetime.time(12), tzinfo=datetime.UTC
        ),
        published_by_id=plan.manager,
        copied_from_id=copied_from,
    )


def _courses(
    ctx: ScaleContext, plan: CollegePlan, term: Term, slot: TermSlot, previous: dict[str, int]
) -> list[tuple[CollegePlan, Course, Spec]]:
    """A term's courses with how their sessions go; `previous` maps a title to the course of
    the term before, which the new one was copied from."""
    count = plan.courses_per_term
    picks = ctx.rng.sample(range(len(CATALOGUE)), min(count, len(CATALOGUE)))
    picks += [ctx.rng.randrange(len(CATALOGUE)) for _ in range(count - len(picks))]
    out: list[tuple[CollegePlan, Course, Spec]] = []
    seen: set[str] = set()
    for rank, pick in enumerate(picks):
        title, topic, suitable, learn = CATALOGUE[pick]
        if title in seen:
            title = f"{title} (evening group {rank})"
        seen.add(title)
        busy = plan.busy and slot.current and rank == 0
        sessions = BUSY_SESSIONS if busy else ctx.rng.choices(SESSION_COUNTS, SESSION_WEIGHTS)[0]
        if busy:  # twice a week: ten sessions past, the eleventh this very day (after the anchor)
            first = ctx.anchor.date() - datetime.timedelta(days=_twice_weekly(BUSY_PAST_SESSIONS))
        else:
            first = term.starts_on + datetime.timedelta(
                days=7 * ctx.rng.randint(1, max(1, 15 - sessions))
            )
            first += datetime.timedelta(days=(ctx.rng.randrange(5) - first.weekday()) % 7)
        gap = not slot.current and ctx.rng.random() < 0.03
        spec = Spec(
            sessions=sessions,
            busy=busy,
            gap=gap,
            online=not busy and ctx.rng.random() < 0.2,
            venue=ctx.rng.choice(plan.venues),
            peer=ctx.rng.choice(plan.peers),
            professional=ctx.rng.choice(plan.professionals),
            volunteer=plan.advisor if ctx.rng.random() < 0.05 else None,
            first=first,
            hour=11 if busy else ctx.rng.choice((10, 13, 18)),
            current=slot.current,
            rank=rank,
        )
        draft = slot.current and not busy and ctx.rng.random() < 0.05
        minimum = None if sessions < 3 or ctx.rng.random() < 0.4 else sessions - 1
        course = Course(
            public_id=ctx.uuid(),
            term_id=term.pk,
            title=title,
            topic=topic,
            suitable_for=suitable,
            what_you_will_learn=f"{learn} Over {sessions} sessions we share ideas, tools and "
            "our own experience, and you choose what to take away.",
            who_for="Anyone who would like to come: no referral needed.",
            accessibility="Materials in large print on request. Bring someone with you if it helps.",
            capacity=BUSY_CAPACITY if busy else ctx.rng.choice(CAPACITIES),
            first_session_required=not busy and ctx.rng.random() < 0.2,
            min_sessions_to_complete=None if busy else minimum,
            offer_hours=48,
            codesigned_by_peer=True,
            codesigned_by_staff=ctx.rng.random() < 0.9,
            codesigned_by_carer=topic == "family",
            status=CourseStatus.DRAFT if draft else CourseStatus.PUBLISHED,
            cofacilitation_reason=NO_PROFESSIONAL if gap else "",
            cofacilitation_reason_by_id=plan.manager if gap else None,
            copied_from_id=previous.get(title),
        )
        out.append((plan, course, spec))
    return out


def _sessions(
    ctx: ScaleContext, plan: CollegePlan, course: Course, spec: Spec
) -> list[CourseSession]:
    zone = ZoneInfo(plan.time_zone)
    out = []
    for number in range(1, spec.sessions + 1):
        gap = _twice_weekly(number - 1) if spec.busy else 7 * (number - 1)
        day = spec.first + datetime.timedelta(days=gap)
        local = datetime.datetime.combine(day, datetime.time(spec.hour), tzinfo=zone)
        starts = local.astimezone(datetime.UTC)
        out.append(
            CourseSession(
                public_id=ctx.uuid(),
                course_id=course.pk,
                number=number,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                online=spec.online,
                venue_id=None if spec.online else spec.venue,
                joining_information=f"https://meet.example.org/{course.public_id.hex[:10]}"
                if spec.online
                else "",
            )
        )
    return out


def _twice_weekly(sessions: int) -> int:
    """Days from the first of twice-weekly sessions (Monday and Thursday) to session n + 1."""
    return 7 * (sessions // 2) + 3 * (sessions % 2)


def _facilitators(spec: Spec, sessions: list[CourseSession]) -> list[Facilitator]:
    rows = []
    for session in sessions:
        rows.append(
            Facilitator(session_id=session.pk, user_id=spec.peer, role=FacilitatorRole.PEER_TRAINER)
        )
        if not (spec.gap and session is sessions[-1]):
            rows.append(
                Facilitator(
                    session_id=session.pk,
                    user_id=spec.professional,
                    role=FacilitatorRole.PROFESSIONAL_TRAINER,
                )
            )
    if spec.volunteer is not None:
        rows.append(
            Facilitator(
                session_id=sessions[0].pk, user_id=spec.volunteer, role=FacilitatorRole.VOLUNTEER
            )
        )
    return rows


def _info(
    plan: CollegePlan, course: Course, spec: Spec, sessions: list[CourseSession]
) -> CourseInfo:
    return CourseInfo(
        pk=course.pk,
        college=plan,
        capacity=course.capacity,
        current=spec.current,
        published=course.status == CourseStatus.PUBLISHED,
        sessions=[(s.pk, s.starts_at) for s in sessions],
        first_required=course.first_session_required,
        minimum=course.min_sessions_to_complete,
        offer_hours=course.offer_hours,
        trainer=spec.peer,
        busy=spec.busy,
        rank=spec.rank,
    )
