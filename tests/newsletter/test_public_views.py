"""Reader pages: newsletters, issues, articles, series, images, the PDF and the Atom feed. Who is
behind a pseudonym must never reach a reader, whatever the page."""

from __future__ import annotations

import datetime
import io
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoverynet.newsletter import services
from recoverynet.newsletter.models import Article, Issue, IssueStatus, Publication
from recoverynet.newsletter.services import ArticleInput, AuthorInput
from tests.conftest import World, sign_in
from tests.newsletter.factories import (
    approved,
    draft,
    png_bytes,
    publication_of,
    published_issue,
    section,
)

ATOM = "{http://www.w3.org/2005/Atom}"
EVENT = {
    "title": "Recovery College open day",
    "kind": "Learning day",
    "when": "Tuesday 4 May 2027, 10:00 a.m.",
    "where": "Online",
    "summary": "Meet the tutors and students.",
    "url": "/events/example/",
}


@pytest.fixture
def pub(world: World) -> Publication:
    return publication_of(world.uk)


def _pseudonymous_article(
    world: World, pub: Publication, *, title: str, series: Any = None, image: bool = False
) -> Article:
    """A piece by staff_a, shown as "B, peer support worker"."""
    article = services.article_create(
        actor=world.staff_a,
        publication=pub,
        data=ArticleInput(
            title=title,
            standfirst=f"Standfirst of {title}.",
            body="We learned to *listen* first.\n\n[[image 1]]\n\n## Starting small\n\nOne ward.",
            section=section(pub),
            series=series,
            authors=[
                AuthorInput(
                    display_name="B",
                    role="peer support worker",
                    is_pseudonym=True,
                    person=world.staff_a,
                )
            ],
        ),
    )
    if image:
        services.image_add(
            actor=world.staff_a,
            article=article,
            upload=io.BytesIO(png_bytes()),
            alt_text="A ward garden with benches",
        )
    return article


def _publish(world: World, pub: Publication, articles: list[Article], title: str) -> Issue:
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title=title)
    for article in articles:
        services.article_submit(actor=world.staff_a, article=article)
        services.article_approve(actor=world.editor_uk, article=article)
        services.article_schedule(actor=world.editor_uk, article=article, issue=issue)
    return services.issue_publish(actor=world.editor_uk, issue=issue)


@pytest.fixture
def published(world: World, pub: Publication) -> dict[str, Any]:
    """A published issue with two pieces of one series (the first with a picture) and an event."""
    series = services.series_create(
        actor=world.editor_uk, publication=pub, title="Critical debates"
    )
    first = _pseudonymous_article(world, pub, title="Risk and recovery", series=series, image=True)
    second = _pseudonymous_article(world, pub, title="Hope in practice", series=series)
    issue = _publish(world, pub, [first, second], "Spring 2027")
    Issue.objects.filter(pk=issue.pk).update(events_snapshot=[EVENT])
    issue.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    return {"issue": issue, "first": first, "second": second, "series": series}


def _page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _assert_no_identity(world: World, text: str) -> None:
    assert world.staff_a.full_name
    assert world.staff_a.full_name not in text
    assert world.staff_a.email not in text
    assert world.staff_a.email.split("@")[0] not in text.lower()


# --- Pages ---------------------------------------------------------------------------------------


def test_publication_list_shows_every_newsletter(
    client: Client, world: World, published: dict[str, Any]
) -> None:
    html = _page(client, reverse("newsletter:publication-list"))
    for network in (world.uk, world.ie):
        title = publication_of(network).title
        assert title in html
        assert reverse("newsletter:subscribe", args=[network.slug]) in html
    assert reverse("newsletter:issue", args=["uk", "spring-2027"]) in html
    assert "No issues have been published yet." in html  # the Irish newsletter
    assert html.count("<h1") == 1


def test_the_archive_is_served_from_the_page_cache_to_signed_out_visitors(
    world: World, pub: Publication, published: Any, settings: Any
) -> None:
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    path = reverse("newsletter:publication", args=["uk"])
    first = Client().get(path)
    second = Client().get(path)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not first.cookies  # nothing on it (a form's token) sets a cookie
    cache.clear()


def test_publication_home(client: Client, world: World, pub: Publication, published: Any) -> None:
    html = _page(client, reverse("newsletter:publication", args=["uk"]))
    assert f"<h1>{pub.title}</h1>" in html
    assert "Spring 2027" in html
    assert reverse("newsletter:issue", args=["uk", "spring-2027"]) in html
    assert reverse("newsletter:series", args=["uk", "critical-debates"]) in html
    assert reverse("newsletter:feed", args=["uk"]) in html
    assert 'type="application/atom+xml"' in html
    # A link to the form (a form's token would stop the page being cached for everyone).
    assert 'name="email"' not in html and "csrfmiddlewaretoken" not in html
    assert reverse("newsletter:subscribe", args=["uk"]) in html
    # Only people who can contribute see the invitation to write.
    assert "Write for the newsletter" not in html
    member = _page(sign_in(Client(), world.lead_a), reverse("newsletter:publication", args=["uk"]))
    assert reverse("newsletter:article-new", args=["uk"]) in member
    outsider = _page(
        sign_in(Client(), world.outsider), reverse("newsletter:publication", args=["uk"])
    )
    assert "Write for the newsletter" not in outsider


def test_unknown_network_is_not_found(client: Client, world: World) -> None:
    _page(client, reverse("newsletter:publication", args=["nowhere"]), 404)
    _page(client, reverse("newsletter:feed", args=["nowhere"]), 404)
    _page(client, reverse("newsletter:issue", args=["uk", "no-such-issue"]), 404)
    _page(client, reverse("newsletter:article", args=["uk", "no-such-article"]), 404)
    _page(client, reverse("newsletter:series", args=["uk", "no-such-series"]), 404)


def test_issue_page(client: Client, world: World, published: dict[str, Any]) -> None:
    issue, first, second = published["issue"], published["first"], published["second"]
    html = _page(client, reverse("newsletter:issue", args=["uk", issue.slug]))
    assert "In this issue" in html
    assert "Our views" in html
    for article in (first, second):
        assert reverse("newsletter:article", args=["uk", article.slug]) in html
        assert article.standfirst in html
    assert "By B, peer support worker" in html
    assert "Upcoming events" in html and "Recovery College open day" in html
    assert "Meet the tutors and students." in html and EVENT["url"] in html
    assert reverse("newsletter:issue-pdf", args=["uk", issue.slug]) in html
    assert "Published <time datetime" in html
    assert issue.published_at.strftime("%Y") in html
    assert "Preview" not in html
    assert html.count("<h1") == 1


def test_article_page(client: Client, world: World, published: dict[str, Any]) -> None:
    first, second = published["first"], published["second"]
    html = _page(client, reverse("newsletter:article", args=["uk", first.slug]))
    assert "<h1>Risk and recovery</h1>" in html
    assert "Standfirst of Risk and recovery." in html
    assert "By B, peer support worker" in html
    assert "<em>listen</em>" in html
    assert "<h2>Starting small</h2>" in html
    image_url = reverse("newsletter:image", args=[first.public_id, 1])
    assert f'src="{image_url}"' in html and 'alt="A ward garden with benches"' in html
    assert reverse("newsletter:issue", args=["uk", "spring-2027"]) in html
    assert "Critical debates" in html
    assert reverse("newsletter:article", args=["uk", second.slug]) in html
    assert reverse("newsletter:series", args=["uk", "critical-debates"]) in html
    assert html.count("<h1") == 1


def test_series_page_lists_published_pieces_in_order(
    client: Client, world: World, pub: Publication, published: dict[str, Any]
) -> None:
    # A third piece of the series, not yet published, stays out.
    _pseudonymous_article(world, pub, title="Still a draft", series=published["series"])
    html = _page(client, reverse("newsletter:series", args=["uk", "critical-debates"]))
    assert "<h1>Critical debates</h1>" in html
    assert html.index("Risk and recovery") < html.index("Hope in practice")
    assert "Still a draft" not in html


def test_pseudonym_never_reaches_readers(
    client: Client,
    world: World,
    pub: Publication,
    published: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issue, first = published["issue"], published["first"]
    pages = [
        reverse("newsletter:publication-list"),
        reverse("newsletter:publication", args=["uk"]),
        reverse("newsletter:issue", args=["uk", issue.slug]),
        reverse("newsletter:article", args=["uk", first.slug]),
        reverse("newsletter:series", args=["uk", "critical-debates"]),
        reverse("newsletter:feed", args=["uk"]),
    ]
    member = sign_in(Client(), world.lead_a)
    for url in pages:
        _assert_no_identity(world, _page(client, url))
        _assert_no_identity(world, _page(member, url))

    captured: dict[str, str] = {}

    def fake_render_pdf(template: str, context: dict[str, Any]) -> bytes:
        captured["html"] = render_to_string(template, context)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("recoverynet.core.pdf.render_pdf", fake_render_pdf)
    response = client.get(reverse("newsletter:issue-pdf", args=["uk", issue.slug]))
    assert response.status_code == 200
    assert "B, peer support worker" in captured["html"]
    _assert_no_identity(world, captured["html"])


# --- Unpublished work ----------------------------------------------------------------------------


def test_drafts_and_scheduled_pieces_are_previews_for_editors_only(
    client: Client, world: World, pub: Publication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("recoverynet.core.pdf.render_pdf", lambda template, context: b"%PDF")
    a_draft = draft(world.staff_a, pub, title="Only a draft")
    scheduled = approved(world.staff_a, world.editor_uk, pub, title="Coming soon")
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Summer 2027")
    services.article_schedule(actor=world.editor_uk, article=scheduled, issue=issue)

    urls = [
        reverse("newsletter:article", args=["uk", a_draft.slug]),
        reverse("newsletter:article", args=["uk", scheduled.slug]),
        reverse("newsletter:issue", args=["uk", issue.slug]),
        reverse("newsletter:issue-pdf", args=["uk", issue.slug]),
    ]
    for reader in (client, sign_in(Client(), world.lead_a), sign_in(Client(), world.outsider)):
        for url in urls:
            _page(reader, url, 404)

    editor = sign_in(Client(), world.editor_uk)
    for url in urls[:3]:
        html = _page(editor, url)
        assert "Preview: not published yet" in html
    issue_page = editor.get(urls[2])
    assert issue_page["Cache-Control"] == "private, no-store"
    assert "Coming soon" in issue_page.content.decode()
    assert _page(editor, urls[3]).startswith("%PDF")
    # The writer sees a preview of their own piece.
    assert "Preview: not published yet" in _page(sign_in(Client(), world.staff_a), urls[0])

    # Nothing unpublished is listed anywhere public.
    for url in (
        reverse("newsletter:publication-list"),
        reverse("newsletter:publication", args=["uk"]),
        reverse("newsletter:feed", args=["uk"]),
    ):
        html = _page(client, url)
        assert "Summer 2027" not in html and "Coming soon" not in html
        assert "Only a draft" not in html


# --- Images --------------------------------------------------------------------------------------


def test_images_of_published_articles_are_public(
    client: Client, world: World, published: dict[str, Any]
) -> None:
    response = client.get(reverse("newsletter:image", args=[published["first"].public_id, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=300"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    missing = client.get(reverse("newsletter:image", args=[published["first"].public_id, 2]))
    assert missing.status_code == 404


def test_images_of_drafts_only_for_writers_and_editors(
    client: Client, world: World, pub: Publication
) -> None:
    article = _pseudonymous_article(world, pub, title="Not yet", image=True)
    url = reverse("newsletter:image", args=[article.public_id, 1])
    for reader in (client, sign_in(Client(), world.outsider), sign_in(Client(), world.lead_a)):
        assert reader.get(url).status_code == 404
    for person in (world.staff_a, world.editor_uk):
        response = sign_in(Client(), person).get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


# --- PDF and feed --------------------------------------------------------------------------------


def test_issue_pdf_is_served_inline(
    client: Client, world: World, published: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("recoverynet.core.pdf.render_pdf", lambda template, context: b"%PDF-1.7")
    response = client.get(reverse("newsletter:issue-pdf", args=["uk", "spring-2027"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="uk-spring-2027.pdf"'
    assert response.content == b"%PDF-1.7"


def _real_pdf_or_skip(client: Client, url: str) -> bytes:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint cannot run here")
    response = client.get(url)
    if response.status_code == 503:
        pytest.skip("PDF rendering is not available on this machine")
    assert response.status_code == 200
    return response.content


def test_issue_pdf_really_renders(client: Client, world: World, pub: Publication) -> None:
    issue, _ = published_issue(world.staff_a, world.editor_uk, pub)
    pdf = _real_pdf_or_skip(client, reverse("newsletter:issue-pdf", args=["uk", issue.slug]))
    assert pdf.startswith(b"%PDF")


def test_issue_pdf_with_a_picture_really_renders(
    client: Client, world: World, published: Any
) -> None:
    pdf = _real_pdf_or_skip(client, reverse("newsletter:issue-pdf", args=["uk", "spring-2027"]))
    assert pdf.startswith(b"%PDF")


def test_atom_feed(client: Client, world: World, pub: Publication, published: Any) -> None:
    _pseudonymous_article(world, pub, title="Unpublished piece")
    response = client.get(reverse("newsletter:feed", args=["uk"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == pub.title
    entries = root.findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {
        "Risk and recovery",
        "Hope in practice",
    }
    entry = next(e for e in entries if e.findtext(f"{ATOM}title") == "Risk and recovery")
    url = "https://recoverynet.example" + reverse(
        "newsletter:article", args=["uk", published["first"].slug]
    )
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.findtext(f"{ATOM}summary") == "Standfirst of Risk and recovery."
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "B, peer support worker"
    assert entry.find(f"{ATOM}author/{ATOM}email") is None
    assert entry.findtext(f"{ATOM}published")


def test_feed_keeps_to_the_latest_thirty(client: Client, world: World, pub: Publication) -> None:
    _, article = published_issue(world.staff_a, world.editor_uk, pub)
    now = timezone.now()
    template = Article.objects.get(pk=article.pk)
    for n in range(31):
        template.pk = None
        template.public_id = uuid.uuid4()
        template.slug = f"piece-{n}"
        template.title = f"Piece {n}"
        template.published_at = now - datetime.timedelta(days=n + 1)
        template.save()
    root = ET.fromstring(client.get(reverse("newsletter:feed", args=["uk"])).content)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert len(titles) == 30
    assert titles[0] == article.title
    assert "Piece 29" not in titles and "Piece 30" not in titles


# --- Query counts --------------------------------------------------------------------------------


def _issues(world: World, pub: Publication, count: int) -> None:
    now = timezone.now()
    Issue.objects.bulk_create(
        Issue(
            publication=pub,
            title=f"Issue {n}",
            slug=f"issue-{n}",
            summary=f"Summary {n}",
            status=IssueStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=n),
            created_by=world.editor_uk,
        )
        for n in range(count)
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "lead_a"])
def test_publication_pages_make_a_constant_number_of_queries(
    world: World, pub: Publication, role: str
) -> None:
    client = world.client_for(role)
    services.series_create(actor=world.editor_uk, publication=pub, title="Debates")
    home = reverse("newsletter:publication", args=["uk"])
    listing = reverse("newsletter:publication-list")
    _issues(world, pub, 3)
    few = (_queries(client, home), _queries(client, listing))
    Issue.objects.filter(publication=pub).delete()
    _issues(world, pub, 12)
    many = (_queries(client, home), _queries(client, listing))
    assert few == many
    _page(client, home + "?page=2", 404)  # 12 issues fit on one page


def test_archive_is_paginated(client: Client, world: World, pub: Publication) -> None:
    _issues(world, pub, 25)
    first = _page(client, reverse("newsletter:publication", args=["uk"]))
    assert "Issue 19" in first and "Issue 20" not in first
    second = _page(client, reverse("newsletter:publication", args=["uk"]) + "?page=2")
    assert "Issue 24" in second
    assert 'href="?page=1"' in second


def test_a_page_that_is_not_a_number_is_not_found(client: Client, world: World) -> None:
    _page(client, reverse("newsletter:publication", args=["uk"]) + "?page=abc", 404)
