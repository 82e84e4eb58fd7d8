"""The editorial workflow, issues and publishing, and subscriptions, through the services."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.newsletter import editions, rendering, selectors, services
from recoverynet.newsletter.models import (
    Article,
    ArticleImage,
    ArticleStatus,
    ConsentEvent,
    ConsentRecord,
    Issue,
    IssueStatus,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from recoverynet.newsletter.services import ArticleInput, AuthorInput

from .factories import approved, draft, png_bytes, publication_of, published_issue, section


def _confirm_token(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    found = re.search(r"/newsletter/confirm/([^/\s]+)/", message.body)
    assert found
    return found.group(1)


# --- Workflow ---------------------------------------------------------------------------------


def test_every_network_has_a_newsletter_with_the_usual_sections(world: Any) -> None:
    publication = publication_of(world.uk)
    titles = list(publication.sections.values_list("title", flat=True))
    assert titles[0] == "Welcome" and "Upcoming events" in titles


def test_a_piece_goes_from_draft_to_published_and_every_step_is_audited(world: Any) -> None:
    publication = publication_of(world.uk)
    article = draft(world.staff_a, publication, pseudonym="B", role="peer support worker")
    assert article.status == ArticleStatus.DRAFT
    services.article_submit(actor=world.staff_a, article=article)
    services.article_request_changes(
        actor=world.editor_uk, article=article, note="Could you add a line on the ward?"
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.CHANGES_REQUESTED
    services.article_update(
        actor=world.staff_a,
        article=article,
        data=ArticleInput(
            title=article.title,
            body=article.body + "\n\nThe ward was small.",
            section=article.section,
            authors=[AuthorInput("B", "peer support worker", True, world.staff_a)],
        ),
    )
    services.article_submit(actor=world.staff_a, article=article)
    services.article_approve(actor=world.editor_uk, article=article)
    issue = services.issue_create(
        actor=world.editor_uk, publication=publication, title="Spring 2027"
    )
    services.article_schedule(actor=world.editor_uk, article=article, issue=issue)
    services.issue_publish(actor=world.editor_uk, issue=issue)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.published_at
    actions = set(
        AuditEntry.objects.filter(
            object_type="newsletter.article", object_id=str(article.pk)
        ).values_list("action", flat=True)
    )
    assert {
        "newsletter.article.created",
        "newsletter.article.submitted",
        "newsletter.article.changes_requested",
        "newsletter.article.edited",
        "newsletter.article.approved",
        "newsletter.article.scheduled",
    } <= actions
    kinds = list(article.comments.values_list("kind", flat=True))
    assert kinds == ["submitted", "changes", "submitted", "approved", "scheduled", "published"]


def test_the_audit_log_never_names_the_person_behind_a_pseudonym(world: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk), pseudonym="B")
    entry = AuditEntry.objects.get(action="newsletter.article.created", object_id=str(article.pk))
    assert entry.changes["bylines"] == ["B"]
    assert "Staff" not in str(entry.changes)


def test_only_members_and_the_team_may_write(world: Any) -> None:
    publication = publication_of(world.uk)
    for person in (world.outsider, world.lead_ie):
        with pytest.raises(ApplicationError) as refused:
            draft(person, publication)
        assert refused.value.status == 403
    assert draft(world.lead_b, publication).pk


def test_writers_cannot_approve_and_consultants_are_not_editors(world: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_submit(actor=world.staff_a, article=article)
    for person in (world.staff_a, world.consultant_uk, world.coordinator_ie):
        with pytest.raises(ApplicationError) as refused:
            services.article_approve(actor=person, article=article)
        assert refused.value.status == 403
    services.article_approve(actor=world.coordinator_uk, article=article)


def test_writers_cannot_change_text_once_the_editors_have_it(world: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_submit(actor=world.staff_a, article=article)
    with pytest.raises(ApplicationError) as refused:
        services.article_update(
            actor=world.staff_a,
            article=article,
            data=ArticleInput(title="New", body="x", authors=[AuthorInput("Staff")]),
        )
    assert refused.value.status == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"authors": []}, "authors"),
        ({"authors": [AuthorInput(" ")]}, "authors"),
        ({"standfirst": "x" * 401}, "standfirst"),
    ],
)
def test_bad_article_input_names_the_field_and_writes_nothing(
    world: Any, change: dict[str, Any], field: str
) -> None:
    publication = publication_of(world.uk)
    data = {"title": "A title", "body": "Some text", "authors": [AuthorInput("Staff A")], **change}
    with pytest.raises(ApplicationError) as refused:
        services.article_create(
            actor=world.staff_a, publication=publication, data=ArticleInput(**data)
        )
    assert refused.value.field == field
    assert not Article.objects.exists()


def test_a_section_of_another_newsletter_is_refused(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.article_create(
            actor=world.staff_a,
            publication=publication_of(world.uk),
            data=ArticleInput(
                title="T",
                body="B",
                section=section(publication_of(world.ie)),
                authors=[AuthorInput("S")],
            ),
        )
    assert refused.value.field == "section"


def test_request_changes_needs_a_note(world: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_submit(actor=world.staff_a, article=article)
    with pytest.raises(ApplicationError) as refused:
        services.article_request_changes(actor=world.editor_uk, article=article, note=" ")
    assert refused.value.field == "note"


def test_only_approved_pieces_go_into_a_draft_issue(world: Any) -> None:
    publication = publication_of(world.uk)
    issue = services.issue_create(actor=world.editor_uk, publication=publication, title="Summer")
    waiting = draft(world.staff_a, publication)
    with pytest.raises(ApplicationError):
        services.article_schedule(actor=world.editor_uk, article=waiting, issue=issue)
    piece = approved(world.staff_a, world.editor_uk, publication, title="Second")
    services.article_schedule(actor=world.editor_uk, article=piece, issue=issue)
    services.issue_publish(actor=world.editor_uk, issue=issue)
    later = approved(world.staff_a, world.editor_uk, publication, title="Third")
    with pytest.raises(ApplicationError) as refused:
        services.article_schedule(actor=world.editor_uk, article=later, issue=issue)
    assert refused.value.field == "issue"


def test_an_empty_issue_cannot_be_published_and_publishing_twice_is_refused(world: Any) -> None:
    publication = publication_of(world.uk)
    issue = services.issue_create(actor=world.editor_uk, publication=publication, title="Empty")
    with pytest.raises(ApplicationError):
        services.issue_publish(actor=world.editor_uk, issue=issue)
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication, title="Full")
    with pytest.raises(ApplicationError) as refused:
        services.issue_publish(actor=world.editor_uk, issue=issue)
    assert refused.value.status == 409


def test_duplicate_issue_titles_are_refused(world: Any) -> None:
    publication = publication_of(world.uk)
    services.issue_create(actor=world.editor_uk, publication=publication, title="Spring 2027")
    with pytest.raises(ApplicationError) as refused:
        services.issue_create(actor=world.editor_uk, publication=publication, title="spring 2027")
    assert refused.value.field == "title"
    assert Issue.objects.count() == 1


def test_moving_pieces_within_a_section(world: Any) -> None:
    publication = publication_of(world.uk)
    issue = services.issue_create(actor=world.editor_uk, publication=publication, title="Autumn")
    first = approved(world.staff_a, world.editor_uk, publication, title="First")
    second = approved(world.staff_a, world.editor_uk, publication, title="Second")
    for piece in (first, second):
        services.article_schedule(actor=world.editor_uk, article=piece, issue=issue)
    services.article_move(actor=world.editor_uk, article=second, direction="up")
    assert [a.title for a in editions.issue_articles(issue)] == ["Second", "First"]


def test_publishing_captures_upcoming_events(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(
        editions, "upcoming_events", lambda network: [{"title": "Learning day", "url": "/e/"}]
    )
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    assert issue.events_snapshot == [{"title": "Learning day", "url": "/e/"}]
    contents = editions.issue_contents(issue)
    assert [s.title for s in contents] == ["Our views", "Upcoming events"]


def test_upcoming_events_come_from_the_events_app(world: Any) -> None:
    from recoverynet.events import services as event_services

    start = timezone.now() + datetime.timedelta(days=20)
    for title, status in (("Learning day on co-production", "published"), ("Secret", "draft")):
        event_services.event_create(
            actor=world.coordinator_uk,
            network=world.uk,
            kind="workshop",
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            venue_name="Leeds",
            status=status,
        )
    titles = [e["title"] for e in editions.upcoming_events(world.uk)]
    assert titles == ["Learning day on co-production"]
    assert editions.upcoming_events(world.ie) == []


# --- Rendering --------------------------------------------------------------------------------


def test_markdown_is_sanitised_and_images_need_alt_text(world: Any) -> None:
    html = rendering.sanitised_html(
        "# Heading\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
        "![tracker](https://evil.example/p.gif) <img src=x onerror=alert(1)>"
    )
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
    assert "<h2>Heading</h2>" in html


def test_images_are_placed_where_the_writer_put_them(world: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk), body="Before\n\n[[image 1]]\n\nAfter")
    services.image_add(
        actor=world.staff_a,
        article=article,
        upload=io.BytesIO(png_bytes()),
        alt_text="Six people around a table",
        caption="The first meeting",
    )
    html = editions.article_body(article)
    assert (
        html.index("Before") < html.index('alt="Six people around a table"') < html.index("After")
    )
    assert "<figcaption>The first meeting</figcaption>" in html
    assert "[Image: Six people around a table]" in rendering.article_text(
        article.body, article.images.all()
    )


def test_image_upload_is_checked_and_leaves_nothing_when_refused(world: Any, settings: Any) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    with pytest.raises(ApplicationError) as no_alt:
        services.image_add(
            actor=world.staff_a, article=article, upload=io.BytesIO(png_bytes()), alt_text=" "
        )
    assert no_alt.value.field == "alt_text"
    with pytest.raises(ApplicationError) as not_image:
        services.image_add(
            actor=world.staff_a,
            article=article,
            upload=io.BytesIO(b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"),
            alt_text="A picture",
        )
    assert not_image.value.field == "image"
    assert not ArticleImage.objects.exists()
    stored = settings.MEDIA_ROOT / "newsletter"
    assert not stored.exists() or not any(stored.iterdir())


def test_images_are_re_encoded_without_camera_metadata(world: Any) -> None:
    from PIL import Image

    source = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    Image.new("RGB", (20, 20)).save(source, format="JPEG", exif=exif)
    article = draft(world.staff_a, publication_of(world.uk))
    image = services.image_add(
        actor=world.staff_a, article=article, upload=io.BytesIO(source.getvalue()), alt_text="A"
    )
    from recoverynet.newsletter import images

    assert b"SecretCam" not in images.read_stored(image.stored_name)


# --- Subscriptions ----------------------------------------------------------------------------


def test_double_opt_in_stores_consent(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    publication = publication_of(world.uk)
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscribe(
            publication=publication, email=" Reader@Example.ORG ", method="web form", ip="10.0.0.1"
        )
    assert subscription is not None
    assert subscription.email == "reader@example.org"
    assert subscription.status == SubscriptionStatus.PENDING
    token = _confirm_token("reader@example.org")
    services.subscription_confirm(token=token, method="web form", ip="10.0.0.2")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    records = list(ConsentRecord.objects.filter(subscription=subscription))
    assert [r.event for r in records] == [ConsentEvent.REQUESTED, ConsentEvent.CONFIRMED]
    assert records[0].consent_text == publication.consent_text
    assert records[0].ip == "10.0.0.1"
    with pytest.raises(ApplicationError) as reused:
        services.subscription_confirm(token=token, method="web form")
    assert reused.value.status == 404


def test_confirmation_links_expire(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscribe(
            publication=publication_of(world.uk), email="late@example.org", method="API"
        )
    assert subscription is not None
    Subscription.objects.filter(pk=subscription.pk).update(
        confirm_sent_at=timezone.now() - datetime.timedelta(days=8)
    )
    with pytest.raises(ApplicationError) as expired:
        services.subscription_confirm(token=_confirm_token("late@example.org"), method="API")
    assert expired.value.status == 410


def test_nothing_is_sent_to_suppressed_or_already_subscribed_addresses(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    services.suppression_add(actor=world.editor_uk, email="Gone@example.org", reason="bounced")
    Subscription.objects.create(
        publication=publication, email="here@example.org", status=SubscriptionStatus.ACTIVE
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.subscribe(publication=publication, email="gone@example.org", method="x")
            is None
        )
        assert (
            services.subscribe(publication=publication, email="here@example.org", method="x")
            is None
        )
    assert not [m for m in mail.outbox if set(m.to) & {"gone@example.org", "here@example.org"}]


def test_asking_twice_quickly_sends_one_confirmation(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe(publication=publication, email="twice@example.org", method="x")
        services.subscribe(publication=publication, email="twice@example.org", method="x")
    assert len([m for m in mail.outbox if m.to == ["twice@example.org"]]) == 1


def test_bad_addresses_are_refused_by_field(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.subscribe(publication=publication_of(world.uk), email="not an address", method="x")
    assert refused.value.field == "email"
    assert not Subscription.objects.exists()


def test_unsubscribe_token_round_trip_and_repeat_is_harmless(world: Any) -> None:
    subscription = Subscription.objects.create(
        publication=publication_of(world.uk), email="r@example.org", status="active"
    )
    token = services.unsubscribe_token(subscription)
    assert selectors.subscription_from_token(token) == subscription
    with pytest.raises(ApplicationError):
        selectors.subscription_from_token(token[:-2] + "xx")
    services.unsubscribe(subscription=subscription, method="one-click header")
    services.unsubscribe(subscription=subscription, method="one-click header")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.consent_records.filter(event="unsubscribed").count() == 1


def test_preferences_per_network_and_stop_everything(world: Any) -> None:
    uk, ie = publication_of(world.uk), publication_of(world.ie)
    subscription = Subscription.objects.create(
        publication=uk, email="r@example.org", status="active"
    )
    email = selectors.email_from_preferences_token(services.preferences_token(subscription))
    result = services.preferences_save(email=email, wanted={ie.pk})
    assert result[uk.pk].status == SubscriptionStatus.UNSUBSCRIBED
    # Starting a newsletter from the (forwardable) preferences link still needs confirming.
    assert result[ie.pk].status == SubscriptionStatus.PENDING
    assert result[ie.pk].confirm_token_hash
    assert services.unsubscribe_everything(email=email, method="preferences link") == 1
    assert Suppression.objects.filter(email="r@example.org", reason="unsubscribed_all").exists()
    with pytest.raises(ApplicationError):
        services.preferences_save(email=email, wanted={uk.pk})


def test_only_editors_change_the_suppression_list(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.suppression_add(actor=world.staff_a, email="x@example.org", reason="manual")
    assert refused.value.status == 403
    entry = services.suppression_add(actor=world.editor_uk, email="x@example.org", reason="manual")
    services.suppression_remove(actor=world.editor_uk, suppression=entry)
    assert not Suppression.objects.exists()


def test_published_issue_status(world: Any) -> None:
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    assert issue.status == IssueStatus.PUBLISHED and issue.published_at


def test_publication_settings_are_for_editors_and_validated(world: Any) -> None:
    publication = publication_of(world.uk)
    old_consent = publication.consent_text
    record_subscription = Subscription.objects.create(
        publication=publication, email="a@example.org"
    )
    ConsentRecord.objects.create(
        subscription=record_subscription, event="requested", consent_text=old_consent, method="x"
    )
    with pytest.raises(ApplicationError) as refused:
        services.publication_update(
            actor=world.consultant_uk,
            publication=publication,
            title="New",
            description="",
            consent_text="Yes",
            send_rate_per_minute=10,
        )
    assert refused.value.status == 403
    with pytest.raises(ApplicationError) as bad:
        services.publication_update(
            actor=world.editor_uk,
            publication=publication,
            title="New",
            description="",
            consent_text="Yes",
            send_rate_per_minute=0,
        )
    assert bad.value.field == "send_rate_per_minute"
    services.publication_update(
        actor=world.editor_uk,
        publication=publication,
        title="Recovery news",
        description="Four times a year.",
        consent_text="I agree to the new wording.",
        send_rate_per_minute=120,
    )
    publication.refresh_from_db()
    assert publication.title == "Recovery news" and publication.send_rate_per_minute == 120
    assert ConsentRecord.objects.get().consent_text == old_consent
