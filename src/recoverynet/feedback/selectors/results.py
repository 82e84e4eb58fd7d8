"""Results of a feedback form for organisers, hosts and the network team; summaries across forms;
rows for export. Suppression (decision 0009, 0025): with fewer answers than
`SUPPRESS_PEOPLE_BELOW`, counts are shown only to the network team and no single answer (a rating
distribution, a word, a comment) is shown to anyone."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.charts import Bar, Chart, Group
from recoverynet.core.charts.words import WordCloud, word_frequencies
from recoverynet.core.errors import PermissionDenied

from .. import access, targets
from ..models import (
    Answer,
    FeedbackForm,
    FormStatus,
    Question,
    QuestionKind,
    QuestionPurpose,
    Response,
)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    distribution: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[Answer] = field(default_factory=list)
    hidden: list[Answer] = field(default_factory=list)
    words: list[tuple[str, int]] = field(default_factory=list)
    chart: Chart | None = None
    cloud: WordCloud | None = None
    organisers_only: bool = False


@dataclass
class FormResults:
    form: FeedbackForm
    respondents: int
    attendees: int | None
    minimum: int
    counts_shown: bool  # the response count itself
    answers_shown: bool  # distributions, words and comments
    organiser: bool
    questions: list[QuestionResult]
    waiting_for_close: bool = False

    @property
    def rate(self) -> int | None:
        if not self.attendees or not self.counts_shown:
            return None
        return round(100 * self.respondents / self.attendees)

    @property
    def count_text(self) -> str:
        if self.counts_shown:
            return f"{self.respondents} {'person' if self.respondents == 1 else 'people'}"
        return f"Fewer than {self.minimum} people"


def _chart(q: Question, rows: list[tuple[str, int]], title: str) -> Chart:
    return Chart(
        id=f"q{q.pk}-chart",
        title=title,
        description=", ".join(f"{label}: {n}" for label, n in rows),
        series=("People",),
        groups=tuple(Group(label=label, bars=(Bar(label="People", value=n),)) for label, n in rows),
        scale_max=max([n for _, n in rows] + [1]),
        row_heading="Answer",
        axis_label="People",
    )


def _question_result(
    q: Question, answers: list[Answer], *, organiser: bool, shown: bool
) -> QuestionResult:
    result = QuestionResult(question=q, organisers_only=q.purpose == QuestionPurpose.ORGANISERS)
    visible = [a for a in answers if a.hidden_at is None]
    result.answered = len(answers)
    result.hidden = [a for a in answers if a.hidden_at is not None] if organiser else []
    if not shown:
        return result
    if q.kind == QuestionKind.RATING:
        ratings = [a.rating for a in visible if a.rating is not None]
        result.distribution = [(str(v), ratings.count(v)) for v in range(5, 0, -1)]
        result.mean = round(statistics.mean(ratings), 1) if ratings else None
        result.chart = _chart(q, result.distribution, f"Ratings: {q.text}")
    elif q.kind == QuestionKind.CHOICE:
        texts = [a.text for a in visible]
        result.distribution = [(c, texts.count(c)) for c in q.choices]
        result.chart = _chart(q, result.distribution, f"Answers: {q.text}")
    else:
        result.texts = [a for a in visible if a.text]
        if q.purpose == QuestionPurpose.WORD:
            result.words = word_frequencies([a.text for a in result.texts])
            result.cloud = WordCloud(
                id=f"q{q.pk}-cloud",
                title=f"Words and phrases: {q.text}",
                description="The words and phrases people gave, larger the more people gave "
                "them. The table after the picture lists each with how many gave it.",
                words=tuple(result.words),
            )
    return result


def form_results(*, actor: Actor, form: FeedbackForm) -> FormResults:
    if not access.can_view_results(actor, form):
        raise PermissionDenied("Only the organisers, hosts and the network team see results.")
    organiser = access.is_organiser(actor, form)
    minimum = aggregates.people_minimum()
    # Signed-in people's responses and those from room cards (decision 0036): one each.
    respondents = form.responses.count()
    team = access.sees_small_counts(actor, form) or organiser
    counts_shown = respondents >= minimum or team
    # Outside the network team, results appear once the form has closed: a frozen set of answers,
    # so that watching the figures change cannot single out the latest person's answers.
    waiting_for_close = not team and form.status != FormStatus.CLOSED
    answers_shown = respondents >= minimum and not waiting_for_close
    answers = list(
        Answer.objects.filter(response__form=form).only(
            "id", "question_id", "rating", "text", "hidden_at", "hidden_reason"
        )
    )
    by_question: dict[int, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    results = []
    for q in form.questions.all():
        if q.purpose == QuestionPurpose.CONTACT and not organiser:
            continue
        if q.purpose == QuestionPurpose.ORGANISERS and not organiser:
            continue
        results.append(
            _question_result(q, by_question.get(q.pk, []), organiser=organiser, shown=answers_shown)
        )
    attendees: int | None = None
    try:
        target = targets.resolve(form.target_kind, form.target_id)
        attendees = len(targets.kind_of(form.target_kind).attendee_emails(target))
        attendees += form.cards.filter(used=True).count()  # people let in with a room card
    except Exception:
        attendees = None
    return FormResults(
        form=form,
        respondents=respondents,
        attendees=attendees,
        minimum=minimum,
        counts_shown=counts_shown,
        answers_shown=answers_shown,
        organiser=organiser,
        questions=results,
        waiting_for_close=waiting_for_close,
    )


def export_rows(*, actor: Actor, form: FeedbackForm) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per response (in no particular order), a column per question this person may see;
    hidden answers left out. Refused below the threshold: a row is one person's answers."""
    results = form_results(actor=actor, form=form)
    if not results.answers_shown:
        raise PermissionDenied(
            f"Answers can be exported once at least {results.minimum} people have answered."
        )
    qs = [r.question for r in results.questions]
    header = [q.text for q in qs]
    responses = Response.objects.filter(form=form).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.filter(hidden_at__isnull=True))
    )

    def rows() -> Iterator[list[Any]]:
        for response in responses.order_by("id"):
            by_q = {a.question_id: a for a in response.answers.all()}
            yield [
                (by_q[q.pk].rating if by_q[q.pk].rating is not None else by_q[q.pk].text)
                if q.pk in by_q
                else ""
                for q in qs
            ]

    return header, rows()
