"""The newsletter in a real browser: a member writes a piece under a pseudonym and an editor takes it
through review, an issue, publishing and sending; readers and subscribers; the editors' own pages.
axe-core checks every page visited, error states included."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.core.models import OutboxMessage
from recoverynet.newsletter import sending, services
from recoverynet.newsletter.models import (
    Article,
    ArticleStatus,
    Issue,
    IssueStatus,
    Publication,
    Series,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, visit
from tests.conftest import World
from tests.newsletter import factories

pytestmark = pytest.mark.browser

NEWSLETTER = "UK Network newsletter"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- helpers ---------------------------------------------------------------------------------------


def banner(page: Any) -> Any:
    """The "Success" notification banner shown after a step."""
    return page.locator(".nhsuk-notification-banner")


def submit_expecting(page: Any, locator: Any, status: int) -> None:
    """Press a button and check the status of the page it loads."""
    with page.expect_navigation() as navigation:
        locator.click()
    assert navigation.value.status == status


def sign_out(page: Any) -> None:
    """Forget the session: the next person starts from a clean browser."""
    page.context.clear_cookies()


def series_piece(world: World, publication: Publication, series: Series, title: str) -> Article:
    """An approved piece by Lead A in a series."""
    article = services.article_create(
        actor=world.lead_a,
        publication=publication,
        data=services.ArticleInput(
            title=title,
            standfirst=f"{title}: notes from a peer support team.",
            body="We met every week.\n\n## What changed\n\nWe asked people what they wanted.",
            section=factories.section(publication, "Out in the field"),
            series=series,
            authors=[services.AuthorInput(display_name="Lead A", role="recovery lead")],
        ),
    )
    services.article_submit(actor=world.lead_a, article=article)
    return services.article_approve(actor=world.editor_uk, article=article)


def reader_world(world: World) -> tuple[Publication, Issue, Issue, Series]:
    """Two published issues; the second holds two pieces of a series."""
    publication = factories.publication_of(world.uk)
    spring, _ = factories.published_issue(
        world.lead_a, world.editor_uk, publication, title="Spring 2027"
    )
    series = services.series_create(
        actor=world.editor_uk,
        publication=publication,
        title="Peer support in practice",
        description="Peer workers on what their work is like.",
    )
    first = series_piece(world, publication, series, "Starting a peer team")
    second = series_piece(world, publication, series, "A year of peer support")
    summer = services.issue_create(
        actor=world.editor_uk, publication=publication, title="Summer 2027", summary="Peer work."
    )
    for piece in (first, second):
        services.article_schedule(actor=world.editor_uk, article=piece, issue=summer)
    summer = services.issue_publish(actor=world.editor_uk, issue=summer)
    return publication, spring, summer, series


# --- a piece from draft to the subscribers' inboxes --------------------------------------------------


def test_member_writes_under_a_pseudonym_and_an_editor_publishes_and_sends(
    page: Any, bworld: World, tmp_path: Path
) -> None:
    publication = factories.publication_of(bworld.uk)
    for email in ("reader.one@example.org", "reader.two@example.org"):
        factories.active_subscriber(publication, email)
    picture = tmp_path / "peer-group.png"
    picture.write_bytes(factories.png_bytes())
    title = "What peer support taught me"
    alt = "Six people round a table, laughing"

    # A member of Alpha NHS Trust writes a piece under a pseudonym.
    sign_in(page, bworld.staff_a.email)
    visit(page, "/newsletter/uk/", NEWSLETTER)
    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name="Write for the newsletter"))
    expect(h1(page)).to_have_text("Write for the newsletter")
    assert_accessible(page)

    main.get_by_label("Standfirst").fill("A year in a Recovery College, from the other side.")
    main.get_by_label("Your article").fill(
        "I came as a student.\n\n## Coming back\n\nNow I run the course I once took."
    )
    main.get_by_label("Section").select_option(label="Out in the field")
    main.get_by_label("Under a pseudonym or initial").check()
    main.get_by_label("Pseudonym or initial", exact=True).fill("B")
    main.get_by_label("Role").fill("peer support worker")

    # No title: the error summary takes focus and its link leads to the field.
    submit_expecting(page, main.get_by_role("button", name="Save draft"), 400)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    link = summary.get_by_role("link", name="Enter a title.")
    expect(link).to_have_attribute("href", "#id_title")
    expect(summary).to_be_focused()
    title_field = main.get_by_label("Title", exact=True)
    expect(title_field).to_have_attribute("aria-describedby", re.compile(r"\bid_title-error\b"))
    expect(page.locator("#id_title-error")).to_contain_text("Enter a title.")
    # What was typed is kept.
    expect(main.get_by_label("Under a pseudonym or initial")).to_be_checked()
    expect(main.get_by_label("Pseudonym or initial", exact=True)).to_have_value("B")
    expect(main.get_by_label("Role")).to_have_value("peer support worker")
    assert_accessible(page)
    link.click()
    expect(title_field).to_be_focused()

    title_field.fill(title)
    click_and_load(page, main.get_by_role("button", name="Save draft"))
    expect(h1(page)).to_have_text(title)
    expect(banner(page)).to_contain_text("Your draft is saved.")
    expect(page.locator("#article-status")).to_contain_text("Draft")
    expect(page.locator("#bylines")).to_contain_text("B, peer support worker (a pseudonym")
    assert_accessible(page)

    # A picture, with a description for people who cannot see it.
    click_and_load(page, main.get_by_role("link", name="Add or remove pictures"))
    expect(h1(page)).to_have_text("Pictures")
    assert_accessible(page)
    page.set_input_files("#id_image", str(picture))
    main.get_by_label("Describe the picture").fill(alt)
    click_and_load(page, main.get_by_role("button", name="Add the picture"))
    expect(banner(page)).to_contain_text("Picture 1 is added.")
    expect(page.locator("#image-list")).to_contain_text("[[image 1]]")
    expect(page.locator("#image-list")).to_contain_text(alt)
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name="Back to the piece"))
    expect(h1(page)).to_have_text(title)
    click_and_load(page, main.get_by_role("button", name="Send to the editors", exact=True))
    expect(banner(page)).to_contain_text("Thank you. Your piece is with the editors.")
    expect(page.locator("#article-status")).to_have_text(re.compile("With the editors"))
    expect(main.get_by_role("link", name="Add or remove pictures")).to_have_count(0)
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name="Back to my articles"))
    expect(h1(page)).to_have_text("My articles")
    row = page.locator("#my-articles tbody tr").filter(has_text=title)
    expect(row).to_contain_text("With the editors")
    expect(row).to_contain_text("Not in an issue yet")
    assert_accessible(page)
    assert Article.objects.get().status == ArticleStatus.SUBMITTED

    # An editor reviews it and sees who is behind the pseudonym.
    sign_out(page)
    sign_in_with_mfa(page, bworld.editor_uk.email)
    visit(page, "/manage/newsletter/uk/", f"Manage {NEWSLETTER}")
    expect(page.get_by_role("heading", name="Waiting for review (1)")).to_be_visible()
    click_and_load(page, main.get_by_role("link", name=title))
    expect(h1(page)).to_have_text(title)
    expect(page.locator("#bylines")).to_contain_text(
        "B, peer support worker (a pseudonym for Staff.A, staff.a@example.org)"
    )
    expect(main.get_by_role("img", name=alt)).to_be_visible()
    assert_accessible(page)

    click_and_load(page, page.locator("#approve-form").get_by_role("button", name="Approve"))
    expect(banner(page)).to_contain_text("The piece is approved.")
    expect(page.locator("#article-status")).to_contain_text("Approved, not yet in an issue")
    assert_accessible(page)

    # No issue is being put together yet: start one.
    click_and_load(page, main.get_by_role("link", name="Start a new issue"))
    expect(h1(page)).to_have_text("Start a new issue")
    assert_accessible(page)
    main.get_by_label("Title").fill("Summer 2027")
    main.get_by_label("Summary").fill("Peer support, from the people who give it.")
    click_and_load(page, main.get_by_role("button", name="Start the issue"))
    expect(h1(page)).to_have_text("Summer 2027")
    expect(banner(page)).to_contain_text("Summer 2027 is started.")
    assert_accessible(page)

    main.get_by_label("Approved piece").select_option(label=title)
    click_and_load(page, main.get_by_role("button", name="Add to the issue"))
    expect(banner(page)).to_contain_text(f"{title} is added to Summer 2027.")
    expect(main.get_by_role("heading", name="Out in the field")).to_be_visible()
    expect(main.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)

    # Publishing takes a confirmation.
    click_and_load(page, main.get_by_role("link", name="Publish this issue"))
    expect(h1(page)).to_have_text("Publish Summer 2027?")
    expect(main).to_contain_text(title)
    assert_accessible(page)
    click_and_load(page, main.get_by_role("button", name="Yes, publish it"))
    expect(h1(page)).to_have_text("Summer 2027")
    expect(banner(page)).to_contain_text("Summer 2027 is published on the website.")
    expect(page.locator("#issue-status")).to_contain_text("Published")
    assert_accessible(page)
    assert Issue.objects.get().status == IssueStatus.PUBLISHED

    # So does sending.
    click_and_load(page, main.get_by_role("link", name="Send it to subscribers"))
    expect(h1(page)).to_have_text("Send Summer 2027 to 2 subscribers?")
    assert_accessible(page)
    click_and_load(page, main.get_by_role("button", name="Yes, send it"))
    expect(h1(page)).to_have_text("Sending Summer 2027")
    expect(banner(page)).to_contain_text("Sending has started to 2 subscribers.")
    expect(page.locator("#count-total")).to_have_text("2")
    expect(page.locator("#count-sent")).to_have_text("2")
    expect(page.locator("#count-failed")).to_have_text("0")
    expect(page.locator("#deliveries tbody tr")).to_have_count(2)
    assert_accessible(page)
    copies = OutboxMessage.objects.filter(
        renderer=sending.RENDERER, status=OutboxMessage.Status.SENT
    )
    assert sorted(address for m in copies for address in m.to) == [
        "reader.one@example.org",
        "reader.two@example.org",
    ]

    # Readers see the pseudonym and the role, never who wrote it.
    sign_out(page)
    visit(page, "/newsletter/uk/", NEWSLETTER)
    click_and_load(page, main.get_by_role("link", name="Summer 2027").first)
    expect(h1(page)).to_have_text("Summer 2027")
    expect(main).to_contain_text("By B, peer support worker")
    expect(page.locator("body")).not_to_contain_text("Staff.A")
    expect(page.locator("body")).not_to_contain_text("staff.a@example.org")
    assert_accessible(page)

    click_and_load(page, main.locator("section").get_by_role("link", name=title))
    expect(h1(page)).to_have_text(title)
    expect(page.locator("#byline")).to_contain_text("By B, peer support worker")
    expect(page.locator("#byline")).to_contain_text("in Summer 2027")
    expect(main.get_by_role("img", name=alt)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Staff.A")
    expect(page.locator("body")).not_to_contain_text("staff.a@example.org")
    assert_accessible(page)


# --- readers and subscribers ------------------------------------------------------------------------


def test_reader_and_subscriber_pages(page: Any, bworld: World) -> None:
    publication, _spring, _summer, _series = reader_world(bworld)
    main = page.locator("main")

    visit(page, "/newsletter/", "Newsletters")
    card = page.locator("#publications li").filter(has_text=NEWSLETTER)
    expect(card).to_contain_text("Latest issue: Summer 2027")

    click_and_load(page, card.get_by_role("link", name=NEWSLETTER, exact=True))
    expect(h1(page)).to_have_text(NEWSLETTER)
    expect(page.locator("#issues li")).to_have_count(2)
    expect(page.locator("#series-list")).to_contain_text("Peer support in practice (2 pieces)")
    # Not signed in: no invitation to write.
    expect(main.get_by_role("link", name="Write for the newsletter")).to_have_count(0)
    assert_accessible(page)

    click_and_load(page, page.locator("#issues").get_by_role("link", name="Spring 2027"))
    expect(h1(page)).to_have_text("Spring 2027")
    expect(main.get_by_role("navigation", name="In this issue")).to_contain_text("Our views")
    assert_accessible(page)

    click_and_load(
        page, main.locator("section").get_by_role("link", name="What co-production taught us")
    )
    expect(h1(page)).to_have_text("What co-production taught us")
    expect(
        page.locator("#article-body").get_by_role("heading", name="Starting small")
    ).to_be_visible()
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name=f"More from {NEWSLETTER}"))
    click_and_load(page, main.get_by_role("link", name="Peer support in practice"))
    expect(h1(page)).to_have_text("Peer support in practice")
    expect(page.locator("#series-articles > li")).to_have_count(2)
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name="A year of peer support"))
    expect(h1(page)).to_have_text("A year of peer support")
    pieces = page.locator("#series-pieces")
    expect(pieces.locator("[aria-current=page]")).to_have_text(
        "A year of peer support (this piece)"
    )
    expect(pieces.get_by_role("link", name="Starting a peer team")).to_be_visible()
    assert_accessible(page)

    # Subscribing: without the consent tick, the error summary says what to do.
    visit(page, "/newsletter/", "Newsletters")
    click_and_load(page, card.get_by_role("link", name=f"Subscribe to {NEWSLETTER}"))
    expect(h1(page)).to_have_text(f"Subscribe to {NEWSLETTER}")
    assert_accessible(page)
    main.get_by_label("E-mail address").fill("Reader@Example.org")
    submit_expecting(page, main.get_by_role("button", name="Subscribe", exact=True), 400)
    summary = page.locator(".nhsuk-error-summary")
    consent = summary.get_by_role(
        "link", name="Tick the box to say you agree to get the newsletter."
    )
    expect(consent).to_have_attribute("href", "#id_consent")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary).to_be_focused()
    expect(main.get_by_label("E-mail address")).to_have_value("Reader@Example.org")
    assert_accessible(page)
    assert not Subscription.objects.filter(email="reader@example.org").exists()

    consent.click()
    expect(page.locator("#id_consent")).to_be_focused()
    page.locator("#id_consent").check()
    submit_expecting(page, main.get_by_role("button", name="Subscribe", exact=True), 200)
    expect(h1(page)).to_have_text("Check your e-mail")
    assert_accessible(page)

    # The link in the confirmation e-mail shows a button; pressing it subscribes.
    message = OutboxMessage.objects.get(subject=f"Please confirm: {NEWSLETTER}")
    assert message.to == ["reader@example.org"]
    found = re.search(r"/newsletter/confirm/[^/\s]+/", message.body_text)
    assert found, message.body_text
    visit(page, found.group(0), "Confirm your subscription")
    expect(main).to_contain_text("r•••@example.org")
    expect(page.locator("#consent-text")).to_contain_text(publication.consent_text)
    click_and_load(page, main.get_by_role("button", name="Confirm subscription"))
    expect(h1(page)).to_have_text("You are subscribed")
    expect(main).to_contain_text(f"We will send {NEWSLETTER} to r•••@example.org.")
    assert_accessible(page)
    subscription = Subscription.objects.get(publication=publication, email="reader@example.org")
    assert subscription.status == SubscriptionStatus.ACTIVE

    # Choosing newsletters.
    click_and_load(page, main.get_by_role("link", name="Choose which newsletters you get"))
    expect(h1(page)).to_have_text("Choose your newsletters")
    expect(main.get_by_label(NEWSLETTER)).to_be_checked()
    expect(main.get_by_label("Irish Network newsletter")).not_to_be_checked()
    assert_accessible(page)
    main.get_by_label("Irish Network newsletter").check()
    click_and_load(page, main.get_by_role("button", name="Save my choices"))
    expect(banner(page)).to_contain_text("Your choices are saved.")
    # Starting a newsletter from this (forwardable) link still waits for the e-mailed confirmation.
    expect(main.get_by_label("Irish Network newsletter")).to_be_checked()
    expect(main).to_contain_text("Waiting for you to confirm")
    assert_accessible(page)

    # The unsubscribe link at the foot of every e-mail.
    visit(
        page,
        f"/newsletter/unsubscribe/{services.unsubscribe_token(subscription)}/",
        f"Unsubscribe from {NEWSLETTER}?",
    )
    expect(main).to_contain_text("r•••@example.org")
    click_and_load(page, main.get_by_role("button", name="Unsubscribe"))
    expect(h1(page)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED

    click_and_load(page, main.get_by_role("link", name="choose which newsletters you get"))
    expect(h1(page)).to_have_text("Choose your newsletters")
    expect(main.get_by_label(NEWSLETTER)).not_to_be_checked()
    expect(main.get_by_label("Irish Network newsletter")).to_be_checked()
    assert_accessible(page)


# --- editors' own pages ------------------------------------------------------------------------------


def test_editor_pages(page: Any, bworld: World) -> None:
    publication = factories.publication_of(bworld.uk)
    factories.active_subscriber(publication, "active.reader@example.org")
    services.subscribe(publication=publication, email="pending.reader@example.org", method="test")
    factories.approved(bworld.lead_a, bworld.editor_uk, publication, pseudonym="C")
    services.suppression_add(
        actor=bworld.editor_uk, email="bounced@example.org", reason="bounced", note="Mailbox gone"
    )
    sign_in_with_mfa(page, bworld.editor_uk.email)
    main = page.locator("main")

    visit(page, "/manage/newsletter/uk/", f"Manage {NEWSLETTER}")
    expect(page.get_by_role("heading", name="Approved, not yet in an issue (1)")).to_be_visible()
    expect(page.locator("#count-active")).to_have_text("1")

    click_and_load(page, page.locator("#editor-links").get_by_role("link", name="Subscribers"))
    expect(h1(page)).to_have_text(f"Subscribers to {NEWSLETTER}")
    expect(page.get_by_role("status")).to_have_text("2 subscriptions")
    assert_accessible(page)
    main.get_by_label("Status").select_option(label="Waiting for confirmation")
    click_and_load(page, main.get_by_role("button", name="Search"))
    expect(page.get_by_role("status")).to_have_text("1 subscription found")
    expect(page.locator("#subscriber-table")).to_contain_text("pending.reader@example.org")
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name="Back to managing the newsletter"))
    click_and_load(
        page, page.locator("#editor-links").get_by_role("link", name="Sections and series")
    )
    expect(h1(page)).to_have_text("Sections and series")
    expect(page.locator("#section-table tbody tr")).to_have_count(6)
    assert_accessible(page)
    submit_expecting(page, main.get_by_role("button", name="Add the section"), 400)
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_text(
        "Give the section a title."
    )
    assert_accessible(page)

    # The suppression list, and adding an address that is not one.
    visit(page, "/manage/newsletter-suppressions/", "Suppression list")
    expect(page.get_by_role("status")).to_have_text("1 address")
    expect(page.locator("#suppression-table")).to_contain_text("Mailbox gone")
    main.get_by_label("E-mail address", exact=True).fill("not-an-address")
    submit_expecting(page, main.get_by_role("button", name="Add to the list"), 400)
    summary = page.locator(".nhsuk-error-summary")
    expect(
        summary.get_by_role(
            "link", name="Enter an e-mail address in the right format, like name@example.org."
        )
    ).to_have_attribute("href", "#id_add_email")
    expect(main.get_by_label("E-mail address", exact=True)).to_have_value("not-an-address")
    assert_accessible(page)
    assert Suppression.objects.count() == 1

    main.get_by_label("E-mail address", exact=True).fill("asked.by.phone@example.org")
    click_and_load(page, main.get_by_role("button", name="Add to the list"))
    expect(banner(page)).to_contain_text("asked.by.phone@example.org is on the list.")
    expect(page.get_by_role("status")).to_have_text("2 addresses")
    assert_accessible(page)

    row = page.locator("#suppression-table tbody tr").filter(has_text="asked.by.phone@example.org")
    click_and_load(page, row.get_by_role("link", name=re.compile("^Take off the list")))
    expect(h1(page)).to_have_text("Take asked.by.phone@example.org off the suppression list?")
    assert_accessible(page)
    click_and_load(page, main.get_by_role("button", name="Yes, take it off the list"))
    expect(banner(page)).to_contain_text("asked.by.phone@example.org is taken off the list.")
    expect(page.get_by_role("status")).to_have_text("1 address")
    assert_accessible(page)
