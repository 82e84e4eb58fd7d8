"""Demo newsletter for the UK network: a published spring issue with a piece in each section (all
text written for the demo), a series, one piece written under a pseudonym, one waiting for the
editors, a draft with a picture, a winter issue being put together, subscribers in every state, and
an autumn issue already e-mailed to them (its send's progress page shows it done). Idempotent."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

from recoverynet.accounts.models import User
from recoverynet.network.models import Network

from . import sending, services
from .models import (
    Article,
    Issue,
    Publication,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from .services import ArticleInput, AuthorInput
from .setup import publication_ensure

DOMAIN = "demo.recoverynet.example"

# (writer, section, title, standfirst, body, pseudonym, role, in series)
SPRING = [
    (
        "coordinator.uk",
        "Welcome",
        "Welcome to the spring issue",
        "A season of learning days, new members and one lively debate.",
        "Thank you to everyone who came to the learning days this winter. More than forty "
        "organisations now share their self-assessments with the network, and for the first time "
        "most teams rated themselves *with* people who use their services in the room.\n\n"
        "In this issue you will find reflections on the critical debate, news from the Recovery "
        "College Learning Network, and a piece from a peer support worker on what changes when "
        "people are listened to.",
        "",
        "Network coordinator",
        False,
    ),
    (
        "peer.nottingham",
        "Our views",
        "What changed when we stopped taking notes about people",
        "A peer support worker on writing records with people, not about them.",
        "For years our notes were written after the meeting, in a language nobody we wrote about "
        "would recognise. Last spring our ward tried something small: we wrote the notes "
        "together, at the end of each conversation.\n\n"
        "## What happened\n\n"
        "- People corrected us. Often.\n"
        "- Meetings took five minutes longer.\n"
        "- Complaints about records went down to almost none.\n\n"
        "It is not a big change on paper. It felt like a big change on the ward.",
        "B",
        "peer support worker",
        False,
    ),
    (
        "staff.nottingham",
        "Out in the field",
        "A learning day in Nottingham: three things we will keep",
        "Notes from the host organisation of the February learning day.",
        "Hosting a learning day is a good way to see your own service through other people's "
        "eyes. Our visitors asked why our recovery college prospectus was only on paper, why our "
        "family meetings happened in working hours, and why we call people 'service users' in "
        "one building and 'students' in the next.\n\n"
        "We are keeping three things: the walk-through with visitors, a lived-experience chair "
        "for every session, and a written answer to every question we could not answer on the day.",
        "",
        "Recovery team, Nottinghamshire Healthcare",
        False,
    ),
    (
        "lead.ntw",
        "News",
        "Families and carers learning set: dates for the next year",
        "Three days across the year, hosted in turn by member organisations.",
        "The learning set for families, friends and carers meets three times in the coming "
        "year. Each day is co-produced by a host organisation and people with family experience. "
        "Places are for the set's cohort; see the events list for dates and booking.",
        "",
        "Recovery lead",
        False,
    ),
    (
        "lead.nottingham",
        "International",
        "What we heard from colleagues in Ireland",
        "Two days with the Advancing Recovery in Ireland network.",
        "Our colleagues in Ireland have built recovery education into the day-to-day work of "
        "their services. Their teams told us that the hardest part was not the courses but the "
        "conversations afterwards: who decides, who is in the room, and who is paid.\n\n"
        "We will share their planning template in the library.",
        "",
        "Recovery lead",
        False,
    ),
    (
        "consultant.uk",
        "Our views",
        "After the debate: is 'recovery' being asked to do too much?",
        "The first of a short series of reflections on the winter critical debate.",
        "The motion was that recovery has become a word services use to close doors. The room "
        "voted narrowly against it, but the arguments for it deserve a hearing.\n\n"
        "> When a service says 'recovery', ask what it has stopped doing.\n\n"
        "In the next pieces in this series, two people who spoke for the motion explain why.",
        "",
        "Network consultant",
        True,
    ),
]

IN_REVIEW = (
    "volunteer.restore",
    "Out in the field",
    "Volunteering in a recovery college: a first term",
    "A volunteer's notes from the first term at a new recovery college.",
    "I came to the college as a student and stayed as a volunteer. This is what the first term "
    "looked like from the welcome desk.",
)

SUBSCRIBERS = [
    ("reader.one@example.org", SubscriptionStatus.ACTIVE),
    ("reader.two@example.org", SubscriptionStatus.ACTIVE),
    ("reader.three@example.org", SubscriptionStatus.ACTIVE),
    ("carer.group@example.org", SubscriptionStatus.ACTIVE),
    ("waiting.to.confirm@example.org", SubscriptionStatus.PENDING),
    ("left.last.year@example.org", SubscriptionStatus.UNSUBSCRIBED),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _author(local: str, pseudonym: str, role: str) -> AuthorInput:
    person = _user(local)
    if pseudonym:
        return AuthorInput(display_name=pseudonym, role=role, is_pseudonym=True, person=person)
    return AuthorInput(display_name=person.full_name, role=role, person=person)


def _subscribers(publication: Publication) -> int:
    made = 0
    for email, status in SUBSCRIBERS:
        subscription, created = Subscription.objects.get_or_create(
            publication=publication, email=email, defaults={"status": status}
        )
        if created and status == SubscriptionStatus.ACTIVE:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        made += created
    Suppression.objects.get_or_create(email="bounced@example.org", defaults={"reason": "bounced"})
    return made


DRAFT = (
    "peer.nottingham",
    "Our views",
    "A garden at the day centre",
    "A peer support worker's draft for the next issue, with a picture of the raised beds.",
    "Last summer we built three raised beds behind the day centre. People who had not spoken in "
    "groups came every Tuesday to water them.",
)


def _picture() -> io.BytesIO:
    """A small made-up picture (three green beds on brown earth), drawn here: no file is shipped."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (480, 320), (121, 85, 61))
    draw = ImageDraw.Draw(picture)
    for left in (30, 180, 330):
        draw.rectangle((left, 60, left + 120, 260), fill=(46, 125, 50))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    out.seek(0)
    out.name = "raised-beds.png"
    return out


def _draft_with_picture(publication: Publication) -> int:
    """A writer's draft with a picture, so the pictures page has one to remove."""
    local, section_title, title, standfirst, body = DRAFT
    if Article.objects.filter(publication=publication, title=title).exists():
        return 0
    writer = _user(local)
    draft = services.article_create(
        actor=writer,
        publication=publication,
        data=ArticleInput(
            title=title,
            standfirst=standfirst,
            body=body,
            section=publication.sections.get(title=section_title),
            authors=[_author(local, "", "peer support worker")],
        ),
    )
    services.image_add(
        actor=writer,
        article=draft,
        upload=_picture(),
        alt_text="Three raised vegetable beds on bare earth behind the day centre.",
        caption="The raised beds in June.",
    )
    return 1


AUTUMN = (
    "News",
    "Autumn 2025: the year's learning days",
    "Where and when the network meets this year.",
    "Four learning days this year, each hosted by a member organisation and co-produced with "
    "people who use its services. Dates and booking are in the events list.",
)


def _autumn_sent(publication: Publication, editor: User) -> None:
    """An earlier issue, published and e-mailed to the subscribers (the send is complete)."""
    section_title, title, standfirst, body = AUTUMN
    issue = services.issue_create(
        actor=editor, publication=publication, title="Autumn 2025", summary="The year ahead."
    )
    article = services.article_create(
        actor=editor,
        publication=publication,
        data=ArticleInput(
            title=title,
            standfirst=standfirst,
            body=body,
            section=publication.sections.get(title=section_title),
            authors=[_author("editor.uk", "", "Newsletter editor")],
        ),
    )
    services.article_submit(actor=editor, article=article)
    services.article_approve(actor=editor, article=article)
    services.article_schedule(actor=editor, article=article, issue=issue)
    services.issue_publish(actor=editor, issue=issue)
    autumn = datetime.datetime(2025, 10, 1, 9, tzinfo=datetime.UTC)
    Issue.objects.filter(pk=issue.pk).update(published_at=autumn)
    Article.objects.filter(pk=article.pk).update(published_at=autumn)
    _subscribers(publication)
    send = sending.send_start(actor=editor, issue=issue)
    while sending.queue_batch(send.pk):
        pass


def load_demo() -> dict[str, int]:
    # The demo loader makes its networks directly (no `network.created`), so give each its newsletter.
    for each in Network.objects.order_by("pk"):
        publication_ensure(each)
    network = Network.objects.get(slug="uk")
    publication = publication_ensure(network)
    if publication.issues.filter(slug="spring-2026").exists():
        made = _draft_with_picture(publication)
        return {"articles": made, "subscribers": _subscribers(publication)}
    editor = _user("editor.uk")
    _autumn_sent(publication, editor)
    series = services.series_create(
        actor=editor,
        publication=publication,
        title="After the debate",
        description="Reflections on the winter critical debate, from both sides of the motion.",
    )
    issue = services.issue_create(
        actor=editor,
        publication=publication,
        title="Spring 2026",
        summary="Learning days, a debate, and what changes when people write their own notes.",
    )
    made = 0
    for local, section_title, title, standfirst, body, pseudonym, role, in_series in SPRING:
        writer = _user(local)
        article = services.article_create(
            actor=writer,
            publication=publication,
            data=ArticleInput(
                title=title,
                standfirst=standfirst,
                body=body,
                section=publication.sections.get(title=section_title),
                series=series if in_series else None,
                authors=[_author(local, pseudonym, role)],
            ),
        )
        services.article_submit(actor=writer, article=article)
        services.article_approve(actor=editor, article=article)
        services.article_schedule(actor=editor, article=article, issue=issue)
        made += 1
    services.issue_publish(actor=editor, issue=issue)

    local, section_title, title, standfirst, body = IN_REVIEW
    writer = _user(local)
    waiting = services.article_create(
        actor=writer,
        publication=publication,
        data=ArticleInput(
            title=title,
            standfirst=standfirst,
            body=body,
            section=publication.sections.get(title=section_title),
            authors=[_author(local, "", "volunteer")],
        ),
    )
    services.article_submit(actor=writer, article=waiting, note="My first piece - be kind!")
    services.issue_create(
        actor=editor,
        publication=publication,
        title="Winter 2026",
        summary="Being put together.",
    )
    made += 1 + _draft_with_picture(publication)
    assert Article.objects.filter(publication=publication).count() >= made
    return {"articles": made, "subscribers": _subscribers(publication)}
