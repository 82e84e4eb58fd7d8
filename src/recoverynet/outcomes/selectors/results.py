"""Results: a cohort's aggregates as last published (suppressed below the threshold, with a chart
and the same numbers in a table) and a person's own scores over time (that person only)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import aggregates
from recoverynet.core.charts import Bar, Chart, Group
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.core.models import AggregateSnapshot
from recoverynet.network import access as network_access
from recoverynet.network.models import Organisation

from .. import access, linkage, stats
from ..instruments import parse
from ..models import Collection, Response, ResponseStatus, ResultShare
from . import cells


@dataclass(frozen=True)
class PublishedResult:
    key: str
    instrument: str  # "code:version"
    instrument_name: str
    follow_up: str  # baseline, end or later
    follow_up_label: str
    figures: stats.CohortFigures
    chart: Chart | None


@dataclass(frozen=True)
class Published:
    """The latest published figures of a collection or a pool (never live figures)."""

    results: list[PublishedResult]
    published_at: datetime.datetime | None
    needed: int  # people who must change in a figure before it moves
    changed: int | None  # for those who may publish: the most changed in a figure since
    withheld: int = 0  # figures not shown until enough people changed (their organisation left)


def _chart(cell_key: str, title: str, figures: stats.CohortFigures) -> Chart | None:
    categories = list(figures.reliable) + ([figures.meaningful] if figures.meaningful else [])
    if not figures.shown or not categories:
        return None
    minimum = figures.minimum
    bars = tuple(
        Bar(
            label=c.label,
            value=c.percent,
            note=f"Not shown: fewer than {minimum} people",
        )
        for c in categories
    )
    return Chart(
        id="outcomes-" + cell_key.replace(":", "-"),
        title=title,
        description=(
            f"Percentage of the {figures.n_paired} people with both answers in each group. "
            "Groups of fewer than "
            f"{minimum} people are not shown."
        ),
        series=("Percentage of people",),
        groups=tuple(Group(label=bar.label, bars=(bar,)) for bar in bars),
        scale_max=100,
        row_heading="Change",
        axis_label="Per cent",
        missing=f"Not shown: fewer than {minimum} people",
    )


def published(
    snapshot: AggregateSnapshot | None,
    *,
    live: Callable[[], dict[str, cells.LiveCell]] | None = None,
) -> Published:
    """The figures of a published snapshot, in order; `live` (only for those who may publish)
    tells how many people changed since."""
    results = []
    data = snapshot.data if snapshot is not None else {}
    for key, cell in sorted(
        data.get("cells", {}).items(),
        key=lambda kv: (kv[1]["instrument_name"], kv[1]["position"] or 0, kv[1]["follow_up"]),
    ):
        figures = cells.figures_load(cell["figures"])
        title = f"{cell['instrument_name']}: change from baseline to {cell['label'].lower()}"
        results.append(
            PublishedResult(
                key=key,
                instrument=cell["instrument"],
                instrument_name=cell["instrument_name"],
                follow_up=cell["follow_up"],
                follow_up_label=cell["label"],
                figures=figures,
                chart=_chart(key, title, figures),
            )
        )
    return Published(
        results=results,
        published_at=snapshot.created_at if snapshot is not None else None,
        needed=cells.needed_change(),
        changed=cells.changed_since(data, live()) if live is not None else None,
        withheld=len(data.get("withheld", {})),
    )


def cohort_results(*, actor: Actor, collection: Collection) -> Published:
    """For each instrument and each follow-up, as last published: n at baseline and follow-up, n
    paired, mean change with its 95 % interval, reliable change and meaningful change proportions
    (every count below the threshold already hidden). Never computed live (decision 0033)."""
    if not access.can_view_results(actor, collection.organisation):
        raise NotFound("We could not find that collection.")
    snapshot = aggregates.snapshot_latest(
        kind=cells.KIND_COLLECTION, scope=cells.collection_scope(collection)
    )
    may_publish = access.can_plan(actor, collection.organisation)
    return published(
        snapshot,
        live=(lambda: cells.live_collection_cells(collection)) if may_publish else None,
    )


@dataclass(frozen=True)
class OwnScore:
    collection_title: str
    organisation: str
    instrument: str
    timepoint: str
    completed_on: datetime.date
    score: float | None
    score_min: float
    score_max: float


def my_results(*, actor: Actor) -> list[OwnScore]:
    """The signed-in person's own finished questionnaires and scores, oldest first."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see your results.")
    return _scores(actor.pk, organisation_id=None)


def _scores(user_id: int, *, organisation_id: int | None) -> list[OwnScore]:
    pseudonym_ids = linkage.own_pseudonym_ids(user_id)
    found = Response.objects.filter(pseudonym_id__in=pseudonym_ids, status=ResponseStatus.COMPLETE)
    if organisation_id is not None:
        found = found.filter(timepoint__collection__organisation_id=organisation_id)
    rows = []
    for response in found.select_related(
        "timepoint__collection__organisation", "instrument"
    ).order_by("completed_on", "timepoint__position", "instrument__code"):
        definition = parse(response.instrument.definition)
        if response.completed_on is None:  # pragma: no cover (a constraint rules it out)
            raise NotFound()
        rows.append(
            OwnScore(
                collection_title=response.timepoint.collection.title,
                organisation=response.timepoint.collection.organisation.name,
                instrument=response.instrument.name,
                timepoint=response.timepoint.get_kind_display(),
                completed_on=response.completed_on,
                score=float(response.score) if response.score is not None else None,
                score_min=definition.score_min,
                score_max=definition.score_max,
            )
        )
    return rows


@dataclass(frozen=True)
class SharedResults:
    share_id: int
    name: str
    organisation: str
    scores: list[OwnScore]


def my_shares(*, actor: Actor) -> list[ResultShare]:
    """Who the person lets see their scores."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see this.")
    return list(ResultShare.objects.filter(owner=actor).select_related("viewer", "organisation"))


def share_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose questionnaires the person has been asked to answer."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see this.")
    return list(
        Organisation.objects.filter(
            outcome_collections__participants__user=actor,
            outcome_collections__key_destroyed_at__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


def shared_with_me(*, actor: Actor) -> list[SharedResults]:
    """The scores people chose to share with the signed-in staff member, per organisation, while
    the viewer is still on that organisation's staff."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see this.")
    roles = network_access.roles(actor).orgs
    found = []
    for share in ResultShare.objects.filter(viewer=actor).select_related("owner", "organisation"):
        if roles.get(share.organisation_id) not in access.FOLLOW_UP_ROLES:
            continue
        found.append(
            SharedResults(
                share_id=share.pk,
                name=share.owner.full_name or share.owner.email,
                organisation=share.organisation.name,
                scores=_scores(share.owner_id, organisation_id=share.organisation_id),
            )
        )
    return found
