"""Results pooled across several small forms (for example the sessions of one consultancy
engagement, where only one or two people answer each), suppressed as every result is.

Safe against differencing over time: only closed forms are pooled (their answers are final), in
the order the forms were made (a new form always comes last), and only a run of closed forms from
the first: the first form still open stops the run. The run is cut into blocks, each closed as
soon as it reaches `SUPPRESS_PEOPLE_BELOW` people; a block never changes once shown, and the
people in the unfinished last block are not shown at all. So no two figures ever shown differ by
fewer than the threshold's people.

A block's figures are meant to be published once and then frozen by the app that shows them
(engagements keeps them as an `AggregateSnapshot`, decision 0042): moderating an answer later
must not re-show the block with one answer fewer. `PooledBlock.word_answers` names the answers
whose text the block shows, and `answers_withdrawn` tells which of them have since been hidden.
`pool` is the system computation (no access check: for services and jobs that publish);
`pooled_results` is what an actor may see of it live."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.charts.words import word_frequencies

from .. import access
from ..models import Answer, FeedbackForm, FormStatus, QuestionPurpose


@dataclass(frozen=True)
class PooledBlock:
    forms: list[FeedbackForm]
    respondents: int
    words: list[tuple[str, int]]
    recommend: list[tuple[str, int]]
    mean_rating: float | None
    word_answers: frozenset[str] = frozenset()  # the answers behind `words` (random ids)


@dataclass(frozen=True)
class Pooled:
    minimum: int
    blocks: list[PooledBlock]
    waiting: int  # closed forms in the unfinished last block
    still_open: int  # forms not closed yet (and so not pooled)


def pooled_results(*, actor: Actor, forms: list[FeedbackForm]) -> Pooled:
    """The blocks of the forms this actor may see the results of, computed live."""
    return pool([f for f in forms if access.can_view_results(actor, f)])


def pool(forms: list[FeedbackForm]) -> Pooled:
    """The blocks of these forms (closed ones, in the order they were made, up to the first still
    open). No access check: the caller (a publishing service) has checked it."""
    minimum = aggregates.people_minimum()
    visible = sorted(forms, key=lambda f: f.pk)
    run: list[FeedbackForm] = []
    for form in visible:
        if form.status != FormStatus.CLOSED:
            break
        run.append(form)
    counts = dict(
        FeedbackForm.objects.filter(pk__in=[f.pk for f in run])
        # One each for signed-in people and room-card answers (decision 0036), as `form_results`.
        .annotate(n=Count("responses", distinct=True))
        .values_list("pk", "n")
    )
    groups: list[list[FeedbackForm]] = []
    current: list[FeedbackForm] = []
    people = 0
    for form in run:
        current.append(form)
        people += counts.get(form.pk, 0)
        if people >= minimum:
            groups.append(current)
            current, people = [], 0
    answers = Answer.objects.filter(
        response__form_id__in=[f.pk for g in groups for f in g],
        hidden_at__isnull=True,
        question__purpose__in=[
            QuestionPurpose.WORD,
            QuestionPurpose.RECOMMEND,
            QuestionPurpose.OVERALL,
        ],
    ).values_list("response__form_id", "question__purpose", "rating", "text", "id")
    by_form: dict[int, list[tuple[str, int | None, str, str]]] = {}
    for form_id, purpose, rating, text, answer_id in answers:
        by_form.setdefault(form_id, []).append((purpose, rating, text, str(answer_id)))
    blocks = []
    for group in groups:
        rows = [row for f in group for row in by_form.get(f.pk, [])]
        ratings = [r for p, r, _, _ in rows if p == QuestionPurpose.OVERALL and r is not None]
        recommend = Counter(t for p, _, t, _ in rows if p == QuestionPurpose.RECOMMEND and t)
        worded = [(t, i) for p, _, t, i in rows if p == QuestionPurpose.WORD and t]
        blocks.append(
            PooledBlock(
                forms=group,
                respondents=sum(counts.get(f.pk, 0) for f in group),
                words=word_frequencies([t for t, _ in worded]),
                recommend=sorted(recommend.items(), key=lambda kv: (-kv[1], kv[0])),
                mean_rating=round(statistics.mean(ratings), 1) if ratings else None,
                word_answers=frozenset(i for _, i in worded),
            )
        )
    return Pooled(
        minimum=minimum,
        blocks=blocks,
        waiting=len(current),
        still_open=len(visible) - len(run),
    )


def answers_withdrawn(answer_ids: list[str]) -> set[str]:
    """Of these answers, those hidden by a moderator (or gone) since: what a published block
    may no longer show. No access check: it says only which of the caller's ids are withdrawn."""
    if not answer_ids:
        return set()
    shown = Answer.objects.filter(pk__in=answer_ids, hidden_at__isnull=True).values_list(
        "pk", flat=True
    )
    return set(answer_ids) - {str(pk) for pk in shown}
