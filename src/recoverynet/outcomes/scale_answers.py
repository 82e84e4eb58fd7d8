"""generate_scale for outcomes: each collection's people, their invitations, pseudonyms, linkage
keys, responses and answers (see scale.py for the rules the rows keep). Scores come from
`instruments.scoring.score`, as `services.answers_save` stores them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recoverynet.core.scale import ScaleContext, insert

from . import linkage
from .instruments import Definition
from .instruments.scoring import score
from .models import (
    Answer,
    Collection,
    InstrumentVersion,
    Invitation,
    Participant,
    Pseudonym,
    Response,
    ResponseStatus,
    Timepoint,
)

REMINDER_DAYS, MAX_REMINDERS = 7, 2  # the collections' defaults
# Share answering each timepoint once it has opened: (busy collection, any other).
BASELINE = (0.95, 0.8)
FOLLOW_UP = (0.88, 0.55)  # of those who answered the timepoint before
WITHOUT_BEFORE = (0.05, 0.08)  # of those who did not
OPEN_NOW = 0.6  # a timepoint still open has had fewer answers so far
DRAFTS = 0.15  # of the others at an open timepoint: saved, not finished


@dataclass
class Cohort:
    collection: Collection
    timepoints: list[Timepoint]
    instruments: list[tuple[InstrumentVersion, Definition]]
    members: list[tuple[str, str, int | None]]  # (name, e-mail, user id)
    busy: bool = False


@dataclass
class Person:
    """One member's part: what they answered at each timepoint (position → (date, finished))."""

    participant: Participant | None
    answered: dict[int, tuple[datetime.date, bool]] = field(default_factory=dict)
    level: dict[int, float] = field(default_factory=dict)  # instrument id → where they start
    change: float = 0.0


def people_and_answers(ctx: ScaleContext, cohorts: list[Cohort], today: datetime.date) -> None:
    by_cohort: list[list[Person]] = []
    participants: list[Participant] = []
    for cohort in cohorts:
        forgotten = cohort.collection.key_destroyed_at is not None
        unique = {email.lower(): (name, email, user) for name, email, user in cohort.members}
        people = []
        for name, email, user in unique.values():
            participant = None
            if not forgotten:  # the purge deleted the people of a forgotten collection
                participant = Participant(
                    collection_id=cohort.collection.pk, name=name[:150], email=email, user_id=user
                )
                participants.append(participant)
            people.append(_simulate(ctx, cohort, participant, today))
        by_cohort.append(people)
    insert(ctx, Participant, participants)
    pseudonyms = _pseudonyms(ctx, cohorts, by_cohort)
    invitations = [
        _invitation(ctx, t, p, today)
        for cohort, people in zip(cohorts, by_cohort, strict=True)
        for p in people
        if p.participant is not None
        for t in cohort.timepoints
    ]
    insert(ctx, Invitation, invitations)
    _responses(ctx, cohorts, dict((id(p), s) for p, s in pseudonyms), by_cohort)
    for label, n in (
        ("outcome participants", len(participants)),
        ("outcome invitations", len(invitations)),
        ("outcome pseudonyms", len(pseudonyms)),
    ):
        ctx.counts[label] = ctx.counts.get(label, 0) + n


def _pseudonyms(
    ctx: ScaleContext, cohorts: list[Cohort], by_cohort: list[list[Person]]
) -> list[tuple[Person, Pseudonym]]:
    """Each answering person's pseudonym, made in the order of their first answers (so ids follow
    that order, not the list of people), joined to them by `linkage.py` alone. A collection that
    forgot who answered keeps pseudonyms without keys."""
    ordered: list[tuple[Person, Collection]] = []
    for cohort, people in zip(cohorts, by_cohort, strict=True):
        answering = [p for p in people if p.answered]
        answering.sort(key=lambda p: (min(d for d, _ in p.answered.values()), ctx.rng.random()))
        ordered += [(p, cohort.collection) for p in answering]
    forgotten = [(p, c) for p, c in ordered if p.participant is None]
    made = insert(
        ctx, Pseudonym, [Pseudonym(collection_id=c.pk, code=ctx.uuid()) for _, c in forgotten]
    )
    found = dict(zip((id(p) for p, _ in forgotten), made, strict=True))
    linked = [p.participant for p, _ in ordered if p.participant is not None]
    keyed = linkage.pseudonyms_create(linked, [ctx.uuid() for _ in linked])
    found.update(zip((id(p) for p, _ in ordered if p.participant is not None), keyed, strict=True))
    return [(p, found[id(p)]) for p, _ in ordered]


def _closes(timepoint: Timepoint) -> datetime.date:
    return timepoint.due_from + datetime.timedelta(days=timepoint.within_days)


def _simulate(
    ctx: ScaleContext, cohort: Cohort, participant: Participant | None, today: datetime.date
) -> Person:
    rng = ctx.rng
    which = 0 if cohort.busy else 1
    person = Person(participant=participant)
    before = False
    for t in cohort.timepoints:
        if t.due_from > today:
            break
        share = (BASELINE if t.position == 1 else FOLLOW_UP if before else WITHOUT_BEFORE)[which]
        open_now = today <= _closes(t)
        if open_now:
            share *= OPEN_NOW
        elapsed = (min(today, _closes(t)) - t.due_from).days
        on = t.due_from + datetime.timedelta(days=rng.randint(0, elapsed))
        if rng.random() < share:
            person.answered[t.position] = (on, True)
            before = True
        else:
            if open_now and rng.random() < DRAFTS:
                person.answered[t.position] = (on, False)
            before = False
    for instrument, _ in cohort.instruments:
        person.level[instrument.pk] = rng.uniform(0.2, 0.75)
    person.change = rng.gauss(0.08, 0.12)
    return person


def _invitation(
    ctx: ScaleContext, t: Timepoint, person: Person, today: datetime.date
) -> Invitation:
    """As the sending services leave it: sent when the timepoint opened, reminded every week at
    most twice while not done, the link used up once finished."""
    assert person.participant is not None
    if t.due_from > today:
        return Invitation(participant_id=person.participant.pk, timepoint_id=t.pk)
    closes = _closes(t)
    answered = person.answered.get(t.position)
    done = answered is not None and answered[1]
    until = answered[0] if done and answered is not None else min(today, closes)
    reminders = min(MAX_REMINDERS, (until - t.due_from).days // REMINDER_DAYS)
    return Invitation(
        participant_id=person.participant.pk,
        timepoint_id=t.pk,
        token_hash="" if done else f"{ctx.rng.getrandbits(256):064x}",
        expires_at=datetime.datetime.combine(closes, datetime.time.max, tzinfo=datetime.UTC),
        sent_on=t.due_from,
        reminders_sent=reminders,
        last_reminded_on=t.due_from + datetime.timedelta(days=REMINDER_DAYS * reminders)
        if reminders
        else None,
        done=done,
    )


def _responses(
    ctx: ScaleContext,
    cohorts: list[Cohort],
    pseudonym_of: dict[int, Pseudonym],
    by_cohort: list[list[Person]],
) -> None:
    rows: list[tuple[Response, dict[int, int | None]]] = []
    for cohort, people in zip(cohorts, by_cohort, strict=True):
        timepoints = {t.position: t for t in cohort.timepoints}
        for person in people:
            pseudonym = pseudonym_of.get(id(person))
            for position, (on, finished) in person.answered.items():
                assert pseudonym is not None
                shift = 0.0 if position == 1 else person.change * (1 + 0.2 * (position - 2))
                for instrument, definition in cohort.instruments:
                    answers = _values(ctx, definition, person.level[instrument.pk] + shift)
                    if not finished:
                        answers = dict(list(answers.items())[: len(answers) // 2])
                    rows.append(
                        (
                            _response(
                                pseudonym,
                                timepoints[position],
                                instrument,
                                definition,
                                answers,
                                on,
                                finished,
                            ),
                            answers,
                        )
                    )
    made = insert(ctx, Response, [r for r, _ in rows])
    answer_rows = [
        Answer(response_id=r.pk, item=item, value=value)
        for r, (_, given) in zip(made, rows, strict=True)
        for item, value in given.items()
    ]
    insert(ctx, Answer, answer_rows)
    ctx.counts["outcome responses"] = ctx.counts.get("outcome responses", 0) + len(made)
    ctx.counts["outcome answers"] = ctx.counts.get("outcome answers", 0) + len(answer_rows)


def _values(ctx: ScaleContext, definition: Definition, level: float) -> dict[int, int | None]:
    low, high = definition.scale_min, definition.scale_max
    values: dict[int, int | None] = {}
    for item in definition.items:
        if definition.allows_decline and ctx.rng.random() < 0.003:
            values[item.number] = None  # prefer not to answer
            continue
        raw = low + level * (high - low) + ctx.rng.gauss(0, 0.6)
        value = max(low, min(high, round(raw)))
        values[item.number] = low + high - value if item.reverse else value
    return values


def _response(
    pseudonym: Pseudonym,
    timepoint: Timepoint,
    instrument: InstrumentVersion,
    definition: Definition,
    answers: dict[int, int | None],
    on: datetime.date,
    finished: bool,
) -> Response:
    if not finished:
        return Response(
            pseudonym_id=pseudonym.pk, timepoint_id=timepoint.pk, instrument_id=instrument.pk
        )
    result = score(definition, answers)
    return Response(
        pseudonym_id=pseudonym.pk,
        timepoint_id=timepoint.pk,
        instrument_id=instrument.pk,
        status=ResponseStatus.COMPLETE,
        completed_on=on,
        raw_score=result.raw,
        score=result.score,
        missing=result.missing,
    )
