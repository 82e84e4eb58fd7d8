"""Apps mounted at the root are passed over for addresses they have no page under
(core/url_index.py), and every address still goes to the same page as with Django's own resolver."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from recoverynet.core.url_index import ANY, FirstSegmentResolver, first_segments

SAMPLE = {"int": "12", "slug": "some-slug", "str": "word", "uuid": str(uuid.uuid4()), "path": "a/b"}


def _samples(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """An address for every pattern, its converters filled in."""
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        route = re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: SAMPLE.get(m.group(1) or "str", "x"),
            str(pattern.pattern),
        )
        if isinstance(pattern, URLResolver):
            yield from _samples(pattern.url_patterns, prefix + route)
        else:
            yield prefix + route


def _plain(root: URLResolver) -> URLResolver:
    """The same site, every app mounted by Django's own resolver."""
    patterns = [
        URLResolver(p.pattern, p.urlconf_name, app_name=p.app_name, namespace=p.namespace)
        if isinstance(p, FirstSegmentResolver)
        else p
        for p in root.url_patterns
    ]
    return URLResolver(RegexPattern(r"^/"), patterns)


def _answer(resolver: URLResolver, path: str) -> Any:
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return match.view_name, match.args, match.kwargs


def test_every_address_goes_to_the_same_page_as_before():
    root = get_resolver()
    assert any(isinstance(p, FirstSegmentResolver) for p in root.url_patterns)
    plain = _plain(root)
    addresses = ["/" + s for s in _samples(root.url_patterns)]
    addresses += ["/", "/nothing-here/", "/manage/", "/manage/events/x/y/", "/directory"]
    assert len(addresses) > 500
    for address in addresses:
        assert _answer(root, address) == _answer(plain, address), address


def test_an_app_is_passed_over_for_an_address_it_has_no_page_under():
    network = next(
        p for p in get_resolver().url_patterns if getattr(p, "app_name", "") == "network"
    )
    assert "directory" in first_segments(network.url_patterns)
    events = next(p for p in get_resolver().url_patterns if getattr(p, "app_name", "") == "events")
    with pytest.raises(Resolver404) as refused:
        events.resolve("directory/")
    assert refused.value.args[0]["tried"] == []  # no pattern of the app was tried
    assert resolve("/directory/").view_name == "network:directory"


def test_an_app_with_a_pattern_that_can_start_with_anything_is_always_tried():
    from django.urls import include, path, re_path
    from django.utils.translation import gettext_lazy

    def view(request: Any) -> None:
        return None

    assert first_segments([path("<slug:network>/", view)]) is ANY
    assert first_segments([re_path(r"^(?P<x>\w+)/$", view)]) is ANY
    assert first_segments([path("events/", view), path("", view)]) == {"events", ""}
    # An include's prefix without a slash runs on into its patterns' first segment.
    assert first_segments([path("feeds", include([path(".ics", view)]))]) is ANY
    assert first_segments([path("feeds/", include([path("events.ics", view)]))]) == {"feeds"}
    # A translated route's words depend on the language.
    assert first_segments([path(gettext_lazy("about/"), view)]) is ANY
