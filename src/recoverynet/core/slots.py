"""UI slots: the places in shared pages that apps fill with their own links and sections.

`core`, `accounts` and `network` render the pages every app shares - the header, a network's page,
an organisation's page, the network team's "Manage networks" page, the profile - but they name no
domain app. Each slot below is filled by *contributions* that the domain apps register in their
`AppConfig.ready`:

    slots.contribute(
        "manage_index", key="allotments.manage", order=30,
        heading="Allotments", label="Manage allotments", url="allotments:manage",
        visible=lambda ctx: access.may_manage_any_allotments(ctx.user),
    )

A contribution is shown only when its `visible` predicate says the person may use it (no predicate:
everyone who can see the page). Predicates and context providers run for every page that renders the
slot - for a list, once per row - so they must not query the database per call: use the request-
cached role look-ups of `network.access` (or a selector the page has already run).

`url` is a URL name reversed without arguments, or a callable taking the `SlotContext` (for links
that need the network's or organisation's slug). A contribution that needs more than a link gives a
`template` (included with the page's context plus `slot`, the dict its `context` provider returns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# Every slot, with what it is for. Contributing to a slot not listed here is a bug.
SLOTS: Mapping[str, str] = {
    "navigation": "The header's main menu (every page).",
    "network_page": "Paragraphs on a network's page, after its member directory link.",
    "organisation_page": "Links for the organisation and the network team on an organisation's page.",
    "my_organisations": "Links beside each of the person's organisations on 'My organisations'.",
    "manage_index": "Sections of the network team's 'Manage networks' page (a heading and a link).",
    "profile": "Sections of the profile page about the person's own things (a heading and a link).",
    "your_things": "Sections of the signed-in person's home, 'Your things' (contribute_things).",
}


@dataclass(frozen=True)
class SlotContext:
    """What a predicate, URL callable or context provider may look at. `user` is the request's user
    (anonymous people included); `network` and `organisation` are set by pages about one."""

    request: HttpRequest
    user: Any
    network: Any = None
    organisation: Any = None

    @property
    def signed_in(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))


Predicate = Callable[[SlotContext], bool]
UrlSource = str | Callable[[SlotContext], str]
ContextProvider = Callable[[SlotContext], Mapping[str, Any]]


@dataclass(frozen=True)
class Contribution:
    slot: str
    key: str  # "<app>.<what>", unique within the slot
    label: str = ""
    url: UrlSource = ""
    order: int = 100
    visible: Predicate | None = None
    heading: str = ""  # for slots made of sections (manage_index, profile)
    after: str = ""  # plain text after the link, e.g. ": resources waiting for review"
    template: str = ""  # a section rendered by the app's own template instead of a link
    context: ContextProvider | None = None


@dataclass(frozen=True)
class SlotItem:
    """One contribution as a page renders it: everything resolved for this request."""

    key: str
    label: str
    url: str
    heading: str = ""
    after: str = ""
    template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)


_CONTRIBUTIONS: dict[str, dict[str, Contribution]] = {name: {} for name in SLOTS}


def contribute(
    slot: str,
    *,
    key: str,
    label: str = "",
    url: UrlSource = "",
    order: int = 100,
    visible: Predicate | None = None,
    heading: str = "",
    after: str = "",
    template: str = "",
    context: ContextProvider | None = None,
) -> Contribution:
    """Register a contribution (from an app's `AppConfig.ready`). Registering the same key again
    replaces it, so `ready` running twice adds nothing."""
    if slot not in SLOTS:
        raise ValueError(f"There is no UI slot called {slot!r}; the slots are {', '.join(SLOTS)}.")
    if not template and not (label and url):
        raise ValueError(f"Contribution {key!r} needs a label and a URL, or a template.")
    contribution = Contribution(
        slot=slot,
        key=key,
        label=label,
        url=url,
        order=order,
        visible=visible,
        heading=heading,
        after=after,
        template=template,
        context=context,
    )
    _CONTRIBUTIONS[slot][key] = contribution
    return contribution


def withdraw(slot: str, key: str) -> None:
    """Remove a contribution (for tests, and for an app switched off by a setting)."""
    _CONTRIBUTIONS[slot].pop(key, None)


def contributions(slot: str) -> list[Contribution]:
    """Every contribution registered for `slot`, in order (then by key, so the order is stable)."""
    return sorted(_CONTRIBUTIONS[slot].values(), key=lambda c: (c.order, c.key))


def _resolve_url(contribution: Contribution, ctx: SlotContext) -> str:
    if callable(contribution.url):
        return contribution.url(ctx)
    return reverse(contribution.url) if contribution.url else ""


def items(
    slot: str, request: HttpRequest, *, network: Any = None, organisation: Any = None
) -> list[SlotItem]:
    """The contributions to `slot` that this request's person may use, resolved for rendering."""
    ctx = SlotContext(
        request=request,
        user=getattr(request, "user", None),
        network=network,
        organisation=organisation,
    )
    shown = []
    for contribution in contributions(slot):
        if contribution.visible is not None and not contribution.visible(ctx):
            continue
        shown.append(
            SlotItem(
                key=contribution.key,
                label=contribution.label,
                url=_resolve_url(contribution, ctx),
                heading=contribution.heading,
                after=contribution.after,
                template=contribution.template,
                context=dict(contribution.context(ctx)) if contribution.context else {},
            )
        )
    return shown


# --- "Your things" ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thing:
    """One thing waiting for the person on their home page: a link, and what it is about."""

    label: str
    url: str
    detail: str = ""


THINGS_TEMPLATE = "core/slots/things.html"


def contribute_things(
    *,
    key: str,
    heading: str,
    order: int,
    things: Callable[[SlotContext], list[Thing]],
    visible: Predicate | None = None,
) -> Contribution:
    """A section of 'Your things': `things` lists what waits for the person (an empty list hides the
    section). It runs once per home page, so it may query (through the app's selectors), but it
    must bound its own query count (no query per thing)."""
    return contribute(
        "your_things",
        key=key,
        heading=heading,
        order=order,
        visible=visible if visible is not None else (lambda ctx: ctx.signed_in),
        template=THINGS_TEMPLATE,
        context=lambda ctx: {"things": things(ctx)},
    )
