"""The UI slot registry (core/slots.py): contributions, order, access, URLs, sections."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from recoverynet.core import slots


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty registry for the test; the apps' own contributions come back afterwards."""
    monkeypatch.setattr(slots, "_CONTRIBUTIONS", {name: {} for name in slots.SLOTS})


def request_for(user: Any = None) -> Any:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_items_come_in_order_with_their_urls(registry: None) -> None:
    slots.contribute(
        "navigation", key="b.second", order=20, label="Second", url="network:directory"
    )
    slots.contribute("navigation", key="a.first", order=10, label="First", url="network:home")
    slots.contribute("navigation", key="a.tie", order=20, label="Tie", url="privacy:public")
    items = slots.items("navigation", request_for())
    assert [(i.label, i.url) for i in items] == [
        ("First", "/"),
        ("Tie", "/privacy/"),
        ("Second", "/directory/"),
    ]


def test_a_contribution_is_shown_only_to_people_its_predicate_allows(
    registry: None, world: Any
) -> None:
    slots.contribute(
        "manage_index",
        key="x.team",
        label="Team only",
        url="network:manage",
        visible=lambda ctx: ctx.signed_in and ctx.user.email.startswith("coord"),
    )
    assert slots.items("manage_index", request_for()) == []
    assert slots.items("manage_index", request_for(world.outsider)) == []
    assert [i.label for i in slots.items("manage_index", request_for(world.coordinator_uk))] == [
        "Team only"
    ]


def test_url_callables_see_the_page_subject(registry: None, world: Any) -> None:
    seen = []

    def url(ctx: slots.SlotContext) -> str:
        seen.append((ctx.network, ctx.organisation))
        return f"/somewhere/{ctx.organisation.slug}/"

    slots.contribute("organisation_page", key="x.org", label="Somewhere", url=url)
    (item,) = slots.items("organisation_page", request_for(), organisation=world.org_a)
    assert item.url == f"/somewhere/{world.org_a.slug}/"
    assert seen == [(None, world.org_a)]


def test_registering_a_key_again_replaces_it(registry: None) -> None:
    slots.contribute("profile", key="x.one", label="Old", url="network:home")
    slots.contribute("profile", key="x.one", label="New", url="network:home")
    assert [c.label for c in slots.contributions("profile")] == ["New"]
    slots.withdraw("profile", "x.one")
    assert slots.contributions("profile") == []


def test_unknown_slots_and_empty_contributions_are_refused(registry: None) -> None:
    with pytest.raises(ValueError, match="no UI slot called 'sidebar'"):
        slots.contribute("sidebar", key="x.y", label="Y", url="network:home")
    with pytest.raises(ValueError, match="needs a label and a URL, or a template"):
        slots.contribute("profile", key="x.y", label="Y")
    assert slots.contributions("profile") == []


def test_sections_render_headings_links_and_app_templates(registry: None, world: Any) -> None:
    slots.contribute(
        "profile",
        key="x.link",
        order=1,
        heading="Your things",
        label="See them",
        url="network:home",
        after=": all of them",
    )
    slots.contribute(
        "network_page",
        key="x.section",
        template="core/slots/section.html",  # any template; it gets `slot` from the provider
        context=lambda ctx: {"network_name": ctx.network.name},
    )
    request = request_for()
    page = Template(
        '{% load slots %}{% slot_items "profile" as items %}'
        '{% for item in items %}{% include "core/slots/section.html" %}{% endfor %}'
    ).render(Context({"request": request}))
    assert "<h2>Your things</h2>" in page
    assert '<p><a href="/">See them</a>: all of them</p>' in page
    (item,) = slots.items("network_page", request, network=world.uk)
    assert item.template == "core/slots/section.html"
    assert item.context == {"network_name": "UK Network"}


def test_no_request_no_slots(registry: None) -> None:
    slots.contribute("navigation", key="x.y", label="Y", url="network:home")
    page = Template(
        '{% load slots %}{% slot_items "navigation" as items %}{{ items|length }}'
    ).render(Context({}))
    assert page == "0"
