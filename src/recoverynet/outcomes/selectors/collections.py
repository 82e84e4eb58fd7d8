"""Reads about collections: the organisation's list, follow-up rates and who still has a
questionnaire due (names only, never answers), and finding a questionnaire by its link."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import tokens
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.network.models import Organisation

from .. import access, linkage
from ..instruments import Definition, parse
from ..models import Collection, InstrumentVersion, Invitation, Response, Timepoint, Wording
from .instruments import wording_for

Need = Literal["plan", "follow_up", "results"]
CHECKS = {
    "plan": access.can_plan,
    "follow_up": access.can_follow_up,
    "results": access.can_view_results,
}


def collections_for_organisation(
    *, actor: Actor, organisation: Organisation
) -> QuerySet[Collection]:
    if not access.can_view_results(actor, organisation):
        raise PermissionDenied("Only the organisation's people and its network team can see this.")
    return (
        Collection.objects.filter(organisation=organisation)
        .prefetch_related("instruments", "timepoints")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-created_at")
    )


def collection_get(*, actor: Actor, public_id: UUID, need: Need = "results") -> Collection:
    collection = (
        Collection.objects.select_related("organisation")
        .prefetch_related("instruments", "timepoints")
        .filter(public_id=public_id)
        .first()
    )
    if collection is None or not CHECKS[need](actor, collection.organisation):
        raise NotFound("We could not find that collection.")
    return collection


def window_closes(timepoint: Timepoint) -> datetime.date:
    return timepoint.due_from + datetime.timedelta(days=timepoint.within_days)


@dataclass(frozen=True)
class TimepointRate:
    timepoint: Timepoint
    asked: int
    answered: int
    closes: datetime.date
    due: list[str]  # names of people who have not answered yet (open timepoints only)

    @property
    def percent(self) -> float | None:
        return round(100 * self.answered / self.asked, 1) if self.asked else None


def follow_up_rates(*, actor: Actor, collection: Collection) -> list[TimepointRate]:
    """Per timepoint: how many were asked, how many answered, and (for those who follow up: the
    organisation's people) who still has it due, by name. Whether someone answered is all that is
    shown, never what."""
    return follow_up_rates_of(actor=actor, collections=[collection])[collection.pk]


def follow_up_rates_of(
    *, actor: Actor, collections: list[Collection]
) -> dict[int, list[TimepointRate]]:
    """`follow_up_rates` for many collections (an organisation's list) in two queries, by
    collection id; timepoints prefetched. NotFound if the actor may not see any of them."""
    if not all(access.can_view_results(actor, c.organisation) for c in collections):
        raise NotFound("We could not find that collection.")
    today = timezone.localdate()
    timepoints = {c.pk: list(c.timepoints.all()) for c in collections}
    counts: dict[int, dict[str, int]] = {
        row["timepoint_id"]: {"asked": row["asked"], "answered": row["answered"]}
        for row in Invitation.objects.filter(timepoint__collection__in=[c.pk for c in collections])
        .values("timepoint_id")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(done=True)))
        .order_by()
    }
    open_ids = [
        t.pk
        for c in collections
        if access.can_follow_up(actor, c.organisation)
        for t in timepoints[c.pk]
        if t.due_from <= today <= window_closes(t) and t.stopped_on is None
    ]
    due_names: dict[int, list[str]] = {}
    for timepoint_id, name in (
        Invitation.objects.filter(timepoint_id__in=open_ids, done=False)
        .order_by("participant__name")
        .values_list("timepoint_id", "participant__name")
    ):
        due_names.setdefault(timepoint_id, []).append(name)
    return {
        c.pk: [
            TimepointRate(
                timepoint=t,
                asked=counts.get(t.pk, {}).get("asked", 0),
                answered=counts.get(t.pk, {}).get("answered", 0),
                closes=window_closes(t),
                due=due_names.get(t.pk, []),
            )
            for t in timepoints[c.pk]
        ]
        for c in collections
    }


# --- The questionnaire ----------------------------------------------------------------------------


def invitation_by_token(raw: str) -> Invitation:
    """The questionnaire a single-use link is for: 404 if unknown, 410 once used or expired."""
    if not raw or len(raw) > 100:
        raise NotFound("We do not recognise this link. Check it is the whole link from the e-mail.")
    invitation = (
        Invitation.objects.select_related(
            "participant__collection__organisation", "timepoint__collection"
        )
        .filter(token_hash=tokens.digest(raw))
        .first()
    )
    if invitation is None:
        raise ApplicationError(
            "link_gone",
            "This link no longer works. It may have been used already, or a newer link may have "
            "been sent to you. Ask the organisation for a new one if you still want to answer.",
            status=410,
        )
    if tokens.expired(invitation.expires_at):
        raise ApplicationError(
            "link_gone", "This questionnaire has closed, so the link no longer works.", status=410
        )
    return invitation


def invitations_for_self(*, actor: Actor) -> QuerySet[Invitation]:
    """The signed-in person's own questionnaires that are open now."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see your questionnaires.")
    today = timezone.localdate()
    return (
        Invitation.objects.filter(
            participant__user=actor, done=False, timepoint__due_from__lte=today
        )
        .filter(participant__collection__key_destroyed_at__isnull=True)
        .select_related("timepoint__collection__organisation", "participant")
        .order_by("timepoint__due_from")
    )


def invitation_for_self(*, actor: Actor, invitation_id: int) -> Invitation:
    found = invitations_for_self(actor=actor).filter(pk=invitation_id).first()
    if found is None:
        raise NotFound("We could not find that questionnaire.")
    if window_closes(found.timepoint) < timezone.localdate():
        raise ApplicationError("link_gone", "This questionnaire has closed.", status=410)
    return found


@dataclass(frozen=True)
class Part:
    instrument: InstrumentVersion
    definition: Definition
    wording: Wording
    answers: dict[int, int | None]  # saved so far


def questionnaire(invitation: Invitation) -> list[Part]:
    """The instruments of the invitation's collection with the organisation's wording and the
    answers saved so far. The caller found the invitation by its link or as the person's own."""
    collection = invitation.participant.collection
    parts = []
    saved: dict[int, dict[int, int | None]] = {}
    pseudonym_id = linkage.existing_pseudonym_id(invitation.participant)
    if pseudonym_id is not None:
        for response in Response.objects.filter(
            pseudonym_id=pseudonym_id, timepoint=invitation.timepoint
        ).prefetch_related("answers"):
            saved[response.instrument_id] = {a.item: a.value for a in response.answers.all()}
    for instrument in collection.instruments.order_by("code", "version"):
        wording = wording_for(organisation=collection.organisation, instrument=instrument)
        if wording is None:
            raise ApplicationError(
                "unavailable",
                "This questionnaire cannot be shown just now. Please try again later.",
                status=409,
            )
        parts.append(
            Part(instrument, parse(instrument.definition), wording, saved.get(instrument.pk, {}))
        )
    return parts


def part_rows(parts: list[Part]) -> list[dict[str, Any]]:
    """Each question as the form shows it: its field name, wording, choices and saved answer."""
    rows = []
    total = sum(p.definition.item_count for p in parts)
    number = 0
    for part in parts:
        labels = part.wording.labels
        for item in part.definition.items:
            number += 1
            saved = part.answers.get(item.number, "unset")
            rows.append(
                {
                    "name": f"q-{part.instrument.pk}-{item.number}",
                    "text": part.wording.items[item.number - 1],
                    "position": number,
                    "total": total,
                    "instrument": part.instrument,
                    "first_of_part": item.number == 1,
                    "wording": part.wording,
                    "timeframe": part.definition.timeframe,
                    "allows_decline": part.definition.allows_decline,
                    "choices": [(str(v), labels[i]) for i, v in enumerate(part.definition.values)],
                    "saved": "decline"
                    if saved is None
                    else ("" if saved == "unset" else str(saved)),
                }
            )
    return rows
