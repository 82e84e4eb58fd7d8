"""When a cohort's dates move (a Recovery College course's sessions are added, moved or removed) or
it is cancelled, announced by its app as a domain event (`sources.CohortSource.rescheduled_event`;
decision 0043).

- **Dates moved**: the follow-up at the end of each of the cohort's collections moves to the new
  last day, unless its window has already closed (what was asked is history). Links not yet sent
  go out when the moved window opens; reminders follow the moved window; links already sent keep
  working and answers already given stay. A later follow-up that would no longer be due after the
  one before it moves by the same number of days; the end of retention moves with the last
  follow-up if it would otherwise come before it closes.
- **Cancelled**: each timepoint whose window has not closed stops (`stopped_on`): no more first
  links, reminders or joiners; links already sent still work and answers stay.

Each change is audited on the collection, without naming anyone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from recoverynet.core import audit

from ..models import Collection, Timepoint, TimepointKind
from ..sources import Reschedule


def _closes(timepoint: Timepoint) -> datetime.date:
    return timepoint.due_from + datetime.timedelta(days=timepoint.within_days)


def _stop(collection: Collection, timepoints: list[Timepoint], today: datetime.date) -> None:
    stopped = [t for t in timepoints if t.stopped_on is None and today <= _closes(t)]
    for timepoint in stopped:
        timepoint.stopped_on = today
        timepoint.save(update_fields=["stopped_on", "updated_at"])
    if stopped:
        audit.record(
            actor=None,
            action="outcomes.collection.stopped",
            obj=collection,
            changes={"reason": "cancelled", "timepoints": [t.kind for t in stopped]},
        )


def _move(
    collection: Collection,
    timepoints: list[Timepoint],
    ends_on: datetime.date,
    today: datetime.date,
) -> None:
    end = next((t for t in timepoints if t.kind == TimepointKind.END), None)
    if end is None or end.due_from == ends_on or end.stopped_on is not None or today > _closes(end):
        return
    before = [t for t in timepoints if t.position < end.position]
    if any(ends_on <= t.due_from for t in before):
        audit.record(
            actor=None,
            action="outcomes.timepoint.not_moved",
            obj=collection,
            changes={"timepoint": "end", "ends_on": ends_on.isoformat(), "reason": "before_start"},
        )
        return
    delta = ends_on - end.due_from
    changes: dict[str, object] = {"end": [end.due_from.isoformat(), ends_on.isoformat()]}
    end.due_from = ends_on
    end.save(update_fields=["due_from", "updated_at"])
    previous = end
    for later in (t for t in timepoints if t.position > end.position):
        if later.due_from > previous.due_from or today > _closes(later):
            break
        changes[f"later_{later.position}"] = [
            later.due_from.isoformat(),
            (later.due_from + delta).isoformat(),
        ]
        later.due_from += delta
        later.save(update_fields=["due_from", "updated_at"])
        previous = later
    last_close = max(_closes(t) for t in timepoints)
    if collection.retain_until <= last_close:
        new_retain = last_close + datetime.timedelta(days=1)
        changes["retain_until"] = [collection.retain_until.isoformat(), new_retain.isoformat()]
        collection.retain_until = new_retain
        collection.save(update_fields=["retain_until", "updated_at"])
    audit.record(actor=None, action="outcomes.timepoint.moved", obj=collection, changes=changes)


@transaction.atomic
def collections_reschedule(*, source_kind: str, change: Reschedule) -> int:
    """The cohort `change.ref` of `source_kind` moved its dates or was cancelled: update each of
    its collections (see the module). Idempotent. Returns how many collections it looked at."""
    today = timezone.localdate()
    collections = list(
        Collection.objects.select_for_update()
        .filter(source_kind=source_kind, source_ref=change.ref, key_destroyed_at__isnull=True)
        .order_by("pk")
    )
    for collection in collections:
        timepoints = list(collection.timepoints.order_by("position"))
        if change.cancelled:
            _stop(collection, timepoints, today)
        elif change.ends_on is not None:
            _move(collection, timepoints, change.ends_on, today)
    return len(collections)
