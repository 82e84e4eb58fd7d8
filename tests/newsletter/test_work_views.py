"""Pages for writers and editors through Django's test client: the whole journey from a draft to a
sent issue, who must not get in, bad input, pseudonyms, sending once, pausing, and query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.newsletter import sending, services
from recoverynet.newsletter.models import (
    Article,
    ArticleImage,
    ArticleStatus,
    Delivery,
    Issue,
    IssueStatus,
    Publication,
    Section,
    Send,
    SendStatus,
    Series,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from tests.conftest import World, page_queries, sign_in
from tests.newsletter.factories import (
    active_subscriber,
    approved,
    draft,
    png_bytes,
    publication_of,
    published_issue,
    section,
)


@pytest.fixture
def pub(world: World) -> Publication:
    return publication_of(world.uk)


def _as(user: Any) -> Client:
    return sign_in(Client(), user)


def _work(article: Article) -> str:
    return reverse("newsletter:article-work", args=[article.public_id])


def _action(article: Article, action: str) -> str:
    return reverse("newsletter:article-action", args=[article.public_id, action])


def _article_form(pub: Publication, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Listening on the ward",
        "standfirst": "What changed when we asked first.",
        "body": "We learned to *listen* first.\n\n## Starting small\n\nOne ward, one meeting.",
        "section": section(pub).pk,
        "byline": "name",
        "display_name": "Lead A",
        "pseudonym": "",
        "role": "",
        "then": "draft",
    }
    data.update(overrides)
    return data


# --- The whole journey ------------------------------------------------------------------------


def test_pseudonymous_piece_from_draft_to_sent_issue(
    world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    writer, editor = _as(world.lead_a), _as(world.editor_uk)

    page = writer.get(reverse("newsletter:article-new", args=["uk"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Under my name" in html and "Under a pseudonym or initial" in html
    assert "only the newsletter&#x27;s editors will know who wrote it" in html
    assert 'value="Lead.A"' in html  # the byline starts as the writer's own name

    response = writer.post(
        reverse("newsletter:article-new", args=["uk"]),
        _article_form(
            pub, byline="pseudonym", pseudonym="B", role="peer support worker", then="submit"
        ),
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == _work(article)
    assert article.status == ArticleStatus.SUBMITTED
    (author,) = article.authors.all()
    assert (author.display_name, author.role, author.is_pseudonym, author.person) == (
        "B",
        "peer support worker",
        True,
        world.lead_a,
    )

    # The writer sees where the piece is; the editor also sees who is behind the pseudonym.
    mine = writer.get(reverse("newsletter:my-articles")).content.decode()
    assert "Listening on the ward" in mine and "With the editors" in mine
    work = editor.get(_work(article))
    assert work.status_code == 200
    html = work.content.decode()
    assert "B, peer support worker" in html
    assert "Lead.A" in html and "lead.a@example.org" in html
    assert 'aria-current="step"' in html

    assert editor.post(_action(article, "approve"), {"note": ""}).status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED

    response = editor.post(
        reverse("newsletter:issue-new", args=["uk"]), {"title": "Spring 2027", "summary": ""}
    )
    issue = Issue.objects.get()
    assert response["Location"] == reverse("newsletter:issue-manage", args=["uk", issue.slug])

    response = editor.post(
        _action(article, "schedule"), {"issue": issue.pk, "section": section(pub).pk}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.issue) == (ArticleStatus.SCHEDULED, issue)

    manage_url = reverse("newsletter:issue-manage", args=["uk", issue.slug])
    manage = editor.get(manage_url).content.decode()
    assert "Listening on the ward" in manage and "Publish this issue" in manage
    confirm = editor.get(manage_url + "?step=publish")
    assert confirm.status_code == 200
    assert "Listening on the ward" in confirm.content.decode()
    assert Issue.objects.get().status == IssueStatus.DRAFT  # looking publishes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(manage_url, {"form": "publish", "confirm": "yes"})
    assert response.status_code == 302
    issue.refresh_from_db()
    article.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED and article.status == ArticleStatus.PUBLISHED
    assert "Send it to subscribers" in editor.get(manage_url).content.decode()

    # Readers see the byline, never the person behind it.
    public = Client().get(reverse("newsletter:article", args=["uk", article.slug]))
    assert public.status_code == 200
    assert "B, peer support worker" in public.content.decode()
    assert "Lead.A" not in public.content.decode()
    assert "lead.a@example.org" not in public.content.decode()

    active_subscriber(pub, "one@example.org")
    active_subscriber(pub, "two@example.org")
    active_subscriber(pub, "gone@example.org")
    Suppression.objects.create(email="gone@example.org", reason="bounced")
    send_url = reverse("newsletter:issue-send", args=["uk", issue.slug])
    page = editor.get(send_url)
    assert "Send Spring 2027 to 2 subscribers?" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(send_url, {"confirm": "yes"})
    progress_url = reverse("newsletter:send-progress", args=["uk", issue.slug])
    assert response.status_code == 302 and response["Location"] == progress_url
    send = Send.objects.get()
    assert send.recipients == 2

    progress = editor.get(progress_url)
    html = progress.content.decode()
    assert progress.status_code == 200
    assert 'id="count-sent">2<' in html
    assert 'id="count-total">2<' in html
    assert '<progress id="send-progress-bar" max="100" value="100">' in html
    assert 'for="send-progress-bar"' in html
    assert "one@example.org" in html and "gone@example.org" not in html


def test_writer_changes_a_draft_and_keeps_the_byline(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub, pseudonym="B", role="peer support worker")
    client = _as(world.lead_a)
    page = client.get(reverse("newsletter:article-edit", args=[article.public_id]))
    assert page.status_code == 200
    assert 'value="B"' in page.content.decode()
    response = client.post(
        reverse("newsletter:article-edit", args=[article.public_id]),
        _article_form(pub, title="A better title", byline="pseudonym", pseudonym="B", role="peer"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "A better title" and article.status == ArticleStatus.DRAFT
    (author,) = article.authors.all()
    assert (author.display_name, author.is_pseudonym, author.person) == ("B", True, world.lead_a)


def test_editor_correction_keeps_the_writer_behind_the_pseudonym(
    world: World, pub: Publication
) -> None:
    article = approved(world.lead_a, world.editor_uk, pub, pseudonym="B", role="peer")
    editor = _as(world.editor_uk)
    url = reverse("newsletter:article-edit", args=[article.public_id])
    page = editor.get(url).content.decode()
    assert "Under the writer&#x27;s name" in page and "Save and send to the editors" not in page
    response = editor.post(
        url, _article_form(pub, title="Corrected title", byline="pseudonym", pseudonym="B")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Corrected title" and article.status == ArticleStatus.APPROVED
    (author,) = article.authors.all()
    assert (author.display_name, author.is_pseudonym, author.person) == ("B", True, world.lead_a)


def test_writer_cannot_change_text_the_editors_have(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    services.article_submit(actor=world.lead_a, article=article)
    client = _as(world.lead_a)
    assert client.get(reverse("newsletter:article-edit", args=[article.public_id])).status_code == (
        403
    )
    assert "The editors have this piece now" in client.get(_work(article)).content.decode()


# --- Who must not get in ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "lead_ie"])
def test_only_network_members_can_write(world: World, pub: Publication, role: str) -> None:
    client = world.client_for(role)
    url = reverse("newsletter:article-new", args=["uk"])
    assert client.get(url).status_code == 403
    assert client.post(url, _article_form(pub)).status_code == 403
    assert not Article.objects.exists()


def test_signing_in_is_needed_to_write(world: World) -> None:
    response = Client().get(reverse("newsletter:article-new", args=["uk"]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["consultant_uk", "staff_a", "lead_ie", "coordinator_ie"])
def test_only_editors_open_editor_pages(world: World, pub: Publication, role: str) -> None:
    issue, _ = published_issue(world.lead_a, world.editor_uk, pub)
    client = world.client_for(role)
    for url in [
        reverse("newsletter:editor-home", args=["uk"]),
        reverse("newsletter:issue-new", args=["uk"]),
        reverse("newsletter:issue-manage", args=["uk", issue.slug]),
        reverse("newsletter:issue-send", args=["uk", issue.slug]),
        reverse("newsletter:sections", args=["uk"]),
        reverse("newsletter:subscribers", args=["uk"]),
    ]:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("newsletter:issue-send", args=["uk", issue.slug]), {"confirm": "yes"}
        ).status_code
        == 403
    )
    assert not Send.objects.exists()


@pytest.mark.parametrize("role", ["consultant_uk", "staff_a"])
def test_only_editors_open_the_suppression_list(world: World, role: str) -> None:
    client = world.client_for(role)
    url = reverse("newsletter:suppressions")
    assert client.get(url).status_code == 403
    response = client.post(url, {"form": "add", "email": "x@example.org", "reason": "manual"})
    assert response.status_code == 403
    assert not Suppression.objects.exists()


def test_editor_pages_ask_strangers_to_sign_in(world: World) -> None:
    response = Client().get(reverse("newsletter:editor-home", args=["uk"]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["staff_a", "lead_b", "consultant_uk"])
def test_nobody_else_opens_a_draft(world: World, pub: Publication, role: str) -> None:
    article = draft(world.lead_a, pub)
    client = world.client_for(role)
    assert client.get(_work(article)).status_code == 404
    assert client.get(reverse("newsletter:article-edit", args=[article.public_id])).status_code == (
        404
    )
    assert client.post(_action(article, "comment"), {"body": "Hello"}).status_code == 404
    assert client.post(_action(article, "submit"), {}).status_code == 404
    assert not article.comments.exists()


def test_writer_cannot_approve_their_own_piece(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    services.article_submit(actor=world.lead_a, article=article)
    response = _as(world.lead_a).post(_action(article, "approve"), {"note": ""})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


# --- Bad input --------------------------------------------------------------------------------


def test_empty_title_is_refused_and_nothing_written(world: World, pub: Publication) -> None:
    response = _as(world.lead_a).post(
        reverse("newsletter:article-new", args=["uk"]), _article_form(pub, title="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_title">Enter a title.</a>' in html
    assert not Article.objects.exists()


def test_pseudonym_cannot_be_empty(world: World, pub: Publication) -> None:
    response = _as(world.lead_a).post(
        reverse("newsletter:article-new", args=["uk"]),
        _article_form(pub, byline="pseudonym", pseudonym="  "),
    )
    assert response.status_code == 400
    assert "Enter the pseudonym or initial to show." in response.content.decode()
    assert not Article.objects.exists()


def test_section_must_be_this_newsletters(world: World, pub: Publication) -> None:
    other = section(publication_of(world.ie))
    response = _as(world.lead_a).post(
        reverse("newsletter:article-new", args=["uk"]), _article_form(pub, section=other.pk)
    )
    assert response.status_code == 400
    assert "Choose one of this newsletter&#x27;s sections." in response.content.decode()
    assert not Article.objects.exists()


def _stored(media: Path) -> list[Path]:
    folder = media / "newsletter"
    return list(folder.iterdir()) if folder.exists() else []


def test_pictures_need_alt_text_and_must_be_pictures(
    world: World, pub: Publication, tmp_path: Path
) -> None:
    article = draft(world.lead_a, pub)
    client = _as(world.lead_a)
    url = reverse("newsletter:article-images", args=[article.public_id])

    response = client.post(
        url, {"image": SimpleUploadedFile("ward.png", png_bytes()), "alt_text": ""}
    )
    assert response.status_code == 400
    assert "Describe the picture for people who cannot see it" in response.content.decode()

    response = client.post(
        url,
        {
            "image": SimpleUploadedFile("ward.png", b"this is not a picture"),
            "alt_text": "Six people round a table",
        },
    )
    assert response.status_code == 400
    assert "ward.png is not a picture we can read" in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert _stored(tmp_path) == []

    page = client.get(url)
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        url,
        {
            "image": SimpleUploadedFile("ward.png", png_bytes()),
            "alt_text": "Six people round a table",
            "caption": "Photo: Alpha NHS Trust",
        },
    )
    assert response.status_code == 302
    assert "[[image 1]]" in client.get(url).content.decode()
    assert len(_stored(tmp_path)) == 1

    remove = reverse("newsletter:article-image-remove", args=[article.public_id, 1])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not ArticleImage.objects.exists()


def test_asking_for_changes_needs_a_note(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    services.article_submit(actor=world.lead_a, article=article)
    editor = _as(world.editor_uk)

    response = editor.post(_action(article, "request-changes"), {"note": "  "})
    assert response.status_code == 400
    assert '<a href="#id_changes_note">Say what needs to change.</a>' in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED

    response = editor.post(
        _action(article, "request-changes"), {"note": "Please say which ward it was."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.CHANGES_REQUESTED
    page = _as(world.lead_a).get(_work(article)).content.decode()
    assert "The editors asked for changes" in page
    assert "Please say which ward it was." in page
    assert "Send to the editors" in page


def test_a_step_that_does_not_fit_is_refused_with_409(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    response = _as(world.editor_uk).post(_action(article, "approve"), {"note": ""})
    assert response.status_code == 409
    assert "There is a problem" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_unknown_steps_and_gets_are_refused(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    client = _as(world.lead_a)
    assert client.post(_action(article, "publish-now")).status_code == 404
    assert client.get(_action(article, "submit")).status_code == 405


def test_comments_are_shared_between_writer_and_editors(world: World, pub: Publication) -> None:
    article = draft(world.lead_a, pub)
    services.article_submit(actor=world.lead_a, article=article)
    assert (
        _as(world.editor_uk)
        .post(_action(article, "comment"), {"body": "Lovely piece."})
        .status_code
        == 302
    )
    response = _as(world.lead_a).post(_action(article, "comment"), {"body": ""})
    assert response.status_code == 400
    page = _as(world.lead_a).get(_work(article)).content.decode()
    assert "Lovely piece." in page and "Editor.Uk" in page


def test_next_only_goes_back_to_this_site(world: World, pub: Publication) -> None:
    article = approved(world.lead_a, world.editor_uk, pub)
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Summer")
    services.article_schedule(actor=world.editor_uk, article=article, issue=issue)
    other = approved(world.lead_a, world.editor_uk, pub, title="Second piece")
    services.article_schedule(actor=world.editor_uk, article=other, issue=issue)
    editor = _as(world.editor_uk)
    manage = reverse("newsletter:issue-manage", args=["uk", issue.slug])

    response = editor.post(_action(other, "move-up"), {"next": manage})
    assert response["Location"] == manage
    other.refresh_from_db()
    assert other.position == 0

    response = editor.post(_action(other, "move-down"), {"next": "https://evil.example/"})
    assert response["Location"] == _work(other)

    response = editor.post(_action(article, "unschedule"), {"next": manage})
    assert response["Location"] == manage
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED and article.issue is None


def test_editor_adds_an_approved_piece_from_the_issue_page(world: World, pub: Publication) -> None:
    article = approved(world.lead_a, world.editor_uk, pub)
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Summer")
    editor = _as(world.editor_uk)
    url = reverse("newsletter:issue-manage", args=["uk", issue.slug])
    assert editor.post(url, {"form": "add", "article": "", "section": ""}).status_code == 400
    response = editor.post(url, {"form": "add", "article": article.pk, "section": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.issue == issue and article.status == ArticleStatus.SCHEDULED


def test_publishing_an_empty_issue_is_refused(world: World, pub: Publication) -> None:
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Empty")
    url = reverse("newsletter:issue-manage", args=["uk", issue.slug])
    editor = _as(world.editor_uk)
    response = editor.post(url, {"form": "publish"})  # no confirmation: back to the question
    assert response["Location"] == url + "?step=publish"
    response = editor.post(url, {"form": "publish", "confirm": "yes"})
    assert response.status_code == 400
    assert "Place at least one approved article in the issue first." in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_issue_title_is_needed(world: World) -> None:
    response = _as(world.editor_uk).post(
        reverse("newsletter:issue-new", args=["uk"]), {"title": "", "summary": ""}
    )
    assert response.status_code == 400
    assert "Give the issue a title" in response.content.decode()
    assert not Issue.objects.exists()


# --- Sending ----------------------------------------------------------------------------------


def test_an_issue_is_sent_only_once(
    world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    issue, _ = published_issue(world.lead_a, world.editor_uk, pub)
    active_subscriber(pub, "reader@example.org")
    editor = _as(world.editor_uk)
    send_url = reverse("newsletter:issue-send", args=["uk", issue.slug])
    progress_url = reverse("newsletter:send-progress", args=["uk", issue.slug])

    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(send_url, {"confirm": "yes"})["Location"] == progress_url
    with django_capture_on_commit_callbacks(execute=True):
        again = editor.post(send_url, {"confirm": "yes"})
    assert again.status_code == 302 and again["Location"] == progress_url
    assert editor.get(send_url)["Location"] == progress_url
    assert Send.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_draft_issue_cannot_be_sent(world: World, pub: Publication) -> None:
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Draft")
    editor = _as(world.editor_uk)
    response = editor.post(
        reverse("newsletter:issue-send", args=["uk", issue.slug]), {"confirm": "yes"}
    )
    assert response["Location"] == reverse("newsletter:issue-manage", args=["uk", issue.slug])
    assert not Send.objects.exists()
    assert (
        editor.get(reverse("newsletter:send-progress", args=["uk", issue.slug])).status_code == 404
    )


def test_pause_and_resume(world: World, pub: Publication) -> None:
    issue, _ = published_issue(world.lead_a, world.editor_uk, pub)
    for i in range(3):
        active_subscriber(pub, f"reader{i}@example.org")
    send = sending.send_start(actor=world.editor_uk, issue=issue)  # batches wait for commit
    editor = _as(world.editor_uk)
    url = reverse("newsletter:send-progress", args=["uk", issue.slug])

    page = editor.get(url).content.decode()
    assert 'hx-get="' + url + '?fragment=1"' in page and 'hx-trigger="every 5s"' in page
    assert ">Refresh</a>" in page and "Pause sending" in page
    assert 'id="count-pending">3<' in page
    assert "<script>" not in page and "style=" not in page
    fragment = editor.get(url + "?fragment=1").content.decode()
    assert fragment.lstrip().startswith('<div id="send-status"') and "<h1" not in fragment

    assert editor.post(url, {"action": "pause"}).status_code == 302
    send.refresh_from_db()
    assert send.status == SendStatus.PAUSED
    fragment = editor.get(url + "?fragment=1").content.decode()
    assert "hx-trigger" not in fragment and "Resume sending" in fragment
    assert sending.queue_batch(send.pk) == 0  # nothing goes out while paused

    again = editor.post(url, {"action": "pause"}, follow=True)
    assert "Only a send in progress can be paused." in again.content.decode()

    assert editor.post(url, {"action": "resume"}).status_code == 302
    send.refresh_from_db()
    assert send.status == SendStatus.SENDING


def test_recipient_table_filters_by_status(world: World, pub: Publication) -> None:
    issue, _ = published_issue(world.lead_a, world.editor_uk, pub)
    active_subscriber(pub, "stays@example.org")
    leaving = active_subscriber(pub, "leaves@example.org")
    send = sending.send_start(actor=world.editor_uk, issue=issue)
    services.unsubscribe(subscription=leaving, method="web form")
    sending.queue_batch(send.pk)
    url = reverse("newsletter:send-progress", args=["uk", issue.slug])
    editor = _as(world.editor_uk)
    not_sent = editor.get(url + "?status=not_sent").content.decode()
    assert "leaves@example.org" in not_sent and "stays@example.org" not in not_sent
    assert "Not sent: unsubscribed or suppressed" in not_sent
    waiting = editor.get(url + "?status=pending").content.decode()
    assert "stays@example.org" in waiting and "Handed to the mail outbox" in waiting


# --- The newsletter's settings ----------------------------------------------------------------


def _settings_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Recovery news",
        "description": "Four times a year, from the network.",
        "consent_text": "I agree to get the newsletter by e-mail.",
        "send_rate_per_minute": "120",
    }
    data.update(overrides)
    return data


def _settings_of(pub: Publication) -> tuple[str, str, str, int]:
    pub.refresh_from_db()
    return (pub.title, pub.description, pub.consent_text, pub.send_rate_per_minute)


def test_editor_changes_the_newsletter_settings(world: World, pub: Publication) -> None:
    editor = _as(world.editor_uk)
    url = reverse("newsletter:settings", args=["uk"])
    assert url in editor.get(reverse("newsletter:editor-home", args=["uk"])).content.decode()
    assert url in editor.get(reverse("newsletter:sections", args=["uk"])).content.decode()

    page = editor.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{pub.title}"' in html and pub.consent_text in html
    assert "stored with every consent record" in html
    assert "does not change what earlier subscribers agreed to" in html
    assert "Mail providers often limit this" in html

    response = editor.post(url, _settings_form(title="  Recovery news  "))
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:editor-home", args=["uk"])
    assert _settings_of(pub) == (
        "Recovery news",
        "Four times a year, from the network.",
        "I agree to get the newsletter by e-mail.",
        120,
    )
    assert AuditEntry.objects.filter(action="newsletter.publication.edited").count() == 1


@pytest.mark.parametrize("role", ["consultant_uk", "staff_a"])
def test_only_editors_change_the_newsletter_settings(
    world: World, pub: Publication, role: str
) -> None:
    before = _settings_of(pub)
    client = world.client_for(role)
    url = reverse("newsletter:settings", args=["uk"])
    assert client.get(url).status_code == 403
    assert client.post(url, _settings_form()).status_code == 403
    assert _settings_of(pub) == before


def test_newsletter_settings_ask_strangers_to_sign_in(world: World, pub: Publication) -> None:
    before = _settings_of(pub)
    url = reverse("newsletter:settings", args=["uk"])
    response = Client().get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    response = Client().post(url, _settings_form())
    assert response.status_code == 302 and "login" in response["Location"]
    assert _settings_of(pub) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consent_text", "", "Say what people agree to when they subscribe."),
        ("consent_text", "   ", "Say what people agree to when they subscribe."),
        ("send_rate_per_minute", "0", "Choose a sending rate from 1 to 100,000 a minute."),
        ("send_rate_per_minute", "lots", "Enter a whole number, like 600."),
        ("title", "", "Give the newsletter a name."),
    ],
)
def test_bad_newsletter_settings_are_refused_and_nothing_changes(
    world: World, pub: Publication, field: str, value: str, message: str
) -> None:
    before = _settings_of(pub)
    response = _as(world.editor_uk).post(
        reverse("newsletter:settings", args=["uk"]), _settings_form(**{field: value})
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_{field}">{message}</a>' in html  # the error summary names the field
    assert f'id="id_{field}-error"' in html
    assert _settings_of(pub) == before
    assert not AuditEntry.objects.filter(action="newsletter.publication.edited").exists()


def test_a_refusal_from_the_service_goes_on_the_settings_form(
    world: World, pub: Publication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> Publication:
        raise ApplicationError(
            "invalid", "Choose a lower sending rate.", field="send_rate_per_minute"
        )

    monkeypatch.setattr(services, "publication_update", refuse)
    response = _as(world.editor_uk).post(
        reverse("newsletter:settings", args=["uk"]), _settings_form()
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_send_rate_per_minute">Choose a lower sending rate.</a>' in html


# --- Sections, subscribers and the suppression list -------------------------------------------


def test_editor_adds_and_orders_sections_and_series(world: World, pub: Publication) -> None:
    editor = _as(world.editor_uk)
    url = reverse("newsletter:sections", args=["uk"])
    assert editor.post(url, {"form": "section", "title": "", "kind": "articles"}).status_code == (
        400
    )
    response = editor.post(url, {"form": "section", "title": "Poems", "kind": "articles"})
    assert response.status_code == 302
    poems = Section.objects.get(publication=pub, title="Poems")
    before = list(pub.sections.order_by("position").values_list("title", flat=True))
    assert before[-1] == "Poems"
    editor.post(url, {"form": "move", "section": poems.pk, "direction": "up"})
    after = list(pub.sections.order_by("position").values_list("title", flat=True))
    assert after[-2] == "Poems"
    duplicate = editor.post(url, {"form": "section", "title": "poems", "kind": "articles"})
    assert duplicate.status_code == 400
    assert "There is already a section with that title." in duplicate.content.decode()

    assert editor.post(url, {"form": "series", "title": "Critical debates"}).status_code == 302
    assert Series.objects.filter(publication=pub, slug="critical-debates").exists()
    assert "Critical debates" in editor.get(url).content.decode()


def test_subscribers_list_counts_filters_and_searches(world: World, pub: Publication) -> None:
    active_subscriber(pub, "ann@example.org")
    active_subscriber(pub, "bob@example.org")
    Subscription.objects.create(publication=pub, email="cat@example.org")
    editor = _as(world.editor_uk)
    url = reverse("newsletter:subscribers", args=["uk"])
    page = editor.get(url).content.decode()
    assert 'id="count-active">2<' in page and 'id="count-pending">1<' in page
    pending = editor.get(url + "?status=pending").content.decode()
    assert "cat@example.org" in pending and "ann@example.org" not in pending
    found = editor.get(url + "?q=BOB").content.decode()
    assert "bob@example.org" in found and "ann@example.org" not in found


def test_suppression_list_add_and_remove_with_confirmation(world: World) -> None:
    editor = _as(world.editor_uk)
    url = reverse("newsletter:suppressions")
    bad = editor.post(url, {"form": "add", "email": "not-an-address", "reason": "manual"})
    assert bad.status_code == 400 and not Suppression.objects.exists()
    response = editor.post(
        url, {"form": "add", "email": "Asked@Example.org", "reason": "manual", "note": "By phone"}
    )
    assert response.status_code == 302
    entry = Suppression.objects.get()
    assert entry.email == "asked@example.org"
    assert "asked@example.org" in editor.get(url).content.decode()

    confirm = editor.get(url + f"?remove={entry.pk}")
    assert confirm.status_code == 200
    assert "Only at the person's own request" in confirm.content.decode()
    response = editor.post(url, {"form": "remove", "suppression": entry.pk})
    assert response["Location"] == url + f"?remove={entry.pk}"
    assert Suppression.objects.exists()
    response = editor.post(url, {"form": "remove", "suppression": entry.pk, "confirm": "yes"})
    assert response.status_code == 302 and not Suppression.objects.exists()


def test_my_articles_offers_editors_the_way_in(world: World, pub: Publication) -> None:
    page = _as(world.editor_uk).get(reverse("newsletter:my-articles")).content.decode()
    assert reverse("newsletter:editor-home", args=["uk"]) in page
    page = _as(world.lead_a).get(reverse("newsletter:my-articles")).content.decode()
    assert reverse("newsletter:editor-home", args=["uk"]) not in page
    assert reverse("newsletter:article-new", args=["uk"]) in page
    assert reverse("newsletter:article-new", args=["ie"]) not in page


def test_editor_home_lists_the_work(world: World, pub: Publication) -> None:
    waiting = draft(world.lead_a, pub, title="Waiting piece", pseudonym="B")
    services.article_submit(actor=world.lead_a, article=waiting)
    approved(world.lead_a, world.editor_uk, pub, title="Approved piece")
    published_issue(world.lead_a, world.editor_uk, pub, title="Winter 2026", pseudonym="C")
    page = _as(world.editor_uk).get(reverse("newsletter:editor-home", args=["uk"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Waiting piece" in html and "Approved piece" in html and "Winter 2026" in html
    assert reverse("newsletter:issue-send", args=["uk", "winter-2026"]) in html


# --- Query counts stay the same as rows grow --------------------------------------------------


def test_my_articles_query_count_is_constant(world: World, pub: Publication) -> None:
    client = _as(world.lead_a)
    url = reverse("newsletter:my-articles")
    draft(world.lead_a, pub, title="Piece 0")
    first = page_queries(client, url)
    for i in range(1, 8):
        article = draft(world.lead_a, pub, title=f"Piece {i}")
        if i % 2:
            services.article_submit(actor=world.lead_a, article=article)
    published_issue(world.lead_a, world.editor_uk, pub, title="Issue one")
    assert page_queries(client, url) == first


def test_editor_home_query_count_is_constant(world: World, pub: Publication) -> None:
    client = _as(world.editor_uk)
    url = reverse("newsletter:editor-home", args=["uk"])

    def add(n: int, prefix: str) -> None:
        for i in range(n):
            piece = draft(world.lead_a, pub, title=f"{prefix} waiting {i}", pseudonym="B")
            services.article_submit(actor=world.lead_a, article=piece)
            approved(world.lead_a, world.editor_uk, pub, title=f"{prefix} approved {i}")
            changed = draft(world.lead_a, pub, title=f"{prefix} changes {i}")
            services.article_submit(actor=world.lead_a, article=changed)
            services.article_request_changes(actor=world.editor_uk, article=changed, note="Why?")
            active_subscriber(pub, f"{prefix}{i}@example.org")
        published_issue(world.lead_a, world.editor_uk, pub, title=f"{prefix} issue")

    add(1, "a")
    first = page_queries(client, url)
    add(5, "b")
    issue = Issue.objects.get(slug="b-issue")
    sending.send_start(actor=world.editor_uk, issue=issue)
    assert page_queries(client, url) == first


def test_subscribers_query_count_is_constant(world: World, pub: Publication) -> None:
    client = _as(world.editor_uk)
    url = reverse("newsletter:subscribers", args=["uk"])
    active_subscriber(pub, "first@example.org")
    first = page_queries(client, url)
    for i in range(30):
        active_subscriber(pub, f"reader{i}@example.org")
    Subscription.objects.create(
        publication=pub, email="gone@example.org", status=SubscriptionStatus.UNSUBSCRIBED
    )
    assert page_queries(client, url) == first


def test_recipient_table_query_count_is_constant(world: World, pub: Publication) -> None:
    small, _ = published_issue(world.lead_a, world.editor_uk, pub, title="Small")
    active_subscriber(pub, "first@example.org")
    active_subscriber(pub, "second@example.org")
    sending.queue_batch(sending.send_start(actor=world.editor_uk, issue=small).pk)
    big, _ = published_issue(world.lead_a, world.editor_uk, pub, title="Big")
    for i in range(40):
        active_subscriber(pub, f"reader{i}@example.org")
    sending.queue_batch(sending.send_start(actor=world.editor_uk, issue=big).pk, limit=20)
    client = _as(world.editor_uk)
    few = page_queries(client, reverse("newsletter:send-progress", args=["uk", small.slug]))
    many = page_queries(client, reverse("newsletter:send-progress", args=["uk", big.slug]))
    assert many == few
