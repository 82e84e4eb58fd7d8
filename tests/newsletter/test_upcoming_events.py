"""The newsletter's upcoming events: every upcoming event, or "and N more" with a link; hybrid events
say hybrid (issue #15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.newsletter import editions
from recoverynet.newsletter.models import Issue
from tests.conftest import World

from .factories import publication_of, published_issue

pytestmark = pytest.mark.django_db

SITE = "https://recoverynet.example"


def _event(world: World, title: str, *, days: int, **values: Any) -> None:
    from recoverynet.events import services as event_services

    start = timezone.now() + datetime.timedelta(days=days)
    event_services.event_create(
        actor=world.coordinator_uk,
        network=world.uk,
        kind="workshop",
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status="published",
        **values,
    )


def test_in_person_online_and_hybrid_are_told_apart(world: World) -> None:
    _event(world, "In a room", days=3, venue_name="Leeds")
    _event(world, "On a screen", days=4, online=True)
    _event(world, "Both", days=5, venue_name="York", online=True)
    shown = {e["title"]: (e["attendance"], e["where"]) for e in editions.upcoming_events(world.uk)}
    assert shown == {
        "In a room": ("In person", "Leeds"),
        "On a screen": ("Online", "Online"),
        "Both": ("Hybrid", "York and online"),
    }


def test_more_than_fit_says_and_n_more_with_a_link(world: World, settings: Any) -> None:
    for n in range(editions.EVENTS_MAX + 2):
        _event(world, f"Workshop {n}", days=n + 1, venue_name="Leeds")
    _event(world, "Far ahead", days=300, venue_name="Leeds")  # past the 180 days shown
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    assert len(issue.events_snapshot) == editions.EVENTS_MAX
    assert issue.events_more == 3

    html = Client().get(f"/newsletter/uk/issues/{issue.slug}/").content.decode()
    assert 'id="events-more"' in html
    assert "And 3 more upcoming events" in html
    assert "/events/?network=uk" in html

    body = Client().get(f"/api/v1/newsletters/uk/issues/{issue.slug}").json()
    [events] = [s for s in body["sections"] if s["kind"] == "events"]
    assert events["events_more"] == 3
    assert events["events_url"] == f"{SITE}/events/?network=uk"

    edition = editions.email_edition(issue)
    assert "And 3 more upcoming events: " in edition.text
    assert "/events/?network=uk" in edition.html


def test_few_events_need_no_more_link(world: World) -> None:
    _event(world, "Only one", days=3, venue_name="Leeds", online=True)
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    assert issue.events_more == 0
    html = Client().get(f"/newsletter/uk/issues/{issue.slug}/").content.decode()
    assert "Only one" in html and "Hybrid" in html and "Leeds and online" in html
    assert 'id="events-more"' not in html


def test_only_far_off_events_still_get_the_section(world: World) -> None:
    _event(world, "Next year", days=300, venue_name="Leeds")
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    assert issue.events_snapshot == [] and issue.events_more == 1
    [events] = [s for s in editions.issue_contents(issue) if s.kind == "events"]
    assert events.events == [] and events.events_more == 1


def test_an_old_snapshot_without_attendance_still_renders(world: World) -> None:
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    old = {
        "title": "Old day",
        "kind": "Workshop",
        "when": "Monday",
        "where": "Online",
        "url": "/e/",
    }
    Issue.objects.filter(pk=issue.pk).update(events_snapshot=[old], events_more=0)
    html = Client().get(f"/newsletter/uk/issues/{issue.slug}/").content.decode()
    assert "Old day" in html
