"""What the colleges' scale generators share (see scale.py): the plan of each college, the term
calendar, the course catalogue and the per-course facts the student part needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recoverynet.core.scale import ScaleContext

# A term starts every 121 days and lasts 16 weeks; the current one started 6 weeks before the
# anchor: a few of its courses are finished, some running, most to come.
TERM_EVERY_DAYS = 121
TERM_LENGTH_DAYS = 112
CURRENT_TERM_STARTED_DAYS_AGO = 42


@dataclass
class CollegePlan:
    """One college as the generators see it (primary keys filled in as rows are made)."""

    index: int
    organisation: int
    network: int
    time_zone: str
    busy: bool
    stage: str
    courses_per_term: int
    students: int
    pk: int = 0
    slug: str = ""
    venues: list[int] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    manager: int = 0
    administrator: int = 0
    advisor: int = 0
    peers: list[int] = field(default_factory=list)
    professionals: list[int] = field(default_factory=list)
    staff_orgs: dict[int, int] = field(default_factory=dict)  # staff user → their organisation
    # A few of its students' users (fidelity raters), filled in by the student part.
    student_users: list[int] = field(default_factory=list)


@dataclass
class GroupState:
    """Carried from one group of colleges to the next."""

    password: str
    next_user: int = 0


@dataclass(frozen=True)
class TermSlot:
    index: int
    starts_on: datetime.date
    current: bool


@dataclass
class CourseInfo:
    """A course as the student part needs it: places, sessions (pk, start), completion rule."""

    pk: int
    college: CollegePlan
    capacity: int
    current: bool
    published: bool
    sessions: list[tuple[int, datetime.datetime]]
    first_required: bool
    minimum: int | None
    offer_hours: int
    trainer: int
    busy: bool
    rank: int  # its position in its term (the busy student takes the first few)


def term_calendar(ctx: ScaleContext, terms: int) -> list[TermSlot]:
    """The terms every college runs (each college shifts them by up to a week)."""
    current = ctx.anchor.date() - datetime.timedelta(days=CURRENT_TERM_STARTED_DAYS_AGO)
    return [
        TermSlot(
            index=k,
            starts_on=current - datetime.timedelta(days=(terms - 1 - k) * TERM_EVERY_DAYS),
            current=k == terms - 1,
        )
        for k in range(terms)
    ]


def term_name(day: datetime.date) -> str:
    season = "Spring" if day.month <= 4 else "Summer" if day.month <= 8 else "Autumn"
    return f"{season} {day.year}"


# (title, topic, suitable for, what you will learn)
CATALOGUE: tuple[tuple[str, str, str, str], ...] = (
    (
        "Understanding anxiety",
        "understanding",
        "everyone",
        "What anxiety is and how to live well with it.",
    ),
    (
        "Understanding depression",
        "understanding",
        "everyone",
        "What depression can feel like, and what helps.",
    ),
    (
        "Understanding psychosis",
        "understanding",
        "everyone",
        "Experiences of psychosis, told by people who have lived them.",
    ),
    (
        "Hearing voices",
        "understanding",
        "lived_experience",
        "Making sense of voices and ways of coping with them.",
    ),
    (
        "Understanding trauma",
        "understanding",
        "everyone",
        "How trauma affects us, and ways towards safety.",
    ),
    (
        "Introduction to recovery",
        "recovery",
        "everyone",
        "Hope, control and opportunity in personal recovery.",
    ),
    (
        "Wellness recovery action planning",
        "recovery",
        "everyone",
        "Writing your own plan to stay well.",
    ),
    (
        "Recovery and relapse prevention",
        "recovery",
        "lived_experience",
        "Noticing early signs and planning for them.",
    ),
    ("Tree of life", "recovery", "everyone", "Telling your story through the tree of life."),
    ("Sleeping well", "living_well", "everyone", "Why sleep matters, and small changes to try."),
    (
        "Mindfulness for beginners",
        "living_well",
        "everyone",
        "Short practices for noticing the present.",
    ),
    ("Eating well on a budget", "living_well", "everyone", "Simple meals, planning and shopping."),
    (
        "Moving more",
        "living_well",
        "everyone",
        "Gentle ways to be active, whatever your starting point.",
    ),
    (
        "Creative writing for wellbeing",
        "living_well",
        "everyone",
        "Writing as a way to notice and express.",
    ),
    ("Managing stress", "living_well", "everyone", "Where stress comes from and what helps."),
    (
        "Building your confidence",
        "life_skills",
        "everyone",
        "Noticing strengths and setting small goals.",
    ),
    ("Managing money", "life_skills", "everyone", "Budgets, benefits and dealing with debt."),
    (
        "Getting back to work",
        "life_skills",
        "everyone",
        "Volunteering, study and paid work after time away.",
    ),
    ("Assertiveness", "life_skills", "everyone", "Saying what you need, kindly and clearly."),
    (
        "Digital skills",
        "life_skills",
        "everyone",
        "Getting online safely: e-mail, video calls, forms.",
    ),
    (
        "Supporting someone you care about",
        "family",
        "family_carers",
        "Looking after them, and yourself.",
    ),
    ("Carers' rights", "family", "family_carers", "What support carers can ask for, and how."),
    ("Family recovery", "family", "family_carers", "Recovery as a family: hope and boundaries."),
    (
        "Becoming a peer trainer",
        "getting_involved",
        "lived_experience",
        "Using your lived experience to co-deliver courses.",
    ),
    (
        "Co-production in practice",
        "getting_involved",
        "everyone",
        "Working as equals with services.",
    ),
    (
        "Telling your story safely",
        "getting_involved",
        "lived_experience",
        "Sharing your experience on your own terms.",
    ),
    (
        "Recovery for staff",
        "recovery",
        "staff",
        "Recovery-focused practice for staff and volunteers.",
    ),
    (
        "Trauma-informed practice",
        "understanding",
        "staff",
        "What trauma-informed care looks like day to day.",
    ),
    (
        "Self-harm: understanding and support",
        "understanding",
        "everyone",
        "Why people self-harm and what helps.",
    ),
    (
        "Living with long-term pain",
        "living_well",
        "everyone",
        "Pacing, movement and the mind-body link.",
    ),
)
MARKS = ("present", "late", "absent", "excused")
GOALS = (
    "I want to feel more confident meeting new people.",
    "Get back into a routine and sleep better.",
    "Find out about volunteering and maybe training as a peer trainer.",
    "Understand my diagnosis and what helps me.",
    "Learn ways to manage stress at work.",
    "Support my son better and look after myself too.",
)
NOTES = (
    "Enjoyed the first session more than I expected.",
    "Talked about next term's courses; the digital skills course looks useful.",
    "Review: two goals met, one carried over to next term.",
    "Finding the evening sessions easier to get to.",
    "Would like to try the peer trainer course next.",
)
