"""Newsletter test data, made through the services as a real contributor and editor would."""

from __future__ import annotations

from typing import Any

from recoverynet.newsletter import services
from recoverynet.newsletter.models import Article, Issue, Publication, Section
from recoverynet.newsletter.services import ArticleInput, AuthorInput
from tests.conftest import png


def publication_of(network: Any) -> Publication:
    return Publication.objects.get(network=network)


def section(publication: Publication, title: str = "Our views") -> Section:
    return publication.sections.get(title=title)


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    return png(size, (0, 94, 184))


def draft(
    writer: Any,
    publication: Publication,
    *,
    title: str = "What co-production taught us",
    pseudonym: str = "",
    role: str = "",
    body: str = "We learned to *listen* first.\n\n## Starting small\n\nOne ward, one meeting.",
    section_title: str = "Our views",
) -> Article:
    author = (
        AuthorInput(display_name=pseudonym, role=role, is_pseudonym=True, person=writer)
        if pseudonym
        else AuthorInput(display_name=writer.full_name or writer.email, role=role, person=writer)
    )
    return services.article_create(
        actor=writer,
        publication=publication,
        data=ArticleInput(
            title=title,
            standfirst="A short note from the ward.",
            body=body,
            section=section(publication, section_title),
            authors=[author],
        ),
    )


def approved(writer: Any, editor: Any, publication: Publication, **kwargs: Any) -> Article:
    article = draft(writer, publication, **kwargs)
    services.article_submit(actor=writer, article=article)
    return services.article_approve(actor=editor, article=article)


def published_issue(
    writer: Any, editor: Any, publication: Publication, *, title: str = "Spring 2027", **kwargs: Any
) -> tuple[Issue, Article]:
    article = approved(writer, editor, publication, **kwargs)
    issue = services.issue_create(actor=editor, publication=publication, title=title)
    services.article_schedule(actor=editor, article=article, issue=issue)
    issue = services.issue_publish(actor=editor, issue=issue)
    article.refresh_from_db()
    return issue, article


def active_subscriber(publication: Publication, email: str) -> Any:
    """Subscribe and confirm, as a person following the e-mailed link would."""
    from recoverynet.newsletter.models import Subscription, SubscriptionStatus

    subscription = Subscription.objects.create(
        publication=publication, email=email.lower(), status=SubscriptionStatus.ACTIVE
    )
    return subscription
