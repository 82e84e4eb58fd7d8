"""Domain events: how an app announces what happened, and how other apps (and webhooks) follow it.

An app *defines* each event once, at import time of its `domain_events.py` module (loaded from its
`AppConfig.ready`), with a plain-English summary and a description of every payload field. A service
*emits* an event inside its transaction; subscribers run only after the transaction commits, so a
rolled-back change never announces anything. Subscribers never import the emitting app's models:
they get the event's name, network and thin payload (ids, names of states, links - never health
data or perspectives).

`core` names no domain app: the registry is filled by the apps themselves, and the catalogue
(`catalogue()`) is what the API docs and the webhook pages list.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventType:
    """One kind of event: `name` is `<thing>.<past-tense verb>`, e.g. `booking.confirmed`."""

    name: str
    summary: str
    payload: Mapping[str, str]  # field name -> what it holds


@dataclass(frozen=True)
class DomainEvent:
    """One thing that happened. `id` is stable: a webhook delivery of it keeps the same id on retry."""

    type: str
    network_slug: str | None
    data: Mapping[str, Any]
    id: str = field(default_factory=lambda: f"evt_{uuid.uuid4().hex}")
    occurred_at: str = field(default_factory=lambda: timezone.now().isoformat())


Subscriber = Callable[[DomainEvent], None]

_TYPES: dict[str, EventType] = {}
_SUBSCRIBERS: dict[str, list[Subscriber]] = {}
_ALL = "*"


def define(name: str, *, summary: str, payload: Mapping[str, str]) -> EventType:
    """Declare an event type. Defining the same name twice with a different shape is a bug."""
    event_type = EventType(name=name, summary=summary, payload=dict(payload))
    existing = _TYPES.get(name)
    if existing is not None and existing != event_type:
        raise ValueError(f"Domain event {name!r} is defined twice with different shapes.")
    _TYPES[name] = event_type
    return event_type


def catalogue() -> list[EventType]:
    """Every defined event type, by name: for the API docs and the webhook pages."""
    return [_TYPES[name] for name in sorted(_TYPES)]


def is_defined(name: str) -> bool:
    return name in _TYPES


def subscribe(name: str, handler: Subscriber) -> None:
    """Run `handler` after commit for each event called `name` (or every event, with "*")."""
    if name != _ALL and name not in _TYPES:
        raise ValueError(f"Cannot subscribe to undefined domain event {name!r}.")
    handlers = _SUBSCRIBERS.setdefault(name, [])
    if handler not in handlers:
        handlers.append(handler)


def subscribe_all(handler: Subscriber) -> None:
    subscribe(_ALL, handler)


def unsubscribe(handler: Subscriber) -> None:
    """Stop calling `handler` (tests use it to remove a recorder)."""
    for handlers in _SUBSCRIBERS.values():
        if handler in handlers:
            handlers.remove(handler)


def emit(name: str, *, network_slug: str | None, data: Mapping[str, Any]) -> DomainEvent:
    """Announce that `name` happened. Call it inside the service's transaction.

    The payload must carry exactly the fields the event type declares, so the documentation stays
    true; subscribers are called after commit, each on its own, and one failing never stops another
    or the request (it is logged; webhook deliveries are database rows with their own retries)."""
    event_type = _TYPES.get(name)
    if event_type is None:
        raise ValueError(f"Domain event {name!r} is not defined.")
    if set(data) != set(event_type.payload):
        raise ValueError(
            f"Domain event {name!r} payload has {sorted(data)}; "
            f"the definition says {sorted(event_type.payload)}."
        )
    event = DomainEvent(type=name, network_slug=network_slug, data=dict(data))
    transaction.on_commit(lambda: _deliver(event), robust=False)
    return event


def _deliver(event: DomainEvent) -> None:
    for handler in [*_SUBSCRIBERS.get(event.type, []), *_SUBSCRIBERS.get(_ALL, [])]:
        try:
            handler(event)
        except Exception:
            logger.exception("Subscriber %r failed for %s %s", handler, event.type, event.id)
