"""RECOLLECT fidelity reviews: the network's licensed wording, starting a review, ratings in three
versions, agreed ratings, closing, and an action plan from the result (through `plans`).

Every write is here, audited. Ratings are the rater's own: the audit log records that a response
was saved, never its scores beside a name."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name, clean_text
from recoverynet.network.models import Network
from recoverynet.plans import services as plan_services
from recoverynet.plans import topics as plan_topics

from .. import fidelity as structure
from .. import network_access as access
from ..models import College
from ..models.network import (
    FidelityAgreement,
    FidelityLicence,
    FidelityRating,
    FidelityResponse,
    FidelityReview,
    FidelityStatus,
    FidelityWording,
)
from ..network_sources import FIDELITY_SOURCE
from ..selectors import fidelity as fidelity_selectors
from . import fidelity_snapshots

# --- The licensed wording ------------------------------------------------------------------------


@dataclass(frozen=True)
class WordingRow:
    component: str
    version: str
    text: str


def wording_parse(text: str) -> list[WordingRow]:
    """Rows of `component,version,wording` (CSV, one per line; a header line is allowed) into rows
    checked against the shipped structure. Raises a 422 naming the `wording` field."""
    problem = clean_text(text, field="wording", max_length=200_000, required=True)
    rows: list[WordingRow] = []
    for number, cells in enumerate(csv.reader(io.StringIO(problem)), start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if number == 1 and cells[0].strip().lower() == "component":
            continue
        if len(cells) != 3:
            raise _bad_wording(f"Line {number} needs three parts: component, version, wording.")
        component, version, wording = (c.strip() for c in cells)
        found = structure.BY_KEY.get(component)
        if found is None:
            raise _bad_wording(f"Line {number}: there is no component called {component[:40]!r}.")
        if version not in structure.versions_for_component(found):
            raise _bad_wording(f"Line {number}: {found.name} has no {version[:20]!r} version.")
        if not wording:
            raise _bad_wording(f"Line {number}: the wording is empty.")
        if len(wording) > 4000:
            raise _bad_wording(f"Line {number}: the wording must be 4000 characters or fewer.")
        rows.append(WordingRow(component, version, wording))
    if not rows:
        raise _bad_wording("Give at least one line of wording.")
    return rows


def _bad_wording(message: str) -> ApplicationError:
    return ApplicationError("invalid", message, field="wording", status=422)


@transaction.atomic
def wording_load(
    *,
    actor: Actor,
    network: Network,
    licence_holder: str,
    terms_confirmed: bool,
    rows: list[WordingRow],
) -> int:
    """Replace the network's RECOLLECT wording. Only a coordinator, who confirms the licence terms."""
    if not access.coordinates(actor, network.pk):
        raise PermissionDenied("Only the network's coordinators can load the licensed wording.")
    holder = clean_name(licence_holder, field="licence_holder", max_length=200)
    if not terms_confirmed:
        raise ApplicationError(
            "invalid",
            "Confirm that the network holds a licence and will keep to its terms.",
            field="terms_confirmed",
            status=422,
        )
    keys = [(r.component, r.version) for r in rows]
    if len(set(keys)) != len(keys):
        raise _bad_wording("Each component and version may appear only once.")
    FidelityLicence.objects.update_or_create(
        network=network,
        defaults={
            "licence_holder": holder,
            "terms_confirmed_at": timezone.now(),
            "confirmed_by": person(actor),
        },
    )
    FidelityWording.objects.filter(network=network).delete()
    FidelityWording.objects.bulk_create(
        FidelityWording(network=network, component=r.component, version=r.version, text=r.text)
        for r in rows
    )
    audit.record(
        actor=actor,
        action="colleges.fidelity.wording_loaded",
        obj=network,
        changes={"items": len(rows), "licence_holder": holder},
    )
    return len(rows)


# --- Reviews -------------------------------------------------------------------------------------


@transaction.atomic
def fidelity_review_start(
    *, actor: Actor, college: College, network: Network, title: str
) -> FidelityReview:
    if not access.can_run_college_work(actor, college, network.pk):
        raise PermissionDenied(
            "Only the college's managers and the network's coordinators can start a review."
        )
    title = clean_name(title, field="title", max_length=200)
    if not fidelity_selectors.college_in_network(college, network):
        raise ApplicationError(
            "not_member", f"{college.name} is not a member of {network.name}.", status=409
        )
    College.objects.select_for_update().get(pk=college.pk)
    if FidelityReview.objects.filter(college=college, status=FidelityStatus.OPEN).exists():
        raise ApplicationError(
            "review_open",
            "This college already has a fidelity review in progress. Close it first.",
            status=409,
        )
    review = FidelityReview.objects.create(
        college=college, network=network, title=title, started_by=person(actor)
    )
    audit.record(actor=actor, action="colleges.fidelity.started", obj=review)
    return review


@dataclass(frozen=True)
class RatingInput:
    component: str
    score: int | None = None
    type: int | None = None
    evidence: str = ""


def _require_open(review: FidelityReview) -> None:
    if review.status != FidelityStatus.OPEN:
        raise ApplicationError(
            "review_closed", "This review is closed, so it cannot change.", status=409
        )


def _check_rating(item: RatingInput, version: str) -> tuple[structure.Component, str]:
    field = f"{item.component}"
    component = structure.BY_KEY.get(item.component)
    if component is None:
        raise ApplicationError(
            "invalid", "Choose a component from the list.", field="component", status=422
        )
    if version not in structure.versions_for_component(component):
        raise ApplicationError(
            "invalid",
            f"{component.name} is rated by the manager only.",
            field=field,
            status=422,
        )
    if component.scored:
        if item.type is not None:
            raise ApplicationError(
                "invalid",
                f"{component.name} is scored 0, 1 or 2, not by type.",
                field=field,
                status=422,
            )
        if item.score is not None and item.score not in (0, 1, 2):
            raise ApplicationError(
                "invalid", f"Score {component.name} as 0, 1 or 2.", field=field, status=422
            )
    else:
        if item.score is not None:
            raise ApplicationError(
                "invalid",
                f"{component.name} is rated as type 1 or type 2.",
                field=field,
                status=422,
            )
        if item.type is not None and item.type not in (1, 2):
            raise ApplicationError(
                "invalid", f"Rate {component.name} as type 1 or type 2.", field=field, status=422
            )
    evidence = clean_text(item.evidence, field=f"{item.component}_evidence", max_length=2000)
    return component, evidence


@transaction.atomic
def fidelity_ratings_save(
    *, actor: Actor, review: FidelityReview, ratings: list[RatingInput]
) -> FidelityResponse:
    """Save the actor's own ratings (their version comes from their role at the college). A rating
    left empty means "not rated yet"; saving again replaces the earlier ratings given."""
    rater = person(actor)
    version = fidelity_selectors.rater_version(rater, review.college)
    if version is None:
        raise PermissionDenied(
            "Only the college's students, peer trainers and managers rate its fidelity."
        )
    review = FidelityReview.objects.select_for_update().get(pk=review.pk)
    _require_open(review)
    checked = [(item, *_check_rating(item, version)) for item in ratings]
    if len({item.component for item in ratings}) != len(ratings):
        raise ApplicationError(
            "invalid", "Rate each component once.", field="component", status=422
        )
    response, _ = FidelityResponse.objects.get_or_create(
        review=review, rater=rater, defaults={"version": version}
    )
    for item, _component, evidence in checked:
        FidelityRating.objects.update_or_create(
            response=response,
            component=item.component,
            defaults={"score": item.score, "type": item.type, "evidence": evidence},
        )
    audit.record(
        actor=actor,
        action="colleges.fidelity.rated",
        obj=review,
        changes={"version": version, "components": len(ratings)},
    )
    return response


@transaction.atomic
def fidelity_agree(
    *,
    actor: Actor,
    review: FidelityReview,
    component: str,
    score: int | None = None,
    type: int | None = None,
    rationale: str = "",
) -> FidelityAgreement:
    """Record the rating the college agreed for one component (the manager, or the network's
    coordinators and consultants who facilitate)."""
    if not access.can_run_college_work(actor, review.college, review.network_id):
        raise PermissionDenied("Only the college's managers and the network team agree ratings.")
    review = FidelityReview.objects.select_for_update().get(pk=review.pk)
    _require_open(review)
    found = structure.BY_KEY.get(component)
    if found is None:
        raise ApplicationError(
            "invalid", "Choose a component from the list.", field="component", status=422
        )
    if found.scored and (score not in (0, 1, 2) or type is not None):
        raise ApplicationError(
            "invalid", f"Agree a score of 0, 1 or 2 for {found.name}.", field="score", status=422
        )
    if not found.scored and (type not in (1, 2) or score is not None):
        raise ApplicationError(
            "invalid", f"Agree type 1 or type 2 for {found.name}.", field="type", status=422
        )
    rationale = clean_text(rationale, field="rationale", max_length=2000)
    agreement, _created = FidelityAgreement.objects.update_or_create(
        review=review,
        component=component,
        defaults={"score": score, "type": type, "rationale": rationale, "agreed_by": person(actor)},
    )
    audit.record(
        actor=actor,
        action="colleges.fidelity.agreed",
        obj=review,
        changes={"component": component, "score": score, "type": type},
    )
    return agreement


@transaction.atomic
def fidelity_review_close(*, actor: Actor, review: FidelityReview) -> FidelityReview:
    """Close a review once every component has an agreed rating. Closed reviews never change."""
    if not access.can_run_college_work(actor, review.college, review.network_id):
        raise PermissionDenied("Only the college's managers and the network team close a review.")
    review = FidelityReview.objects.select_for_update().get(pk=review.pk)
    _require_open(review)
    agreed = set(review.agreements.values_list("component", flat=True))
    missing = [c.name for c in structure.COMPONENTS if c.key not in agreed]
    if missing:
        raise ApplicationError(
            "not_agreed",
            "Agree a rating for every component before closing. Still to agree: "
            + ", ".join(missing)
            + ".",
            status=409,
        )
    review.status = FidelityStatus.CLOSED
    review.closed_at = timezone.now()
    review.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=actor, action="colleges.fidelity.closed", obj=review)
    # The distribution others see changes only through a stored snapshot (decision 0034).
    fidelity_snapshots.distribution_snapshot_take(actor=actor, network=review.network)
    return review


def fidelity_source(review: FidelityReview) -> plan_topics.Source:
    return plan_topics.Source(
        kind=FIDELITY_SOURCE,
        id=str(review.public_id),
        label=review.title,
        url=reverse("learning_network:fidelity-review", args=[review.public_id]),
    )


def fidelity_plan_create(*, actor: Actor, review: FidelityReview, title: str) -> object:
    """Start the college's action plan from a closed review: a first action for each scored
    component agreed below green. The plan lives in `plans` (its source is this review)."""
    if not access.can_run_college_work(actor, review.college, review.network_id):
        raise PermissionDenied("Only the college's managers and the network team start its plan.")
    if review.status != FidelityStatus.CLOSED:
        raise ApplicationError(
            "review_open", "Close the review before starting its action plan.", status=409
        )
    agreed = {a.component: a.score for a in review.agreements.all()}
    drafts = [
        plan_services.DraftAction(
            what=f"Work on {c.name} (agreed {structure.SCORE_LABELS[agreed[c.key] or 0].lower()}).",
            topic=f"recollect:{c.key}",
            topic_label=c.name,
        )
        for c in structure.SCORED
        if agreed.get(c.key) is not None and (agreed[c.key] or 0) < 2
    ]
    try:
        return plan_services.plan_create(
            actor=actor,
            organisation=review.college.organisation,
            title=title,
            source=fidelity_source(review),
            actions=drafts,
        )
    except IntegrityError as exc:  # pragma: no cover - the plan is one row and its actions
        raise ApplicationError("conflict", "Please try again.", status=409) from exc
