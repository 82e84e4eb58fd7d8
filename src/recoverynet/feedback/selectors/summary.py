"""The network team's summary of feedback across events: one row per form and the totals of all the
forms chosen (a year, a series), suppressed below the threshold.

A network holds thousands of forms and a million answers (issue #17's scale data: 8,000 forms and
700,000 answers in the UK network), so the figures are added up in the database, one row per form,
and the forms are shown a page at a time; the totals are still of every form chosen."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.errors import PermissionDenied
from recoverynet.network import access as network_access

from .. import access
from ..models import Answer, FeedbackForm, QuestionPurpose, Response

ROWS_PER_PAGE = 50


@dataclass(frozen=True)
class SummaryRow:
    form: FeedbackForm
    respondents: int  # -1: below the threshold, for someone who may not see small counts
    shown: bool
    mean_rating: float | None
    recommend_yes: int | None  # percentage


@dataclass(frozen=True)
class SummaryTotals:
    forms: int
    respondents: int | None  # None below the threshold
    mean_rating: float | None
    recommend_yes: int | None


@dataclass(frozen=True)
class Summary:
    rows: list[SummaryRow]
    page: Page[FeedbackForm]
    totals: SummaryTotals
    years: list[int]


@dataclass
class _Figures:
    rating_sum: int = 0
    ratings: int = 0
    yes: int = 0
    recommend: int = 0


def forms_for_network(
    *, actor: Actor, network_id: int, year: int | None = None, series: str = ""
) -> QuerySet[FeedbackForm]:
    """The network's forms, newest first: those of events ending in `year` (local time), whose
    name contains `series` (a learning set's days) when given. For the network team."""
    if not network_access.is_network_team(actor, network_id):
        raise PermissionDenied("The summary across events is for the network team.")
    forms = FeedbackForm.objects.filter(network_id=network_id)
    if year is not None:
        forms = forms.filter(target_ends_at__year=year)
    if series:
        forms = forms.filter(target_label__icontains=series)
    return forms.select_related("network", "host").order_by("-target_ends_at", "id")


def network_summary(
    *, actor: Actor, network_id: int, year: int | None, series: str, page: str | int | None
) -> Summary:
    forms = forms_for_network(actor=actor, network_id=network_id, year=year, series=series)
    minimum = aggregates.people_minimum()
    counts = dict(
        Response.objects.filter(form__in=forms.order_by().values("pk"))
        .values_list("form_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Only forms whose own answers are shown count towards the totals: otherwise two summaries
    # (with and without a small event) could be differenced down to that event's answers.
    shown_ids = [pk for pk, n in counts.items() if n >= minimum]
    figures = _answer_figures(shown_ids)
    shown_page = Paginator(forms, ROWS_PER_PAGE).get_page(page)
    rows = [
        _row(actor, f, counts.get(f.pk, 0), figures.get(f.pk), minimum)
        for f in shown_page.object_list
        if access.can_view_results(actor, f)
    ]
    every = _Figures()
    for one in figures.values():
        every.rating_sum += one.rating_sum
        every.ratings += one.ratings
        every.yes += one.yes
        every.recommend += one.recommend
    respondents = sum(counts.values())
    shown = respondents >= minimum
    totals = SummaryTotals(
        forms=shown_page.paginator.count,
        respondents=respondents if shown else None,
        mean_rating=_mean(every) if shown else None,
        recommend_yes=_yes(every) if shown else None,
    )
    years = [
        moment.year
        for moment in FeedbackForm.objects.filter(network_id=network_id).datetimes(
            "target_ends_at", "year", order="DESC"
        )
    ]
    return Summary(rows=rows, page=shown_page, totals=totals, years=years)


def _answer_figures(form_ids: list[int]) -> dict[int, _Figures]:
    """Per form, in one grouped query: the overall ratings' sum and number, and the recommend
    answers (all, and "Yes"); hidden answers left out."""
    overall = Q(question__purpose=QuestionPurpose.OVERALL, rating__isnull=False)
    recommend = Q(question__purpose=QuestionPurpose.RECOMMEND)
    rows = (
        Answer.objects.filter(
            response__form_id__in=form_ids,
            hidden_at__isnull=True,
            question__purpose__in=[QuestionPurpose.OVERALL, QuestionPurpose.RECOMMEND],
        )
        .values("response__form_id")
        .annotate(
            rating_sum=Sum("rating", filter=overall),
            ratings=Count("pk", filter=overall),
            yes=Count("pk", filter=recommend & Q(text="Yes")),
            recommend=Count("pk", filter=recommend),
        )
        .order_by()
    )
    return {
        row["response__form_id"]: _Figures(
            rating_sum=row["rating_sum"] or 0,
            ratings=row["ratings"],
            yes=row["yes"],
            recommend=row["recommend"],
        )
        for row in rows
    }


def _mean(figures: _Figures) -> float | None:
    return round(figures.rating_sum / figures.ratings, 1) if figures.ratings else None


def _yes(figures: _Figures) -> int | None:
    return round(100 * figures.yes / figures.recommend) if figures.recommend else None


def _row(
    actor: Actor, form: FeedbackForm, n: int, figures: _Figures | None, minimum: int
) -> SummaryRow:
    shown = n >= minimum
    figures = figures or _Figures()
    return SummaryRow(
        form=form,
        respondents=n if shown or access.sees_small_counts(actor, form) else -1,
        shown=shown,
        mean_rating=_mean(figures) if shown else None,
        recommend_yes=_yes(figures) if shown else None,
    )


__all__ = ["Summary", "SummaryRow", "SummaryTotals", "forms_for_network", "network_summary"]
