"""What feedback and debates can be attached to: "feedback target kinds" registered by other apps.

`feedback` names no domain app. An app whose sessions people attend (events today; college course
sessions and engagement sessions next) registers a `TargetKind` from its `AppConfig.ready`:

    targets.register(TargetKind(kind="event", label="Event", get=..., attended=..., ...))

Each function answers about one target by the app's own public id (a string), so `feedback` stores
only `(target_kind, target_id)` and asks the owning app everything else: what it is called, where
its page is, when it ends, who attended (the only people who may answer or vote as attendees) and
who organises it (who may attach a form or run a debate).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound


@dataclass(frozen=True)
class Target:
    """One thing people attended. `network_id` and `host_id` decide who sees results."""

    kind: str
    id: str
    label: str
    url: str
    network_id: int
    host_id: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str = "Europe/London"
    manage_url: str = ""


@dataclass(frozen=True)
class TargetKind:
    kind: str
    label: str
    # The target by its public id, or None when there is no such thing.
    get: Callable[[str], Target | None]
    # Whether this person attended (checked-in delegate, student marked present, …).
    attended: Callable[[Target, Any], bool]
    # The e-mail address of everyone who attended, for the invitation after the end.
    attendee_emails: Callable[[Target], list[str]]
    # Whether this person organises it (may attach a form, moderate, run a debate).
    is_organiser: Callable[[Actor | None, Target], bool]
    # The ids of targets of this kind the person attended that ended on or after `since`.
    attended_by: Callable[[Any, datetime.datetime], list[str]]
    # Targets this person organises (id, label), newest first, for the "attach a form" choice.
    organised_by: Callable[[Actor | None], list[tuple[str, str]]] | None = None


_KINDS: dict[str, TargetKind] = {}


def register(kind: TargetKind) -> None:
    _KINDS[kind.kind] = kind


def kinds() -> list[TargetKind]:
    return sorted(_KINDS.values(), key=lambda k: k.kind)


def kind_of(kind: str) -> TargetKind:
    found = _KINDS.get(kind)
    if found is None:
        raise NotFound("Feedback cannot be attached to that kind of thing.")
    return found


def resolve(kind: str, target_id: str) -> Target:
    target = kind_of(kind).get(target_id)
    if target is None:
        raise NotFound("We could not find what the feedback is for.")
    return target


# What the feedback pages show: forms and answers, and what they are attached to (an event, a
# course or an engagement: a target, with who attended), kept until one of these is written.
PAGE_APPS = ("feedback", "events", "colleges", "engagements", "network")
