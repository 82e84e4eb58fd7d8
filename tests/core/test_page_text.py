"""The suite-wide check for developer text on pages (tests/page_text.py) finds what it must."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import page_text


@pytest.mark.parametrize(
    "html",
    [
        "<p>{# With JavaScript, every change is saved</p>",
        "<p>nothing typed is lost #}</p>",
        "<p>{% if x %}</p>",
        "<td>{{ row.total }}</td>",
        "<td>None</td>",
        "<dd>£None</dd>",
        "<p>Organiser: None None</p>",
        '<a href="/events/None/">Event</a>',
        '<input name="x" value="None">',
    ],
)
def test_developer_text_is_found(html: str) -> None:
    assert page_text.developer_text(f"<html><body>{html}</body></html>")


@pytest.mark.parametrize(
    "html",
    [
        "<p>None of your bookings need anything.</p>",
        "<p>None yet.</p>",
        "<p>Recent actions: None available</p>",
        "<script>var t = '{{ x }}';</script>",
        "<textarea>{{ typed by a person }}</textarea>",
        "<pre>{% code sample %}</pre>",
        "<p>Nonesuch Trust</p>",
    ],
)
def test_words_for_people_pass(html: str) -> None:
    assert page_text.developer_text(f"<html><body>{html}</body></html>") == []


def test_every_rendered_page_is_checked(db: object) -> None:
    """A page rendered through the test client is checked by the hook the conftest installs."""
    page_text.FINDINGS.clear()
    Client().get("/")
    assert page_text.FINDINGS == []  # the home page is clean …
    from django.http import HttpRequest, HttpResponse

    request = HttpRequest()
    request.path = "/made-up/"
    page_text.check_response(request, HttpResponse("<p>{{ oops }}</p>"))
    assert page_text.FINDINGS == [
        ("/made-up/", "text: template text '{{' in '{{ oops }}'")
    ]  # … a broken one is not
    page_text.FINDINGS.clear()
