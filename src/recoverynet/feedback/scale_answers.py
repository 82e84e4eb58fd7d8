"""generate_scale for feedback: each form's questions (the app's default questions and two of the
organisers' own) and its responses, answers, respondents and room cards (see scale.py for the
rules the rows keep)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from recoverynet.core import tokens
from recoverynet.core.scale import ScaleContext, insert

from .models import (
    Answer,
    FeedbackForm,
    FormStatus,
    Question,
    QuestionKind,
    Respondent,
    Response,
    RoomCard,
)
from .services.common import CODE_ALPHABET, keyed_tag
from .services.forms import QuestionInput, default_questions

EXTRA_QUESTIONS = [
    QuestionInput(
        QuestionKind.RATING,
        "How well were people with lived experience involved in the day?",
        "1 is not at all, 5 is fully: as speakers, facilitators and in the room.",
    ),
    QuestionInput(
        QuestionKind.CHOICE,
        "How did you hear about it?",
        choices=["The newsletter", "A colleague", "The website", "Social media"],
    ),
]
# How often each question (in order) is answered: the overall rating is required.
ANSWERED = (1.0, 0.7, 0.85, 0.55, 0.45, 0.1, 0.75, 0.6)
OVERALL_WEIGHTS = (2, 6, 17, 40, 35)  # ratings 1 to 5
WORDS = (
    "Hopeful", "Inspiring", "Positive", "Thought-provoking", "Improvement in progress",
    "Energising", "Reassuring", "Honest", "Together", "Listened to", "Practical", "Challenging",
    "Co-produced", "Welcoming", "Eye-opening", "Useful", "Too rushed", "Motivating",
)  # fmt: skip
HELPED = (
    "Hearing people with lived experience and staff talk about risk at the same table.",
    "Practical ideas we can try on the ward next week.",
    "Time to plan with people from my own service.",
    "The stories from peer workers. I will not forget them.",
    "Being asked what I thought, and being listened to.",
    "The small group work in the afternoon.",
    "Meeting people from other trusts who face the same problems.",
    "Clear examples of co-production that actually changed something.",
)
BETTER = (
    "More time for the action plans at the end.",
    "A quieter room for the small groups.",
    "Send the slides before the day.",
    "Longer lunch so we could keep talking.",
    "Start a little later for those travelling far.",
    "More voices from families and carers.",
)
NOTES = (
    "The hearing loop did not work in the main room.",
    "Please can the vegetarian option be labelled next time.",
    "I would like to help plan the next one.",
)
HIDDEN_REASON = "Names a member of staff"


def short_code(ctx: ScaleContext, taken: set[str]) -> str:
    """A form's or a debate's code, as `services.common.short_code` makes them, unique."""
    while True:
        code = "".join(ctx.rng.choice(CODE_ALPHABET) for _ in range(7))
        if code not in taken:
            taken.add(code)
            return code


def salt(ctx: ScaleContext) -> str:
    return f"{ctx.rng.getrandbits(256):064x}"


def random_digest(ctx: ScaleContext) -> str:
    """A digest of a token or code nobody holds (64 hexadecimal characters, as a SHA-256)."""
    return f"{ctx.rng.getrandbits(256):064x}"


def question_rows(form_id: int) -> list[Question]:
    """The default questions (services.forms.default_questions) and two extra, in order."""
    return [
        Question(
            form_id=form_id,
            order=i + 1,
            kind=q.kind,
            purpose=q.purpose,
            text=q.text,
            hint=q.hint,
            required=q.required,
            choices=list(q.choices),
            max_length=1 if q.kind == QuestionKind.RATING else q.max_length,
        )
        for i, q in enumerate(default_questions("Event") + EXTRA_QUESTIONS)
    ]


@dataclass(frozen=True)
class AnswerPlan:
    form: FeedbackForm
    questions: list[Question]
    attendees: list[int]  # checked-in people with an account
    busy: bool = False
    card_token: str = ""  # a known device token for the first room card
    responses_wanted: int = 0  # the busy form: top up with room cards to this many


def responses_for(ctx: ScaleContext, plans: list[AnswerPlan]) -> None:
    responses: list[Response] = []
    answers: list[Answer] = []
    respondents: list[Respondent] = []
    cards: list[RoomCard] = []
    for plan in plans:
        _plan_rows(ctx, plan, responses, answers, respondents, cards)
    insert(ctx, Response, responses)
    insert(ctx, Answer, answers)
    insert(ctx, Respondent, respondents)
    insert(ctx, RoomCard, cards)
    for label, rows in (
        ("feedback responses", responses),
        ("feedback answers", answers),
        ("feedback respondents", respondents),
        ("room cards (forms)", cards),
    ):
        ctx.counts[label] = ctx.counts.get(label, 0) + len(rows)


def _plan_rows(
    ctx: ScaleContext,
    plan: AnswerPlan,
    responses: list[Response],
    answers: list[Answer],
    respondents: list[Respondent],
    cards: list[RoomCard],
) -> None:
    form = plan.form
    people = list(plan.attendees)
    if plan.busy:
        chosen = people[: plan.responses_wanted]
        with_cards = max(1, plan.responses_wanted - len(chosen))
    else:
        share = ctx.rng.uniform(0.65, 1.0)
        chosen = sorted(ctx.rng.sample(people, round(len(people) * share)))
        with_cards = ctx.rng.choice((0, 0, 0, 1, 2, 3, 5))
    open_form = form.status == FormStatus.OPEN
    # Who answered, in person order; their responses below in another order (no position links
    # a respondent to a response).
    respondents.extend(Respondent(id=ctx.uuid(), form_id=form.pk, person_id=p) for p in chosen)
    tags = [keyed_tag("response", form.salt, p) if open_form else "" for p in chosen]
    for n in range(with_cards):
        token = (
            plan.card_token if n == 0 and plan.card_token else f"rf_{ctx.rng.getrandbits(192):048x}"
        )
        cards.append(
            RoomCard(
                id=ctx.uuid(),
                form_id=form.pk,
                code_hash=random_digest(ctx),
                used=True,
                token_hash=tokens.digest(token),
            )
        )
        tags.append(keyed_tag("response", form.salt, f"card:{token}") if open_form else "")
    cards.extend(
        RoomCard(id=ctx.uuid(), form_id=form.pk, code_hash=random_digest(ctx))
        for _ in range(ctx.rng.choice((0, 1, 2)) if with_cards else 0)
    )
    ctx.rng.shuffle(tags)
    hidden_at = (form.closes_at or ctx.anchor) - datetime.timedelta(days=2)
    for tag in tags:
        response = Response(id=ctx.uuid(), form_id=form.pk, edit_tag=tag)
        responses.append(response)
        answers.extend(_answers(ctx, response, plan.questions, hidden_at))


def _answers(
    ctx: ScaleContext, response: Response, questions: list[Question], hidden_at: datetime.datetime
) -> list[Answer]:
    rng = ctx.rng
    overall = rng.choices((1, 2, 3, 4, 5), weights=OVERALL_WEIGHTS)[0]
    values: list[tuple[int | None, str]] = [
        (overall, ""),
        (None, rng.choice(WORDS)),
        (None, "Yes" if overall >= 4 and rng.random() < 0.85 else rng.choice(("Maybe", "No"))),
        (None, rng.choice(HELPED)),
        (None, rng.choice(BETTER)),
        (None, rng.choice(NOTES)),
        (max(1, min(5, overall + rng.choice((-1, 0, 0, 1)))), ""),
        (None, rng.choice(questions[7].choices) if len(questions) > 7 else ""),
    ]
    made = []
    for question, share, (rating, text) in zip(questions, ANSWERED, values, strict=False):
        if rng.random() >= share:
            continue
        hide = bool(text) and question.kind == QuestionKind.LONG_TEXT and rng.random() < 0.003
        made.append(
            Answer(
                id=ctx.uuid(),
                response_id=response.pk,
                question_id=question.pk,
                rating=rating,
                text=text,
                hidden_reason=HIDDEN_REASON if hide else "",
                hidden_at=hidden_at if hide else None,
            )
        )
    return made
