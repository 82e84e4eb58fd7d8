"""Collections: planning who is asked what and when (sending links is in `sending.py`; the end of
retention is the personal-data map's purge, with `services/retention.py`)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name
from recoverynet.network.models import Organisation

from .. import access, sources
from ..domain_events import COLLECTION_CREATED
from ..models import (
    Collection,
    InstrumentVersion,
    Invitation,
    Participant,
    Timepoint,
    TimepointKind,
)
from ..selectors.instruments import wording_for
from .sending import send_open_links

MAX_RETENTION_YEARS = 10


@dataclass(frozen=True)
class TimepointPlan:
    kind: str
    due_from: datetime.date | None  # None: the end of the cohort's course (its source knows it)
    within_days: int


def _fill_dates(
    plans: list[TimepointPlan], source: sources.CohortSource, ref: str
) -> list[TimepointPlan]:
    """A follow-up at the end without a date is due on the last day of the course."""
    filled = []
    for plan in plans:
        if plan.due_from is None:
            ends = source.ends_on(ref) if plan.kind == "end" and source.ends_on else None
            if ends is None:
                raise ApplicationError(
                    "invalid",
                    "Enter the date each timepoint is due from.",
                    field="due_from",
                    status=422,
                )
            plan = TimepointPlan(plan.kind, ends, plan.within_days)
        filled.append(plan)
    return filled


def _check_timepoints(plans: list[TimepointPlan]) -> None:
    if not plans:
        raise ApplicationError(
            "invalid", "Add at least the baseline.", field="timepoints", status=422
        )
    if plans[0].kind != TimepointKind.BASELINE:
        raise ApplicationError(
            "invalid", "The first timepoint must be the baseline.", field="timepoints", status=422
        )
    kinds = [p.kind for p in plans]
    if any(k not in TimepointKind.values for k in kinds) or kinds.count("baseline") > 1:
        raise ApplicationError(
            "invalid", "Choose one baseline, then follow-ups.", field="timepoints", status=422
        )
    if kinds.count("end") > 1:
        raise ApplicationError(
            "invalid", "There can be one follow-up at the end.", field="timepoints", status=422
        )
    for plan in plans:
        if not 1 <= plan.within_days <= 365:
            raise ApplicationError(
                "invalid",
                "Give from 1 to 365 days to answer.",
                field="within_days",
                status=422,
            )
    for earlier, later in itertools.pairwise(plans):
        if earlier.due_from and later.due_from and later.due_from <= earlier.due_from:
            raise ApplicationError(
                "invalid",
                "Each follow-up must be due after the one before it.",
                field="due_from",
                status=422,
            )


@transaction.atomic
def collection_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    instruments: list[InstrumentVersion],
    source_kind: str,
    source_ref: str,
    timepoints: list[TimepointPlan],
    retain_until: datetime.date,
    reminder_days: int = 7,
    max_reminders: int = 2,
    send_automatically: bool = True,
    add_joiners: bool = False,
) -> Collection:
    user = person(actor)
    if not access.can_plan(actor, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    clean_title = clean_name(title, field="title", max_length=200)
    if not instruments:
        raise ApplicationError(
            "invalid", "Choose at least one questionnaire.", field="instruments", status=422
        )
    for instrument in instruments:
        if wording_for(organisation=organisation, instrument=instrument) is None:
            raise ApplicationError(
                "no_wording",
                f"{organisation.name} has no licensed wording loaded for {instrument.name}, so "
                "it cannot use it yet.",
                field="instruments",
                status=422,
            )
    source = sources.get(source_kind)
    timepoints = _fill_dates(timepoints, source, source_ref)
    _check_timepoints(timepoints)
    if add_joiners and not sources.announces_joiners(source_kind):
        raise ApplicationError(
            "invalid",
            "Only a course's students can be asked at enrolment: choose a course, or a date for "
            "the baseline.",
            field="add_joiners",
            status=422,
        )
    if not 1 <= reminder_days <= 60:
        raise ApplicationError(
            "invalid", "Remind every 1 to 60 days.", field="reminder_days", status=422
        )
    if not 0 <= max_reminders <= 5:
        raise ApplicationError(
            "invalid", "Send from 0 to 5 reminders.", field="max_reminders", status=422
        )
    last = timepoints[-1].due_from
    assert last is not None  # filled above
    last_due = last + datetime.timedelta(days=timepoints[-1].within_days)
    if retain_until <= last_due:
        raise ApplicationError(
            "invalid",
            "Keep the link between people and answers until after the last follow-up closes.",
            field="retain_until",
            status=422,
        )
    if retain_until > timezone.localdate().replace(
        year=timezone.localdate().year + MAX_RETENTION_YEARS
    ):
        raise ApplicationError(
            "invalid",
            f"Keep the link for at most {MAX_RETENTION_YEARS} years.",
            field="retain_until",
            status=422,
        )
    if source_ref not in {ref for ref, _ in source.choices(actor, organisation)}:
        raise ApplicationError(
            "invalid", "Choose who the questionnaires are for.", field="source", status=422
        )
    label = dict(source.choices(actor, organisation))[source_ref]
    members = source.members(actor, organisation, source_ref)
    pool = source.pool(source_ref) if source.pool is not None else None
    collection = Collection.objects.create(
        organisation=organisation,
        title=clean_title,
        source_kind=source_kind,
        source_ref=source_ref,
        source_label=label,
        reminder_days=reminder_days,
        max_reminders=max_reminders,
        retain_until=retain_until,
        send_automatically=send_automatically,
        add_joiners=add_joiners,
        pool_key=pool[0] if pool else "",
        pool_label=pool[1] if pool else "",
        created_by=user,
    )
    collection.instruments.set(instruments)
    rows = Timepoint.objects.bulk_create(
        Timepoint(
            collection=collection,
            kind=plan.kind,
            position=i,
            due_from=plan.due_from or timezone.localdate(),  # filled above
            within_days=plan.within_days,
        )
        for i, plan in enumerate(timepoints, start=1)
    )
    participants = Participant.objects.bulk_create(
        Participant(collection=collection, name=m.name, email=m.email, user_id=m.user_id)
        for m in {m.email.lower(): m for m in members}.values()
    )
    Invitation.objects.bulk_create(
        Invitation(participant=p, timepoint=t) for p in participants for t in rows
    )
    audit.record(
        actor=actor,
        action="outcomes.collection.created",
        obj=collection,
        changes={
            "instruments": [i.code for i in instruments],
            "source": f"{source_kind}:{source_ref}",
            "participants": len(participants),
            "send_automatically": send_automatically,
            "add_joiners": add_joiners,
        },
    )
    if send_automatically:
        send_open_links(collection)
    domain_events.emit(
        COLLECTION_CREATED.name,
        network_slug=None,
        data={
            "collection_id": str(collection.public_id),
            "organisation_id": organisation.pk,
            "instruments": [i.code for i in instruments],
            "participants": len(participants),
        },
    )
    return collection
