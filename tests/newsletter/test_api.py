"""The newsletter API: reading what is published (and never who is behind a pseudonym), contributing
and the editorial workflow, and subscriptions with double opt-in."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from recoverynet.newsletter import services
from recoverynet.newsletter.models import (
    Article,
    ArticleStatus,
    ConsentRecord,
    Issue,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
)
from tests.conftest import World, token_client

from .factories import (
    active_subscriber,
    approved,
    draft,
    png_bytes,
    publication_of,
    published_issue,
    section,
)

pytestmark = pytest.mark.django_db

SITE = "https://recoverynet.example"
ANSWER = {"detail": "If the address can receive the newsletter, we have sent a link to confirm."}


def _client(user: Any) -> Client:
    return token_client(user)


def _errors(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def _new_article(client: Client, **extra: Any) -> Any:
    payload = {
        "network": "uk",
        "title": "Peer support on the ward",
        "standfirst": "What changed when we listened.",
        "body": "We *listened* first.",
        "section": "Our views",
        **extra,
    }
    return client.post("/api/v1/articles", payload, content_type="application/json")


def _post(client: Client, path: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(path, payload or {}, content_type="application/json")


# --- Reading what is published ---------------------------------------------------------------------


def test_publications_list_with_latest_issue(world: World) -> None:
    publication = publication_of(world.uk)
    published_issue(world.staff_a, world.editor_uk, publication, title="Spring 2027")
    response = Client().get("/api/v1/newsletters")
    assert response.status_code == 200, response.content
    body = response.json()
    by_network = {item["network"]: item for item in body["items"]}
    assert set(by_network) == {"uk", "ie"} and body["count"] == 2
    assert by_network["uk"]["title"] == publication.title
    assert by_network["uk"]["latest_issue"] == "spring-2027"
    assert by_network["ie"]["latest_issue"] is None
    assert by_network["uk"]["url"] == f"{SITE}/newsletter/uk/"


def test_issues_newest_first_and_one_issue_with_its_contents(world: World) -> None:
    publication = publication_of(world.uk)
    published_issue(world.staff_a, world.editor_uk, publication, title="Winter 2026")
    issue, article = published_issue(
        world.lead_a, world.editor_uk, publication, title="Spring 2027", section_title="News"
    )
    Issue.objects.filter(pk=issue.pk).update(
        events_snapshot=[
            {
                "title": "Learning day",
                "kind": "Learning day",
                "starts_at": "2027-05-01T09:30:00+00:00",
                "when": "Saturday 1 May 2027, 9:30 a.m.",
                "where": "Online",
                "summary": "Bring a colleague.",
                "url": "/events/abc/",
            }
        ]
    )

    issues = Client().get("/api/v1/newsletters/uk/issues").json()
    assert [i["slug"] for i in issues["items"]] == ["spring-2027", "winter-2026"]
    assert issues["items"][0]["url"] == f"{SITE}/newsletter/uk/issues/spring-2027/"
    assert issues["items"][0]["pdf_url"] == f"{SITE}/newsletter/uk/issues/spring-2027/issue.pdf"

    response = Client().get("/api/v1/newsletters/uk/issues/spring-2027")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published" and body["published_at"]
    assert [(s["title"], s["kind"]) for s in body["sections"]] == [
        ("News", "articles"),
        ("Upcoming events", "events"),
    ]
    [piece] = body["sections"][0]["articles"]
    assert piece == {
        "slug": article.slug,
        "title": article.title,
        "standfirst": "A short note from the ward.",
        "bylines": [{"name": world.lead_a.full_name, "role": ""}],
        "url": f"{SITE}/newsletter/uk/articles/{article.slug}/",
    }
    [event] = body["sections"][1]["events"]
    assert event["title"] == "Learning day" and event["url"] == f"{SITE}/events/abc/"

    assert Client().get("/api/v1/newsletters/uk/issues/autumn-2030").status_code == 404
    assert Client().get("/api/v1/newsletters/nowhere/issues").status_code == 404


def test_articles_list_series_filter_and_detail(world: World) -> None:
    publication = publication_of(world.uk)
    series = services.series_create(
        actor=world.editor_uk, publication=publication, title="Critical debates"
    )
    published_issue(world.lead_a, world.editor_uk, publication, title="Winter 2026")
    # A piece in the series, with a picture, written through the API.
    created = _new_article(
        _client(world.staff_a),
        title="Is recovery a medical idea?",
        body="Picture this.\n\n[[image 1]]",
        series="critical-debates",
    ).json()
    article = Article.objects.get(public_id=created["id"])
    services.image_add(
        actor=world.staff_a,
        article=article,
        upload=io.BytesIO(png_bytes()),
        alt_text="A ward meeting",
        caption="Our first meeting",
    )
    services.article_submit(actor=world.staff_a, article=article)
    services.article_approve(actor=world.editor_uk, article=article)
    issue = services.issue_create(actor=world.editor_uk, publication=publication, title="Spring")
    services.article_schedule(actor=world.editor_uk, article=article, issue=issue)
    services.issue_publish(actor=world.editor_uk, issue=issue)

    everything = Client().get("/api/v1/newsletters/uk/articles").json()
    assert everything["count"] == 2
    assert everything["items"][0]["slug"] == "is-recovery-a-medical-idea"  # newest first
    in_series = Client().get("/api/v1/newsletters/uk/articles?series=critical-debates").json()
    assert [a["slug"] for a in in_series["items"]] == ["is-recovery-a-medical-idea"]
    assert in_series["items"][0]["series"] == {
        "slug": series.slug,
        "title": "Critical debates",
    }
    assert Client().get("/api/v1/newsletters/uk/articles?series=nope").status_code == 404

    response = Client().get("/api/v1/newsletters/uk/articles/is-recovery-a-medical-idea")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Is recovery a medical idea?"
    assert body["body_markdown"] == "Picture this.\n\n[[image 1]]"
    image_url = f"{SITE}/newsletter/images/{article.public_id}/1/"
    assert image_url in body["body_html"]
    assert body["images"] == [
        {
            "number": 1,
            "alt_text": "A ward meeting",
            "caption": "Our first meeting",
            "url": image_url,
        }
    ]
    assert body["section"] == "Our views"
    assert body["issue"] == {"slug": "spring", "title": "Spring"}
    assert body["bylines"] == [{"name": world.staff_a.display_name, "role": ""}]
    assert body["published_at"]


def test_a_pseudonym_never_leaks_from_public_answers(world: World) -> None:
    publication = publication_of(world.uk)
    issue, article = published_issue(
        world.staff_a,
        world.editor_uk,
        publication,
        pseudonym="B",
        role="peer support worker",
    )
    anonymous, member = Client(), _client(world.lead_b)
    paths = [
        "/api/v1/newsletters",
        "/api/v1/newsletters/uk/issues",
        f"/api/v1/newsletters/uk/issues/{issue.slug}",
        "/api/v1/newsletters/uk/articles",
        f"/api/v1/newsletters/uk/articles/{article.slug}",
    ]
    secrets = [
        world.staff_a.email,
        world.staff_a.full_name,
        "staff.a",
        "pseudonym",
        "person",
        "contributor",
        "email",
    ]
    for client in (anonymous, member):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            text = response.content.decode().lower()
            for secret in secrets:
                assert secret.lower() not in text, (path, secret)
    body = anonymous.get(f"/api/v1/newsletters/uk/articles/{article.slug}").json()
    assert body["bylines"] == [{"name": "B", "role": "peer support worker"}]

    # The public schemas do not even have a place for them.
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("BylineOut", "ArticleOut", "ArticleListOut", "IssueOut", "PublicationOut"):
        fields = set(schema[name]["properties"])
        assert not fields & {"person", "person_email", "contributor", "is_pseudonym", "email"}


def test_drafts_are_not_public(world: World) -> None:
    publication = publication_of(world.uk)
    piece = draft(world.staff_a, publication)
    waiting = approved(world.lead_a, world.editor_uk, publication, title="Scheduled piece")
    issue = services.issue_create(actor=world.editor_uk, publication=publication, title="Summer")
    services.article_schedule(actor=world.editor_uk, article=waiting, issue=issue)

    for client in (Client(), _client(world.lead_b)):
        assert client.get(f"/api/v1/newsletters/uk/articles/{piece.slug}").status_code == 404
        assert client.get(f"/api/v1/newsletters/uk/articles/{waiting.slug}").status_code == 404
        assert client.get("/api/v1/newsletters/uk/issues/summer").status_code == 404
        assert client.get("/api/v1/newsletters/uk/articles").json()["count"] == 0
        assert client.get("/api/v1/newsletters/uk/issues").json()["count"] == 0
    # Editors preview the draft issue.
    preview = _client(world.editor_uk).get("/api/v1/newsletters/uk/issues/summer")
    assert preview.status_code == 200
    assert preview.json()["status"] == "draft"
    assert preview.json()["sections"][0]["articles"][0]["slug"] == waiting.slug


# --- Contributing ------------------------------------------------------------------------------------


def test_create_a_pseudonymous_draft_and_see_the_work_view(world: World) -> None:
    client = _client(world.staff_a)
    response = _new_article(
        client,
        section=section(publication_of(world.uk), "News").pk,
        authors=[
            {"name": "B", "role": "peer support worker", "pseudonym": True, "me": True},
            {"name": "A friend", "role": "carer"},
        ],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["status_label"] == "Draft"
    assert body["network"] == "uk" and body["section"]["title"] == "News"
    assert body["url"] is None
    assert body["authors"] == [
        {
            "name": "B",
            "role": "peer support worker",
            "pseudonym": True,
            "person_name": world.staff_a.display_name,
            "person_email": world.staff_a.email,
        },
        {
            "name": "A friend",
            "role": "carer",
            "pseudonym": False,
            "person_name": None,
            "person_email": None,
        },
    ]
    assert "<em>listened</em>" in body["body_html"]
    assert body["work_url"] == f"{SITE}/my-articles/{body['id']}/"

    # Editors see the same; other people cannot reach it at all.
    assert _client(world.editor_uk).get(f"/api/v1/articles/{body['id']}").json() == body
    assert _client(world.lead_b).get(f"/api/v1/articles/{body['id']}").status_code == 404
    assert Client().get(f"/api/v1/articles/{body['id']}").status_code == 401


def test_authors_default_to_the_caller(world: World) -> None:
    response = _new_article(_client(world.lead_a))
    assert response.status_code == 201, response.content
    [author] = response.json()["authors"]
    assert author["name"] == world.lead_a.display_name and author["pseudonym"] is False
    assert author["person_email"] == world.lead_a.email


@pytest.mark.parametrize("who", ["outsider", "lead_ie"])
def test_only_the_networks_people_can_contribute(world: World, who: str) -> None:
    response = _new_article(_client(getattr(world, who)))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"section": "Gardening"}, "section"),
        ({"section": 99999}, "section"),
        ({"section": True}, "section"),
        ({"section": "Upcoming events"}, "section"),
        ({"series": "no-such-series"}, "series"),
        ({"network": "nowhere"}, "network"),
        ({"authors": []}, "authors"),
        ({"authors": [{"name": ""}]}, "authors.0.name"),
        ({"authors": [{"name": "   "}]}, "authors.0.name"),
    ],
)
def test_bad_input_names_the_field(world: World, extra: dict[str, Any], field: str) -> None:
    response = _new_article(_client(world.staff_a), **extra)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert _errors(response)[0] == field
    assert not Article.objects.exists()


def test_my_articles(world: World) -> None:
    client = _client(world.staff_a)
    first = _new_article(client, title="First").json()
    second = _new_article(client, title="Second").json()
    _post(client, f"/api/v1/articles/{first['id']}/submit")
    _new_article(_client(world.lead_a), title="Not mine")
    response = client.get("/api/v1/articles/mine")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {(a["id"], a["status"]) for a in body["items"]} == {
        (first["id"], "submitted"),
        (second["id"], "draft"),
    }
    assert Client().get("/api/v1/articles/mine").status_code == 401


def test_patch_changes_only_what_is_sent(world: World) -> None:
    client = _client(world.staff_a)
    created = _new_article(
        client, authors=[{"name": "B", "role": "peer worker", "pseudonym": True, "me": True}]
    ).json()
    response = client.patch(
        f"/api/v1/articles/{created['id']}",
        {"title": "Peer support, a year on"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Peer support, a year on"
    assert body["slug"] == "peer-support-a-year-on"
    for kept in ("standfirst", "body_markdown", "section", "series", "authors"):
        assert body[kept] == created[kept], kept

    # A renamed role keeps the person behind the unchanged byline; null clears the section.
    body = client.patch(
        f"/api/v1/articles/{created['id']}",
        {"section": None, "authors": [{"name": "B", "role": "peer trainer", "pseudonym": True}]},
        content_type="application/json",
    ).json()
    assert body["section"] is None
    assert body["authors"][0]["role"] == "peer trainer"
    assert body["authors"][0]["person_email"] == world.staff_a.email

    bad = client.patch(
        f"/api/v1/articles/{created['id']}", {"title": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and _errors(bad) == ["title"]
    # Someone else cannot change it (nor learn that it exists).
    other = _client(world.lead_b).patch(
        f"/api/v1/articles/{created['id']}", {"title": "Mine"}, content_type="application/json"
    )
    assert other.status_code == 404


def test_editorial_workflow(world: World, django_capture_on_commit_callbacks: Any) -> None:
    publication = publication_of(world.uk)
    writer, editor = _client(world.staff_a), _client(world.editor_uk)
    article_id = _new_article(writer).json()["id"]
    base = f"/api/v1/articles/{article_id}"

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(writer, f"{base}/submit", {"note": "Ready when you are."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert any(world.editor_uk.email in m.to for m in mail.outbox)

    # The writer cannot approve their own piece; nor can a consultant who is not an editor.
    assert _post(writer, f"{base}/approve").status_code == 403
    assert _post(_client(world.consultant_uk), f"{base}/approve").status_code == 404
    consultant_piece = _new_article(_client(world.consultant_uk), title="By a consultant").json()
    assert (
        _post(_client(world.consultant_uk), f"/api/v1/articles/{consultant_piece['id']}/submit")
    ).status_code == 200
    # …and cannot approve even a piece they can see (their own).
    response = _post(
        _client(world.consultant_uk), f"/api/v1/articles/{consultant_piece['id']}/approve"
    )
    assert response.status_code == 403

    bad = _post(editor, f"{base}/request-changes", {"note": " "})
    assert bad.status_code == 422 and _errors(bad) == ["note"]
    assert _post(editor, f"{base}/request-changes").status_code == 422
    response = _post(editor, f"{base}/request-changes", {"note": "Say more about the ward."})
    assert response.json()["status"] == "changes"

    writer.patch(base, {"body": "We listened, then acted."}, content_type="application/json")
    _post(writer, f"{base}/submit")
    response = _post(editor, f"{base}/approve", {"note": "Lovely."})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    # Once approved only editors change the text.
    locked = writer.patch(base, {"title": "Late change"}, content_type="application/json")
    assert locked.status_code == 403

    services.issue_create(actor=world.editor_uk, publication=publication, title="Autumn 2027")
    assert _post(writer, f"{base}/schedule", {"issue": "autumn-2027"}).status_code == 403
    unknown = _post(editor, f"{base}/schedule", {"issue": "winter-2099"})
    assert unknown.status_code == 422 and _errors(unknown) == ["issue"]
    bad_section = _post(editor, f"{base}/schedule", {"issue": "autumn-2027", "section": "Nope"})
    assert bad_section.status_code == 422 and _errors(bad_section) == ["section"]
    response = _post(editor, f"{base}/schedule", {"issue": "autumn-2027", "section": "news"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "scheduled"
    assert body["issue"] == {"slug": "autumn-2027", "title": "Autumn 2027"}
    assert body["section"]["title"] == "News"

    response = _post(editor, f"{base}/unschedule")
    assert response.json()["status"] == "approved" and response.json()["issue"] is None
    assert _post(editor, f"{base}/unschedule").status_code == 409

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(writer, f"{base}/comments", {"body": "Can it go in the next issue?"})
    assert response.status_code == 201, response.content
    assert response.json()["author"] == world.staff_a.display_name
    assert response.json()["kind"] == "comment"
    assert _post(writer, f"{base}/comments", {"body": ""}).status_code == 422
    assert _post(_client(world.lead_b), f"{base}/comments", {"body": "Hi"}).status_code == 404

    comments = editor.get(base).json()["comments"]
    assert [c["kind"] for c in comments] == [
        "submitted",
        "changes",
        "submitted",
        "approved",
        "scheduled",
        "unscheduled",
        "comment",
    ]
    assert comments[0]["body"] == "Ready when you are."
    assert comments[1]["author"] == world.editor_uk.display_name

    response = _post(editor, f"{base}/withdraw", {"note": "Out of date."})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_the_writer_withdraws_their_draft(world: World) -> None:
    writer = _client(world.staff_a)
    article_id = _new_article(writer).json()["id"]
    response = _post(writer, f"/api/v1/articles/{article_id}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert Article.objects.get(public_id=article_id).status == ArticleStatus.WITHDRAWN


# --- Subscriptions ----------------------------------------------------------------------------------


def _subscribe(email: str, consent: Any = True, network: str = "uk") -> Any:
    return _post(
        Client(),
        f"/api/v1/newsletters/{network}/subscriptions",
        {"email": email, "consent": consent},
    )


def _confirm_token(message: Any) -> str:
    match = re.search(r"/newsletter/confirm/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def test_subscribe_answers_the_same_whoever_is_asking(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    active_subscriber(publication, "reader@example.org")
    Suppression.objects.create(email="gone@example.org", reason=SuppressionReason.BOUNCED)

    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("New.Person@Example.org", "reader@example.org", "gone@example.org"):
            response = _subscribe(email)
            answers.append((response.status_code, response.json()))
    assert answers == [(202, ANSWER)] * 3
    # Only the new address was written to.
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    subscription = Subscription.objects.get(email="new.person@example.org")
    assert subscription.status == SubscriptionStatus.PENDING
    [record] = ConsentRecord.objects.filter(subscription=subscription)
    assert record.method == "API" and record.ip == "127.0.0.1"
    assert record.consent_text == publication.consent_text


@pytest.mark.parametrize(
    ("email", "consent", "field"),
    [
        ("someone@example.org", False, "consent"),
        ("someone@example.org", None, "consent"),
        ("not an address", True, "email"),
        ("", True, "email"),
    ],
)
def test_subscribe_needs_consent_and_an_address(
    world: World, email: str, consent: Any, field: str
) -> None:
    response = _subscribe(email, consent)
    assert response.status_code == 422, response.content
    assert _errors(response) == [field]
    assert not Subscription.objects.exists()


def test_subscribe_to_an_unknown_newsletter(world: World) -> None:
    assert _subscribe("someone@example.org", network="nowhere").status_code == 404


def test_confirm_then_unsubscribe(world: World, django_capture_on_commit_callbacks: Any) -> None:
    publication = publication_of(world.uk)
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe("reader@example.org")
    token = _confirm_token(mail.outbox[0])

    response = _post(Client(), "/api/v1/subscriptions/confirm", {"token": token})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "active",
        "newsletter": publication.title,
        "network": "uk",
    }
    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.consent_records.last().method == "API"  # type: ignore[union-attr]
    # A used link is not valid again; nor is a made-up one.
    assert _post(Client(), "/api/v1/subscriptions/confirm", {"token": token}).status_code == 404
    assert _post(Client(), "/api/v1/subscriptions/confirm", {"token": "nope"}).status_code == 404

    unsubscribe_token = services.unsubscribe_token(subscription)
    for _ in range(2):  # safe to repeat
        response = _post(
            Client(), "/api/v1/subscriptions/unsubscribe", {"token": unsubscribe_token}
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "unsubscribed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    bad = _post(Client(), "/api/v1/subscriptions/unsubscribe", {"token": f"{subscription.pk}:x"})
    assert bad.status_code == 404 and bad.json()["code"] == "not_found"


def test_an_expired_confirmation(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe("late@example.org")
    token = _confirm_token(mail.outbox[0])
    Subscription.objects.filter(email="late@example.org").update(
        confirm_sent_at=timezone.now() - timedelta(days=8)
    )
    response = _post(Client(), "/api/v1/subscriptions/confirm", {"token": token})
    assert response.status_code == 410
    assert response.json()["code"] == "expired"


def test_newsletter_operations_are_in_the_schema(world: World) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if "newsletter" in op.get("tags", [])
    ]
    assert len(operations) == 20  # 19 and "undo a withdrawal" (issue #15)
    assert all(op.get("summary") for _, _, op in operations)
