"""The occasion a plan was made at, or a review was held at: filled in by other apps.

`plans` names no domain app. A plan or a review may name one occasion (a learning-set day today;
a college session or an engagement visit later) as a kind and the owning app's public id. The app
that owns the kind registers it here from its `AppConfig.ready`:

    occasions.register(OccasionKind(
        kind="learning_day",
        name="learning-set day",
        lookup=by_ids,        # by_ids(ids) -> {id: Occasion}: label, date and link, in one query
        candidates=choices,   # choices(actor, organisation) -> [Occasion], newest first
    ))

`lookup` gives what pages and the API show (the label and date are read live, not copied);
`candidates` gives the occasions an organisation may pick (and the services accept no other).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recoverynet.accounts.actors import Actor


@dataclass(frozen=True)
class OccasionRef:
    """Which occasion: a registered kind and the owning app's public id."""

    kind: str
    id: uuid.UUID

    @property
    def key(self) -> str:
        """One string for a form's choice: `<kind>:<id>`."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Occasion:
    """An occasion as its app describes it. `url` is a path to its page (may be empty)."""

    ref: OccasionRef
    label: str
    date: datetime.date
    url: str = ""

    @property
    def kind_name(self) -> str:
        """What its kind is called in a sentence ("learning-set day")."""
        registered = _KINDS.get(self.ref.kind)
        return registered.name if registered else ""


@dataclass(frozen=True)
class OccasionKind:
    kind: str
    name: str  # in a sentence: "learning-set day"
    lookup: Callable[[Sequence[uuid.UUID]], dict[uuid.UUID, Occasion]]
    candidates: Callable[[Actor, Any], list[Occasion]]
    # Which of these occasions' pages the person may open; None: all of them. A plan's readers
    # may not all see what it was made at (an engagement is its client's recovery lead's), and a
    # link that ends in "not found" is worse than the plain label.
    openable: Callable[[Actor, Sequence[uuid.UUID]], set[uuid.UUID]] | None = None


_KINDS: dict[str, OccasionKind] = {}


def register(kind: OccasionKind) -> None:
    _KINDS[kind.kind] = kind


def kinds() -> list[OccasionKind]:
    return list(_KINDS.values())


def kind(name: str) -> OccasionKind | None:
    return _KINDS.get(name)


def resolve(
    refs: Iterable[OccasionRef | None], *, actor: Actor | None = None
) -> dict[OccasionRef, Occasion]:
    """Each occasion named, looked up with one call per kind. An occasion its app no longer knows
    (or a kind no app registers) is left out. Given the person reading, an occasion whose page
    they may not open comes without its link."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for ref in refs:
        if ref is not None:
            wanted.setdefault(ref.kind, set()).add(ref.id)
    found: dict[OccasionRef, Occasion] = {}
    for name, ids in wanted.items():
        registered = _KINDS.get(name)
        if registered is None:
            continue
        looked_up = registered.lookup(sorted(ids, key=str))
        openable = (
            registered.openable(actor, list(looked_up))
            if actor is not None and registered.openable is not None
            else None
        )
        for occasion in looked_up.values():
            if openable is not None and occasion.ref.id not in openable:
                occasion = dataclasses.replace(occasion, url="")
            found[occasion.ref] = occasion
    return found


def candidates_for(actor: Actor, organisation: Any) -> list[Occasion]:
    """Every occasion the organisation may name, kind by kind."""
    return [
        occasion
        for registered in _KINDS.values()
        for occasion in registered.candidates(actor, organisation)
    ]


def parse_key(key: str) -> OccasionRef | None:
    """`<kind>:<uuid>` back to a reference; None when it is not one."""
    name, _, raw = key.partition(":")
    try:
        return OccasionRef(kind=name, id=uuid.UUID(raw)) if name and raw else None
    except ValueError:
        return None
