"""The site's apps mounted at the root, each passed over at once for an address none of its pages
can start with.

Most apps are mounted at "" (their addresses begin "organisations/…", "networks/…", "manage/…",
shared between apps), so Django tries every app's patterns in turn: about 285 of them before the
member directory, whose app must come last (its `manage/<network>/` would otherwise take the other
apps' `manage/events/` and the like). That was 0.1 ms of every directory or organisation page,
kept or not: a tenth of a kept public page's whole cost (issue #17). `app_urls` mounts an app as
`path("", include(...))` does, but its resolver first looks at the address's first segment and
gives up at once when no pattern of the app starts with it. The order of the apps, and so which
app answers an address two could match, is unchanged: an app is only passed over when none of its
patterns could match.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLResolver, include
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils.functional import Promise

ANY = None  # an app with a pattern that can start with anything (a converter, a regex)


class FirstSegmentResolver(URLResolver):
    """An app mounted at "" that answers Resolver404 at once for an address whose first segment
    none of its patterns begins with (see the module's notes)."""

    _worked_out = False
    _first_segments: frozenset[str] | None = ANY

    def resolve(self, path: Any) -> Any:
        if not self._worked_out:
            # On first use, when every app's patterns can be imported. Two threads may both work
            # it out; they get the same answer.
            self._first_segments = first_segments(self.url_patterns)
            self._worked_out = True
        segments = self._first_segments
        if segments is not ANY and str(path).split("/", 1)[0] not in segments:
            raise Resolver404({"tried": [], "path": path})
        return super().resolve(path)


def first_segments(patterns: list[Any]) -> frozenset[str] | None:
    """The literal first segments these patterns' addresses can begin with, or ANY."""
    found: set[str] = set()
    for pattern in patterns:
        route = pattern.pattern
        if not isinstance(route, RoutePattern):
            return ANY
        if isinstance(getattr(route, "_route", ""), Promise):
            return ANY  # translated: its words depend on the language
        written = str(route)
        first = written.split("/", 1)[0]
        if "<" in first:
            return ANY
        if isinstance(pattern, URLResolver) and first and "/" not in written:
            return ANY  # an include's prefix ("feeds") runs on into its patterns' (".ics")
        if first == "" and isinstance(pattern, URLResolver):
            inner = first_segments(pattern.url_patterns)  # mounted at "" itself
            if inner is ANY:
                return ANY
            found |= inner
        else:
            found.add(first)
    return frozenset(found)


def app_urls(module: str) -> FirstSegmentResolver:
    """`path("", include(module))`, passed over at once for addresses the app has no page under."""
    urlconf, app_name, namespace = include(module)
    return FirstSegmentResolver(
        RoutePattern("", is_endpoint=False), urlconf, app_name=app_name, namespace=namespace
    )
