"""What a personal API token may do.

A token holds a list of scopes. Each scope is either

- `read` or `write`: every area, or
- `<area>:read` or `<area>:write`: one area (see `AREAS`).

`write` includes `read`. An API operation's area comes from its OpenAPI tag (`AREA_BY_TAG`) and
its access from the HTTP method (GET, HEAD and OPTIONS read; everything else writes). Token
authentication (`api_auth.TokenAuth`) checks this for every operation, so no operation can forget
it; an operation whose tag has no area refuses tokens altogether. Managing tokens themselves is
never possible with a token (session only).

New tokens are read-only (`read`) unless the person chooses otherwise. Tokens made before scopes
existed were given `write` (everything they could do before, apart from managing tokens).

Action plans were part of `challenges` until they became their own app (`plans`, decision 0020). A
`challenges:read` or `challenges:write` scope still reaches the plan operations (`IMPLIED_BY`), so
tokens made before the split keep working; new tokens can be given `plans:*` alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from recoverynet.core.errors import ApplicationError

READ = "read"
WRITE = "write"
ACCESS_LEVELS = (READ, WRITE)

# area → what people see on the token page
AREAS: dict[str, str] = {
    "account": "Your account",
    "network": "Networks, organisations and people",
    "events": "Events, bookings, invoices and attendance",
    "billing": "Invoices, credit notes, statements and membership fees",
    "challenges": "Self-assessments (and action plans, for tokens made before December 2026)",
    "plans": "Action plans",
    "library": "Resource library",
    "newsletter": "Newsletter",
    "webhooks": "Webhooks (network coordinators)",
    "feedback": "Feedback forms, answers, results and debate votes",
    "outcomes": "Outcome questionnaires",
    "engagements": "Consultancy engagements and capacity",
    "colleges": "Recovery Colleges: courses, enrolments, attendance and reviews",
    "operations": "Background queues (the network team)",
}

# OpenAPI tag (one per router) → area
AREA_BY_TAG: dict[str, str] = {
    "me": "account",
    "networks": "network",
    "events": "events",
    "billing": "billing",
    "self-assessment": "challenges",
    "action plans": "plans",
    "library": "library",
    "newsletter": "newsletter",
    "webhooks": "webhooks",
    "feedback": "feedback",
    "outcomes": "outcomes",
    "engagements": "engagements",
    "colleges": "colleges",
    "learning network": "colleges",
    "operations": "operations",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_SCOPES: tuple[str, ...] = (READ,)
LEGACY_SCOPES: tuple[str, ...] = (WRITE,)


def all_scopes() -> list[str]:
    return [*ACCESS_LEVELS, *(f"{area}:{level}" for area in AREAS for level in ACCESS_LEVELS)]


def area_for_tags(tags: Iterable[str] | None) -> str | None:
    for tag in tags or ():
        if tag in AREA_BY_TAG:
            return AREA_BY_TAG[tag]
    return None


def access_for_method(method: str | None) -> str:
    return READ if (method or "GET").upper() in SAFE_METHODS else WRITE


def normalise(scopes: Iterable[str]) -> list[str]:
    """Check and tidy a chosen list of scopes: known values only, at least one, sorted."""
    chosen = {s.strip().lower() for s in scopes if s and s.strip()}
    unknown = sorted(chosen - set(all_scopes()))
    if unknown:
        raise ApplicationError(
            "invalid", f"Unknown scope: {', '.join(unknown)}.", field="scopes", status=422
        )
    if not chosen:
        raise ApplicationError(
            "invalid", "Choose at least one thing the token may do.", field="scopes", status=422
        )
    order = all_scopes()
    return sorted(chosen, key=order.index)


# area → older areas whose scopes also reach it, because the area was split out of them: invoices
# were part of "events" until billing became its own app (decision 0016), action plans part of
# "challenges" until plans did (decision 0020). Tokens made before a split keep working.
IMPLIED_BY: dict[str, tuple[str, ...]] = {"billing": ("events",), "plans": ("challenges",)}


def allows(scopes: Iterable[str], *, area: str, access: str) -> bool:
    levels = (WRITE,) if access == WRITE else (READ, WRITE)
    granted = set(scopes)
    areas = (area, *IMPLIED_BY.get(area, ()))
    return any(
        level in granted or f"{each}:{level}" in granted for level in levels for each in areas
    )


def describe(scopes: Iterable[str]) -> list[str]:
    """Plain-English lines for the token page, e.g. "Read: Events, bookings, …"."""
    lines = []
    for scope in scopes:
        area, _, level = scope.rpartition(":")
        verb = "Read and change" if level == WRITE else "Read"
        lines.append(f"{verb}: {AREAS[area].lower() if area in AREAS else 'everything'}")
    return lines
