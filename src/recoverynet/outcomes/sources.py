"""Where a collection's people come from: a small registry of cohort sources.

Built in: an organisation's **team** (its affiliated people, through `network.selectors`) and the
organisation's attendees of a **learning set** (through `events.selectors`, never events' models).
Another app registers its own source in its `AppConfig.ready`, e.g. a Recovery College course:

    from recoverynet.outcomes import sources
    sources.register(sources.CohortSource(
        kind="colleges.course", label="Students of a course",
        choices=lambda actor, organisation: [(course.slug, course.title), …],
        members=lambda actor, organisation, ref: [sources.Member(name, email, user_id), …],
    ))

`choices` lists what may be picked for an organisation; `members` lists the people of one choice
(and checks the actor may see them, raising `PermissionDenied` otherwise).

Optional, for a source whose people join over time (a course's students enrol one by one):

- `joined_event` names the domain event the source's app emits when someone joins, and `joiner`
  turns that event's payload into `(ref, Member)` (or None: not a joiner). `outcomes` subscribes
  to the event, so a collection planned with "baseline at enrolment" adds the person and sends
  their baseline link (`services.participant_join`). The payload stays thin (ids only): `joiner`
  looks the person up in its own app.
- `ends_on(ref)`: the last day of the choice (a course's last session), the default date of the
  follow-up at the end.
- `pool(ref)`: `(key, label)` of the group whose figures are pooled (a Recovery College).
- `rescheduled_event` / `rescheduled`: the domain event the app emits when a choice's dates may
  have moved (`college_session.changed`: a course's session added, moved or deleted), and a
  function turning its
  payload into a `Reschedule` (the ref, its new last day, whether it was cancelled). `outcomes`
  subscribes, and `services.collections_reschedule` moves the follow-up at the end (or stops the
  links of a cancelled course)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError
from recoverynet.network.models import Organisation


@dataclass(frozen=True)
class Member:
    name: str
    email: str
    user_id: int | None = None


@dataclass(frozen=True)
class Reschedule:
    ref: str
    ends_on: datetime.date | None  # the choice's new last day (None: unknown, nothing moves)
    cancelled: bool = False


@dataclass(frozen=True)
class CohortSource:
    kind: str
    label: str
    choices: Callable[[Actor, Organisation], list[tuple[str, str]]]
    members: Callable[[Actor, Organisation, str], list[Member]]
    joined_event: str | None = None
    joiner: Callable[[Mapping[str, Any]], tuple[str, Member] | None] | None = None
    ends_on: Callable[[str], datetime.date | None] | None = None
    pool: Callable[[str], tuple[str, str] | None] | None = None
    rescheduled_event: str | None = None
    rescheduled: Callable[[Mapping[str, Any]], Reschedule | None] | None = None


_SOURCES: dict[str, CohortSource] = {}


def _on_joined(event: Any) -> None:
    """After an app announces that someone joined one of its cohorts (e.g. a student enrolled on
    a course): add them to the open collections of that cohort that ask for it."""
    from .services import participant_join

    for source in list(_SOURCES.values()):
        if source.joined_event == event.type and source.joiner is not None:
            found = source.joiner(event.data)
            if found is not None:
                ref, member = found
                participant_join(source_kind=source.kind, source_ref=ref, member=member)


def _on_rescheduled(event: Any) -> None:
    """After an app announces that a cohort's dates moved or it was cancelled (e.g. a course's
    sessions changed): move the follow-up at the end of its collections, or stop their links."""
    from .services import collections_reschedule

    for source in list(_SOURCES.values()):
        if source.rescheduled_event == event.type and source.rescheduled is not None:
            found = source.rescheduled(event.data)
            if found is not None:
                collections_reschedule(source_kind=source.kind, change=found)


def register(source: CohortSource) -> None:
    from recoverynet.core import domain_events

    _SOURCES[source.kind] = source
    if source.joined_event is not None:
        domain_events.subscribe(source.joined_event, _on_joined)
    if source.rescheduled_event is not None:
        domain_events.subscribe(source.rescheduled_event, _on_rescheduled)


def announces_joiners(kind: str) -> bool:
    source = _SOURCES.get(kind)
    return source is not None and source.joined_event is not None


def all_sources() -> list[CohortSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.label)


def get(kind: str) -> CohortSource:
    if kind not in _SOURCES:
        raise ApplicationError(
            "invalid", "Choose who the questionnaires are for.", field="source", status=422
        )
    return _SOURCES[kind]


# --- Built-in sources -----------------------------------------------------------------------------


def _team_choices(actor: Actor, organisation: Organisation) -> list[tuple[str, str]]:
    return [("team", f"Everyone in {organisation.name}'s team")]


def _team_members(actor: Actor, organisation: Organisation, ref: str) -> list[Member]:
    from recoverynet.network import selectors as network_selectors

    if ref != "team":
        raise ApplicationError("invalid", "Choose the team.", field="source", status=422)
    return [
        Member(name=a.user.full_name or a.user.email, email=a.user.email, user_id=a.user_id)
        for a in network_selectors.organisation_people(actor=actor, organisation=organisation)
    ]


def _learning_set_choices(actor: Actor, organisation: Organisation) -> list[tuple[str, str]]:
    from recoverynet.events import selectors as event_selectors
    from recoverynet.network import access as network_access
    from recoverynet.network.models import Network

    found: list[tuple[str, str]] = []
    for network in Network.objects.filter(
        pk__in=network_access.organisation_network_ids(organisation)
    ):
        for learning_set in event_selectors.learning_sets_in_network(network=network):
            found.append((learning_set.slug, f"Attendees of {learning_set.title}"))
    return found


def _learning_set_members(actor: Actor, organisation: Organisation, ref: str) -> list[Member]:
    from recoverynet.events import selectors as event_selectors

    bookings = event_selectors.bookings_for_organisation(
        actor=actor, organisation=organisation
    ).filter(event__learning_set__slug=ref, status="confirmed")
    seen: dict[str, Member] = {}
    for booking in bookings.prefetch_related("delegates"):
        for delegate in booking.delegates.all():
            if delegate.cancelled_at is None and delegate.email.lower() not in seen:
                seen[delegate.email.lower()] = Member(name=delegate.name, email=delegate.email)
    return sorted(seen.values(), key=lambda m: (m.name, m.email))


def register_builtin() -> None:
    register(CohortSource("team", "An organisation's team", _team_choices, _team_members))
    register(
        CohortSource(
            "learning_set",
            "The organisation's attendees of a learning set",
            _learning_set_choices,
            _learning_set_members,
        )
    )
