"""generate_scale for Recovery Colleges: 250 colleges over the three networks (each run by a member
organisation, with staff from its people), 2 venues and 6 terms each (two years; the last is the
current, published prospectus), ~22,500 co-facilitated courses with ~88,000 sessions (two
facilitators each), 100,000 students (new people), ~290,000 enrolments with waiting lists, ~800,000
attendance marks for the sessions already past, ~70,000 certificates, 20,000 learning plans; and the
Learning Network side in small numbers (fidelity reviews, peer reviews, mentoring, learning days).
See core/scale.py.

The colleges are made in groups (a few thousand students at a time), so memory stays flat. One
busy college (the first) has ~2,000 students; its current term has a course with 30 students, 5
waiting and 12 sessions twice a week, the first 10 of them past with a full register.

Ids left: "colleges.colleges"; "colleges.courses" with "colleges.course_college" (the college of
each, same position); "colleges.students" (Student ids); "colleges.busy_college",
"colleges.busy_course", "colleges.busy_session" (its last past session), "colleges.busy_student"
(a Student of the busy college with many enrolments and a shared learning plan),
"colleges.busy_manager" (the busy college's manager, a User id).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.hashers import make_password

from recoverynet.core.scale import Progress, ScaleContext, bulk, insert, register
from recoverynet.network.models import Network
from recoverynet.network.scale import PLACES, SCALE_DOMAIN, SCALE_PASSWORD

from .models import College, CollegeStaff, CollegeStage, RegistrationQuestion, StaffRole, Venue
from .scale_network import learning_network
from .scale_parts import CollegePlan, GroupState, term_calendar
from .scale_students import students_for_group
from .scale_terms import courses_for_group

COLLEGES = 250
COURSES = 22_500
STUDENTS = 100_000
BUSY_STUDENTS = 2_000
BUSY_COURSES_PER_TERM = 30
TERMS = 6
# A group is made in one go: about this many students (and their colleges' courses) at a time.
GROUP_STUDENTS = 4_000
QUESTIONS = (
    ("How did you hear about the college?", "For example a friend, your GP or a poster."),
    ("Is there anything that would make learning easier for you?", "Only if you want to say."),
)


def generate(ctx: ScaleContext) -> None:
    networks = {n.pk: n for n in Network.objects.order_by("pk")}  # the UK network first
    plans = _colleges(ctx, networks)
    calendar = term_calendar(ctx, TERMS)
    state = GroupState(password=make_password(SCALE_PASSWORD))
    progress = Progress(ctx, "students", sum(p.students for p in plans))
    group: list[CollegePlan] = []
    for plan in plans:
        group.append(plan)
        if sum(p.students for p in group) >= GROUP_STUDENTS or plan is plans[-1]:
            courses = courses_for_group(ctx, group, calendar)
            progress.step(students_for_group(ctx, group, courses, state))
            group = []
    progress.close()
    learning_network(ctx, plans, networks)


def _colleges(ctx: ScaleContext, networks: dict[int, Network]) -> list[CollegePlan]:
    """The colleges, their networks, venues, staff and registration questions."""
    orgs, org_networks = ctx.ids["network.organisations"], ctx.ids["network.organisation_network"]
    count = min(ctx.n(COLLEGES, minimum=3), len(orgs))
    # One organisation per college: the first of each network first, so each has a college.
    firsts = [org_networks.index(n) for n in networks if n in org_networks]
    first_set = set(firsts)
    rest = [i for i in range(len(orgs)) if i not in first_set]
    chosen = firsts + ctx.rng.sample(rest, max(0, count - len(firsts)))
    chosen = chosen[:count]
    sizes = _sizes(ctx, count)
    plans = [
        CollegePlan(
            index=i,
            organisation=orgs[o],
            network=org_networks[o],
            time_zone=networks[org_networks[o]].time_zone,
            busy=i == 0,
            # A few colleges are starting up (the fourth always, so that one is mentored).
            stage=CollegeStage.STARTING_UP
            if i == 3 or (i > 0 and ctx.rng.random() < 0.15)
            else CollegeStage.ESTABLISHED,
            courses_per_term=sizes[i][0],
            students=sizes[i][1],
        )
        for i, o in enumerate(chosen)
    ]
    made = insert(ctx, College, [_college(ctx, p) for p in plans])
    for plan, college in zip(plans, made, strict=True):
        plan.pk, plan.slug = college.pk, college.slug
    ctx.ids["colleges.colleges"] = [p.pk for p in plans]
    ctx.ids["colleges.busy_college"] = [plans[0].pk]
    through = College.networks.through
    insert(ctx, through, [through(college_id=p.pk, network_id=p.network) for p in plans])
    venues = insert(ctx, Venue, [v for p in plans for v in _venues(ctx, p)])
    for plan in plans:
        plan.venues = [v.pk for v in venues if v.college_id == plan.pk]
    _staff(ctx, plans)
    questions = insert(
        ctx,
        RegistrationQuestion,
        [
            RegistrationQuestion(college_id=p.pk, label=label, hint=hint, order=k + 1)
            for p in plans
            for k, (label, hint) in enumerate(QUESTIONS)
        ],
    )
    for plan in plans:
        plan.questions = [q.pk for q in questions if q.college_id == plan.pk]
    ctx.counts["colleges"] = len(plans)
    ctx.counts["college venues"] = len(venues)
    return plans


def _sizes(ctx: ScaleContext, count: int) -> list[tuple[int, int]]:
    """(courses a term, students) per college: the busy one first, the others by a random weight."""
    courses, students = ctx.n(COURSES, minimum=count * TERMS * 2), ctx.n(STUDENTS, minimum=100)
    average = courses / (count * TERMS)
    busy_courses = min(BUSY_COURSES_PER_TERM, max(6, round(2 * average)))
    # The busy college is the biggest at any size (at small sizes, four times the average).
    busy_students = min(BUSY_STUDENTS, max(ctx.n(BUSY_STUDENTS), 4 * students // count))
    busy_students = max(40, min(busy_students, students // 2))
    weights = [ctx.rng.uniform(0.5, 1.5) for _ in range(count - 1)]
    total = sum(weights) or 1.0
    left_courses = max(0, courses - busy_courses * TERMS) / TERMS
    per_term = [max(2, round(left_courses * w / total)) for w in weights]
    all_terms = sum(per_term) or 1
    left_students = students - busy_students
    return [(busy_courses, busy_students)] + [
        (c, max(12, round(left_students * c / all_terms))) for c in per_term
    ]


def _college(ctx: ScaleContext, plan: CollegePlan) -> College:
    place = ctx.rng.choice(PLACES)
    name = f"{place} Recovery College {plan.index}"
    return College(
        public_id=ctx.uuid(),
        organisation_id=plan.organisation,
        name=name,
        slug=f"scale-college-{plan.index}",
        stage=plan.stage,
        summary=f"Free courses about recovery and wellbeing, written and taught with people "
        f"who have lived experience, in and around {place}.",
        who_for="Anyone aged 18 or over: people who use services, families, friends, carers "
        "and staff.",
        how_to_enrol="Register online, then enrol on the courses you choose. "
        "You can also phone us and we will do it with you.",
        contact_email=f"college{plan.index}@{SCALE_DOMAIN}",
        contact_phone=f"0{ctx.rng.randint(1000, 9999)} {ctx.rng.randint(100000, 999999)}",
        time_zone=plan.time_zone,
        certificate_signatory="The college manager",
    )


def _venues(ctx: ScaleContext, plan: CollegePlan) -> Iterator[Venue]:
    place = ctx.rng.choice(PLACES)
    yield Venue(
        college_id=plan.pk,
        name=f"{place} Community Centre",
        address=f"{ctx.rng.randint(1, 200)} High Street, {place}",
        access_information="Step-free entrance; accessible toilet; a quiet room.",
    )
    yield Venue(
        college_id=plan.pk,
        name=f"{place} Library",
        address=f"Library Way, {place}",
        access_information="Lift to the first floor; hearing loop.",
    )


def _staff(ctx: ScaleContext, plans: list[CollegePlan]) -> None:
    """Each college's staff from its organisation's people (never a recovery lead or a network
    team member, whom other benchmarks sign in as); the network's people when it has too few."""
    users, user_orgs = ctx.ids["network.users"], ctx.ids["network.user_organisation"]
    org_network = dict(
        zip(ctx.ids["network.organisations"], ctx.ids["network.organisation_network"], strict=True)
    )
    barred = set(ctx.ids["network.leads"]) | set(ctx.ids["network.team"])
    org_of = dict(zip(users, user_orgs, strict=True))
    by_org: dict[int, list[int]] = {}
    by_network: dict[int, list[int]] = {}
    for user, org in zip(users, user_orgs, strict=True):
        if user not in barred:
            by_org.setdefault(org, []).append(user)
            by_network.setdefault(org_network[org], []).append(user)
    used: set[int] = set()
    rows: list[CollegeStaff] = []
    for plan in plans:
        trainers = max(3, plan.courses_per_term // 5)
        needed = 3 + 2 * trainers
        pool = [u for u in by_org.get(plan.organisation, []) if u not in used]
        if len(pool) < needed:
            others = [u for u in by_network.get(plan.network, []) if u not in used]
            pool += ctx.rng.sample(others, min(len(others), needed - len(pool)))
        if len(pool) < needed:  # a tiny installation: share people between colleges
            pool += ctx.rng.sample(users, needed - len(pool))
        people = pool[:needed]
        used.update(people)
        plan.manager, plan.administrator, plan.advisor = people[0], people[1], people[2]
        plan.peers = people[3 : 3 + trainers]
        plan.professionals = people[3 + trainers : needed]
        plan.staff_orgs = {u: org_of[u] for u in people}
        roles = [
            (plan.manager, StaffRole.MANAGER),
            (plan.administrator, StaffRole.ADMINISTRATOR),
            (plan.advisor, StaffRole.LEARNING_ADVISOR),
            *((u, StaffRole.PEER_TRAINER) for u in plan.peers),
            *((u, StaffRole.PROFESSIONAL_TRAINER) for u in plan.professionals),
        ]
        rows.extend(CollegeStaff(college_id=plan.pk, user_id=u, role=r) for u, r in roles)
    bulk(ctx, "college staff roles", CollegeStaff, iter(rows), len(rows))
    ctx.ids["colleges.busy_manager"] = [plans[0].manager]


register("Recovery Colleges, courses and students", 60, generate)
