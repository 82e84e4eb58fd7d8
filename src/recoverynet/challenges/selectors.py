"""Reads for frameworks and rounds, scoped to the person asking."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import aggregates
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.core.undo import undo_until, undoable_change
from recoverynet.network.models import Network, Organisation

from . import access, reference
from .models import (
    AssessmentRound,
    Challenge,
    Consensus,
    Framework,
    Level,
    Priority,
    Rater,
    Rating,
    RoundStatus,
    ScalePoint,
)

# Perspective groups whose typical ratings differ by this many points or more are flagged, e.g. staff
# rate practice-level user involvement 3 while people who use services rate it 1.
DISAGREEMENT_GAP = 2


def frameworks_current() -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True).order_by("name")


def framework_current_get(pk: int) -> Framework | None:
    """A current framework version by id; None when it is not current (or does not exist)."""
    return frameworks_current().filter(pk=pk).first()


def ten_challenge_titles() -> dict[int, str]:
    """The Ten Organisational Challenges by number, from the current version (public wording, for
    pickers such as the library's); the shipped titles if the framework is not installed."""
    from .frameworks import TEN_CHALLENGES

    titles = reference.current_titles(TEN_CHALLENGES["family"])
    return titles or dict(enumerate(TEN_CHALLENGES["challenges"], start=1))


def framework_get(pk: int) -> Framework:
    """A framework with its levels, challenges and scale (kept in the shared cache: `reference`)."""
    framework = reference.framework(pk)
    if framework is None:
        raise NotFound("We could not find that framework.")
    return framework


def rounds_for_organisation(
    *, actor: Actor, organisation: Organisation
) -> QuerySet[AssessmentRound]:
    if not access.can_view_organisation(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's people and the network team can see its self-assessments."
        )
    return (
        AssessmentRound.objects.filter(organisation=organisation)
        .select_related("framework", "facilitator", "organisation")
        .annotate(rater_count=Count("raters", distinct=True))
        .order_by("-created_at")
    )


def round_get(*, actor: Actor, public_id: Any) -> AssessmentRound:
    round_ = (
        AssessmentRound.objects.select_related("organisation", "framework", "facilitator")
        .filter(public_id=public_id)
        .first()
    )
    if round_ is None or not access.can_view_round(actor, round_):
        raise NotFound("We could not find that self-assessment.")
    return round_


def rater_for_user(*, actor: Actor, round_: AssessmentRound) -> Rater:
    rater = (
        Rater.objects.filter(round=round_, user=person(actor)).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if rater is None:
        raise NotFound("You have not been invited to rate in this round.")
    return rater


def rounds_to_rate(*, actor: Actor) -> list[Rater]:
    """Open rounds where the person is a rater and has not yet submitted ("Your things"). One query."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Rater.objects.select_related("round__organisation")
        .filter(user=person(actor), submitted_at__isnull=True, round__status=RoundStatus.OPEN)
        .order_by("round__created_at")[:20]
    )


def rounds_to_facilitate(*, actor: Actor) -> list[AssessmentRound]:
    """Open rounds the person facilitates ("Your things"). One query."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        AssessmentRound.objects.select_related("organisation")
        .filter(facilitator=person(actor), status=RoundStatus.OPEN)
        .order_by("created_at")[:20]
    )


def own_rater(*, actor: Actor, public_id: Any) -> Rater:
    """The actor's rater in a round, with the round. Invited volunteers and students rate without
    seeing the round, so only being one of its raters is checked."""
    round_ = (
        AssessmentRound.objects.select_related("organisation", "framework")
        .filter(public_id=public_id)
        .first()
    )
    if round_ is None:
        raise NotFound("We could not find that self-assessment.")
    rater = rater_for_user(actor=actor, round_=round_)
    rater.round = round_
    return rater


def round_priorities(round_: AssessmentRound) -> list[Priority]:
    return list(round_.priorities.select_related("challenge", "level"))


def round_close_undo_refusal(round_: AssessmentRound) -> str:
    """Why closing `round_` cannot be undone whatever the time ("" if nothing stands in the way):
    its priorities are chosen, or a published benchmark counts it (decision 0045)."""
    from .benchmarks import round_in_published_benchmark

    if round_.priorities.exists():
        return "The round's priorities have been chosen, so the round stays closed."
    if round_in_published_benchmark(round_):
        return (
            "A network benchmark published since counts this round's ratings, so the round stays "
            "closed: published figures never change afterwards."
        )
    return ""


def round_close_undo_until(*, actor: Actor, round_: AssessmentRound) -> datetime.datetime | None:
    """Until when `actor` may undo closing `round_` (None: they may not, or it is too late)."""
    if round_.status != RoundStatus.CLOSED or not access.can_facilitate(actor, round_):
        return None
    entry = undoable_change(round_, "challenges.round.closed")
    if entry is None or round_close_undo_refusal(round_):
        return None
    return undo_until(entry)


def rater_ratings(rater: Rater) -> QuerySet[Rating]:
    return rater.ratings.select_related("level")


def organisation_network_slugs(organisation: Organisation) -> list[str]:
    """The networks an organisation belongs to (domain events are announced in each)."""
    from recoverynet.network import access as network_access

    ids = network_access.organisation_network_ids(organisation)
    return list(Network.objects.filter(pk__in=ids).order_by("slug").values_list("slug", flat=True))


@dataclass
class Cell:
    challenge: Challenge
    level: Level
    ratings: list[tuple[Rater, Rating]] = field(default_factory=list)
    consensus: Consensus | None = None

    @property
    def values(self) -> list[int]:
        return [r.value for _, r in self.ratings if r.value is not None]

    def _groups(self) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for rater, rating in self.ratings:
            if rating.value is not None and rater.perspective:
                groups.setdefault(rater.perspective, []).append(rating.value)
        return groups

    def perspective_medians(self) -> dict[str, float]:
        """The median rating of each perspective group of at least `SUPPRESS_PEOPLE_BELOW` raters;
        smaller groups are not shown to anyone, facilitator included, because beside the named
        ratings a small group's median would tie a perspective to a person (decision 0009)."""
        groups = aggregates.groups_at_least(self._groups(), aggregates.people_minimum())
        return {p: statistics.median(v) for p, v in groups.items()}

    @property
    def disagreement(self) -> bool:
        medians = list(self.perspective_medians().values())
        return len(medians) >= 2 and max(medians) - min(medians) >= DISAGREEMENT_GAP

    @property
    def spread(self) -> int:
        values = self.values
        return max(values) - min(values) if values else 0


@dataclass
class Grid:
    round: AssessmentRound
    levels: list[Level]
    challenges: list[Challenge]
    raters: list[Rater]
    cells: dict[tuple[int, int], Cell]

    def rows(self) -> list[tuple[Challenge, list[Cell]]]:
        return [(c, [self.cells[(c.pk, lv.pk)] for lv in self.levels]) for c in self.challenges]

    @property
    def disagreements(self) -> list[Cell]:
        return [cell for _, cells in self.rows() for cell in cells if cell.disagreement]

    @property
    def agreed(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.consensus is not None)

    def perspective_counts(self) -> aggregates.GroupCounts:
        """How many raters said each perspective: only groups of at least `SUPPRESS_PEOPLE_BELOW`
        are counted by name; never per rater."""
        return aggregates.group_counts(
            (r.perspective for r in self.raters), aggregates.people_minimum()
        )


def round_grid(*, actor: Actor, round_: AssessmentRound) -> Grid:
    """Every rater's rating side by side, with consensus and disagreements: a constant number of
    queries however many raters there are."""
    if not access.can_view_round(actor, round_):
        raise NotFound("We could not find that self-assessment.")
    levels = list(round_.framework.levels.all())
    challenges = list(round_.framework.challenges.all())
    raters = list(round_.raters.order_by("name"))
    cells = {(c.pk, lv.pk): Cell(challenge=c, level=lv) for c in challenges for lv in levels}
    by_id = {r.pk: r for r in raters}
    for rating in Rating.objects.filter(rater__round=round_):
        cells[(rating.challenge_id, rating.level_id)].ratings.append(
            (by_id[rating.rater_id], rating)
        )
    for consensus in Consensus.objects.filter(round=round_):
        cells[(consensus.challenge_id, consensus.level_id)].consensus = consensus
    return Grid(round=round_, levels=levels, challenges=challenges, raters=raters, cells=cells)


def own_ratings(rater: Rater) -> dict[tuple[int, int], Rating]:
    return {(r.challenge_id, r.level_id): r for r in rater.ratings.all()}


# --- Progress over time (reports) ----------------------------------------------------------------------


@dataclass
class Progress:
    """An organisation's closed whole-organisation rounds of one framework family, oldest first, with
    their agreed ratings and priorities. Rounds may use different versions of the framework; they
    share challenge numbers and level keys, and the newest round's version gives the rows."""

    rounds: list[AssessmentRound]
    challenges: list[Challenge]  # of the newest round's framework version
    levels: list[Level]
    scale: list[ScalePoint]
    agreed: dict[
        int, dict[tuple[int, str], int]
    ]  # round id → (challenge number, level key) → value
    priorities: dict[int, list[Priority]]  # round id → priorities in rank order

    @property
    def latest(self) -> AssessmentRound | None:
        return self.rounds[-1] if self.rounds else None


def organisation_progress(*, actor: Actor, organisation: Organisation, family: str) -> Progress:
    """A constant number of queries however many rounds there are. Visible to the same people as
    the organisation's rounds."""
    rounds = list(
        rounds_for_organisation(actor=actor, organisation=organisation)
        .filter(status=RoundStatus.CLOSED, team_name="", framework__family=family)
        .order_by("closed_at", "pk")
    )
    if not rounds:
        return Progress(rounds=[], challenges=[], levels=[], scale=[], agreed={}, priorities={})
    ids = [r.pk for r in rounds]
    agreed: dict[int, dict[tuple[int, str], int]] = {pk: {} for pk in ids}
    for round_id, number, key, value in Consensus.objects.filter(round_id__in=ids).values_list(
        "round_id", "challenge__number", "level__key", "value"
    ):
        agreed[round_id][(number, key)] = value
    priorities: dict[int, list[Priority]] = {pk: [] for pk in ids}
    for priority in (
        Priority.objects.filter(round_id__in=ids)
        .select_related("challenge", "level")
        .order_by("round_id", "rank")
    ):
        priorities[priority.round_id].append(priority)
    newest = framework_get(rounds[-1].framework_id)  # its parts in their order (Meta.ordering)
    return Progress(
        rounds=rounds,
        challenges=list(newest.challenges.all()),
        levels=list(newest.levels.all()),
        scale=list(newest.scale.all()),
        agreed=agreed,
        priorities=priorities,
    )
