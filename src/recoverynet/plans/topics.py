"""What an action can work on, and what a plan came from: filled in by other apps.

`plans` names no domain app. An app that starts plans (self-assessment today; engagements and
fidelity reviews later) passes a `Source` to `services.plan_create` and registers, for its source
kind, the topics an action may be linked to (for a round: each challenge, alone or at one level).
Register from the app's `AppConfig.ready`:

    topics.register("assessment_round", provider)   # provider(source_id) -> list[Topic]
    topics.register("", provider)                   # plans that came from no app
    topics.register_link(link)                      # link(organisation) -> Link | None
    topics.register_openable("engagement", openable)  # openable(actor, ids) -> ids they may open
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    """What a plan came from. `id` is the source app's own public id; `url` a path to its page."""

    kind: str
    id: str
    label: str
    url: str = ""


@dataclass(frozen=True)
class Topic:
    """Something an action works on. `ref` is the source app's opaque reference (at most 100
    characters); `group` gathers topics under one heading in a list."""

    ref: str
    label: str
    group: str = ""


TopicProvider = Callable[[str], list[Topic]]

_PROVIDERS: dict[str, list[TopicProvider]] = {}


def register(kind: str, provider: TopicProvider) -> None:
    providers = _PROVIDERS.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)


def topics_for(kind: str, source_id: str) -> list[Topic]:
    """Every topic an action in a plan from this source may be linked to."""
    return [topic for provider in _PROVIDERS.get(kind, []) for topic in provider(source_id)]


# Which sources' pages a reader may open, per source kind. A plan's readers may not all see what it
# came from (an engagement is its client's recovery lead's): they get the label without a link
# that would end in "not found".
SourceOpenable = Callable[[Any, list[str]], set[str]]
_OPENABLE: dict[str, SourceOpenable] = {}


def register_openable(kind: str, openable: SourceOpenable) -> None:
    _OPENABLE[kind] = openable


def hide_unopenable_sources(actor: Any, plans: list[Any]) -> None:
    """Blank (in memory) each plan's `source_url` its reader may not open: one call per kind."""
    wanted: dict[str, set[str]] = {}
    for plan in plans:
        if plan.source_url and plan.source_kind in _OPENABLE:
            wanted.setdefault(plan.source_kind, set()).add(plan.source_id)
    for kind, ids in wanted.items():
        openable = _OPENABLE[kind](actor, sorted(ids))
        for plan in plans:
            if plan.source_kind == kind and plan.source_id not in openable:
                plan.source_url = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


LinkProvider = Callable[[Any], "Link | None"]
_LINKS: list[LinkProvider] = []


def register_link(provider: LinkProvider) -> None:
    """A link shown under an organisation's plans (e.g. to its self-assessments)."""
    if provider not in _LINKS:
        _LINKS.append(provider)


def links_for(organisation: Any) -> list[Link]:
    return [link for provider in _LINKS if (link := provider(organisation)) is not None]


def source_apps() -> list[str]:
    """The apps whose topics, links and source pages the plans' pages show (each registered
    function's app), so those pages are kept until one of them is written (`private_page`)."""
    functions = [*(f for fs in _PROVIDERS.values() for f in fs), *_OPENABLE.values(), *_LINKS]
    return sorted({f.__module__.split(".")[1] for f in functions})
