"""Results pooled across several small forms (for example the sessions of one consultancy
engagement, where only one or two people answer each), suppressed as every result is.

Safe against differencing over time: only closed forms are pooled (their answers are final), in
the order the forms were made (a new form always comes last), and only a run of closed forms from
the first: the first form still open stops the run. The run is cut into blocks, each closed as
soon as it reaches `SUPPRESS_PEOPLE_BELOW` people; a block never changes once shown, and the
people in the unfinished last block are not shown at all. So no two figures ever shown differ by
fewer than the threshold's people."""

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


@dataclass(frozen=True)
class Pooled:
    minimum: int
    blocks: list[PooledBlock]
    waiting: int  # closed forms in the unfinished last block
    still_open: int  # forms not closed yet (and so not pooled)


def pooled_results(*, actor: Actor, forms: list[FeedbackForm]) -> Pooled:
    minimum = aggregates.people_minimum()
    visible = sorted((f for f in forms if access.can_view_results(actor, f)), key=lambda f: f.pk)
    run: list[FeedbackForm] = []
    for form in visible:
        if form.status != FormStatus.CLOSED:
            break
        run.append(form)
    counts = dict(
        FeedbackForm.objects.filter(pk__in=[f.pk for f in run])
        .annotate(n=Count("respondents", distinct=True))
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
    ).values_list("response__form_id", "question__purpose", "rating", "text")
    by_form: dict[int, list[tuple[str, int | None, str]]] = {}
    for form_id, purpose, rating, text in answers:
        by_form.setdefault(form_id, []).append((purpose, rating, text))
    blocks = []
    for group in groups:
        rows = [row for f in group for row in by_form.get(f.pk, [])]
        ratings = [r for p, r, _ in rows if p == QuestionPurpose.OVERALL and r is not None]
        recommend = Counter(t for p, _, t in rows if p == QuestionPurpose.RECOMMEND and t)
        blocks.append(
            PooledBlock(
                forms=group,
                respondents=sum(counts.get(f.pk, 0) for f in group),
                words=word_frequencies([t for p, _, t in rows if p == QuestionPurpose.WORD and t]),
                recommend=sorted(recommend.items(), key=lambda kv: (-kv[1], kv[0])),
                mean_rating=round(statistics.mean(ratings), 1) if ratings else None,
            )
        )
    return Pooled(
        minimum=minimum,
        blocks=blocks,
        waiting=len(current),
        still_open=len(visible) - len(run),
    )
