"""Reads for the newsletter. Every function that can reach unpublished work takes the person asking
and checks access; the public ones only ever return published issues and articles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core import tokens
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.undo import undo_until, undoable_change
from recoverynet.network import access as network_access

from . import access
from .models import (
    Article,
    ArticleAuthor,
    ArticleStatus,
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    Publication,
    Send,
    Subscription,
    SubscriptionStatus,
    Suppression,
)


def publications() -> QuerySet[Publication]:
    return Publication.objects.select_related("network").order_by("network__name")


def publication_get(network_slug: str) -> Publication:
    publication = publications().filter(network__slug=network_slug).first()
    if publication is None:
        raise NotFound("This network has no newsletter.")
    return publication


def published_issues(publication: Publication) -> QuerySet[Issue]:
    return publication.issues.filter(status=IssueStatus.PUBLISHED).order_by("-published_at")


def issue_get(*, actor: Actor, publication: Publication, slug: str) -> Issue:
    """A published issue for anyone; a draft only for the editors (as a preview)."""
    issue = publication.issues.select_related("publication__network").filter(slug=slug).first()
    if issue is None:
        raise NotFound("We could not find that issue.")
    if issue.status != IssueStatus.PUBLISHED and not access.is_editor(
        actor, publication.network_id
    ):
        raise NotFound("We could not find that issue.")
    return issue


def _articles() -> QuerySet[Article]:
    """Articles with what every reader's page shows: section, series, issue, bylines, pictures."""
    return Article.objects.select_related(
        "publication__network", "section", "series", "issue"
    ).prefetch_related(
        Prefetch("authors", queryset=ArticleAuthor.objects.order_by("position", "id")),
        "images",
    )


def _public_articles() -> QuerySet[Article]:
    return _articles().filter(status=ArticleStatus.PUBLISHED)


def published_article(publication: Publication, slug: str) -> Article:
    article = _public_articles().filter(publication=publication, slug=slug).first()
    if article is None:
        raise NotFound("We could not find that article.")
    return article


def published_articles(publication: Publication) -> QuerySet[Article]:
    return _public_articles().filter(publication=publication).order_by("-published_at", "-id")


def series_articles(publication: Publication, slug: str) -> tuple[Any, QuerySet[Article]]:
    series = publication.series.filter(slug=slug).first()
    if series is None:
        raise NotFound("We could not find that series.")
    return series, published_articles(publication).filter(series=series).order_by(
        "published_at", "id"
    )


def article_for_work(*, actor: Actor, public_id: Any) -> Article:
    """An article as its writers and editors see it, at any stage."""
    article = (
        Article.objects.select_related("publication__network", "section", "series", "issue")
        .prefetch_related(
            Prefetch(
                "authors",
                queryset=ArticleAuthor.objects.select_related("person").order_by("position"),
            ),
            "images",
        )
        .filter(public_id=public_id)
        .first()
    )
    if article is None or not (
        access.is_writer(actor, article) or access.is_editor(actor, article.publication.network_id)
    ):
        raise NotFound("We could not find that article.")
    return article


def articles_for_writer(*, actor: Actor) -> QuerySet[Article]:
    """Where each of my pieces is, newest first."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to see your articles.")
    return (
        Article.objects.filter(Q(contributor=actor) | Q(authors__person=actor))
        .distinct()
        .select_related("publication__network", "issue", "section")
        .order_by("-updated_at")
    )


def articles_needing_changes(*, actor: Actor) -> list[Article]:
    """The person's pieces the editors sent back for changes, or still drafts ("Your things")."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Article.objects.filter(Q(contributor=actor) | Q(authors__person=actor))
        .filter(status__in=[ArticleStatus.CHANGES_REQUESTED, ArticleStatus.DRAFT])
        .distinct()
        .order_by("-updated_at")[:20]
    )


def editor_articles(
    *, actor: Actor, publication: Publication, status: str = ""
) -> QuerySet[Article]:
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this.")
    qs = (
        publication.articles.exclude(status=ArticleStatus.DRAFT)
        .select_related("issue", "section", "series", "contributor")
        .prefetch_related("authors")
        .order_by("-submitted_at", "-updated_at")
    )
    return qs.filter(status=status) if status else qs


def editor_issues(*, actor: Actor, publication: Publication) -> QuerySet[Issue]:
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this.")
    return (
        publication.issues.annotate(
            pieces=Count("articles", filter=Q(articles__status__in=["scheduled", "published"]))
        )
        .select_related("send")
        .order_by("-published_at", "-created_at")
    )


def issue_for_editor(*, actor: Actor, publication: Publication, slug: str) -> Issue:
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this.")
    issue = publication.issues.select_related("publication__network").filter(slug=slug).first()
    if issue is None:
        raise NotFound("We could not find that issue.")
    return issue


def send_for_editor(*, actor: Actor, publication: Publication, slug: str) -> Send:
    issue = issue_for_editor(actor=actor, publication=publication, slug=slug)
    send = Send.objects.select_related("issue__publication__network").filter(issue=issue).first()
    if send is None:
        raise NotFound("This issue has not been sent.")
    return send


def deliveries(*, actor: Actor, send: Send, status: str = "") -> QuerySet[Delivery]:
    """Per-recipient status for the send's progress page."""
    if not access.is_editor(actor, send.issue.publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this.")
    qs = send.deliveries.select_related("message").order_by("id")
    if status == "sent":
        qs = qs.filter(message__status="sent")
    elif status == "failed":
        qs = qs.filter(message__status="failed")
    elif status == "pending":
        qs = qs.filter(
            Q(status=DeliveryStatus.WAITING)
            | Q(status=DeliveryStatus.QUEUED, message__status="pending")
        )
    elif status == "not_sent":
        qs = qs.filter(Q(status=DeliveryStatus.SKIPPED) | Q(message__status="cancelled"))
    return qs


def subscriptions(
    *, actor: Actor, publication: Publication, status: str = ""
) -> QuerySet[Subscription]:
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see subscribers.")
    qs = publication.subscriptions.order_by("email")
    return qs.filter(status=status) if status else qs


def subscriber_counts(publication: Publication) -> dict[str, int]:
    rows = publication.subscriptions.values("status").annotate(n=Count("id")).order_by()
    counts = {s: 0 for s in SubscriptionStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def suppressions(*, actor: Actor) -> QuerySet[Suppression]:
    """The suppression list is one list for every network (an address that bounced, or whose owner
    asked for nothing, gets nothing from any of them). Administrators see all of it; an editor sees
    the entries for addresses on their own newsletters' lists, and those they added."""
    if not access.is_any_editor(actor):
        raise PermissionDenied("Only newsletter editors can see the suppression list.")
    entries = Suppression.objects.order_by("-created_at")
    if network_access.is_admin(actor):
        return entries
    own_lists = Subscription.objects.filter(
        publication__network_id__in=access.editor_network_ids(actor)
    ).values("email")
    return entries.filter(Q(email__in=own_lists) | Q(created_by=actor))


def subscriptions_for_email(email: str) -> dict[int, Subscription]:
    """For the preferences page reached through a signed link."""
    return {
        s.publication_id: s
        for s in Subscription.objects.filter(email=email.lower()).select_related("publication")
    }


# --- Reader pages -------------------------------------------------------------------------------


def publication_directory() -> list[tuple[Publication, Issue | None]]:
    """Every network's newsletter with its latest published issue, in two queries."""
    from django.db.models import OuterRef, Subquery

    latest = (
        Issue.objects.filter(publication=OuterRef("pk"), status=IssueStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values("pk")[:1]
    )
    rows = list(publications().annotate(latest_issue_id=Subquery(latest)))
    issues = Issue.objects.in_bulk([p.latest_issue_id for p in rows if p.latest_issue_id])
    return [(p, issues.get(p.latest_issue_id)) for p in rows]


def series_list(publication: Publication) -> QuerySet[Any]:
    """The publication's series that have published pieces, each with `published` (how many)."""
    return (
        publication.series.annotate(
            published=Count("articles", filter=Q(articles__status=ArticleStatus.PUBLISHED))
        )
        .filter(published__gt=0)
        .order_by("title")
    )


def article_get(*, actor: Actor, publication: Publication, slug: str) -> Article:
    """A published article for anyone; before publication (or after withdrawal) only for its
    writers and the editors, as a preview."""
    article = _articles().filter(publication=publication, slug=slug).first()
    if article is None or not access.can_view_article(actor, article):
        raise NotFound("We could not find that article.")
    return article


def image_get(*, actor: Actor, public_id: Any, number: int) -> Any:
    """One article image, if this person may see its article (anyone, once it is published)."""
    from .models import ArticleImage

    image = (
        ArticleImage.objects.select_related("article__publication")
        .prefetch_related("article__authors")
        .filter(article__public_id=public_id, number=number)
        .first()
    )
    if image is None or not access.can_view_article(actor, image.article):
        raise NotFound("We could not find that image.")
    return image


def send_recipient_count(*, actor: Actor, publication: Publication) -> int:
    """How many people the issue would go to if sent now: active subscriptions whose address is
    not suppressed (the rule `sending.send_start` applies when it fixes the recipients)."""
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this.")
    return (
        publication.subscriptions.filter(status=SubscriptionStatus.ACTIVE)
        .exclude(email__in=Suppression.objects.values("email"))
        .count()
    )


# --- Subscription links (the token is the access: whoever holds the link) -----------------------------

CONFIRM_VALID_FOR = timedelta(days=7)
UNSUBSCRIBE_SALT = "recoverynet.newsletter.unsubscribe"
PREFERENCES_SALT = "recoverynet.newsletter.preferences"


def is_suppressed(email: str) -> bool:
    """Whether the address is on the suppression list (never sent to, whatever it asks)."""
    return Suppression.objects.filter(email=email.lower()).exists()


def pending_subscription(token: str) -> Subscription:
    """The subscription a confirmation link is for (to show the confirm button)."""
    subscription = (
        Subscription.objects.select_related("publication__network")
        .filter(confirm_token_hash=tokens.digest(token or ""))
        .first()
    )
    if subscription is None or not token:
        raise NotFound("This confirmation link is not valid. It may have been used already.")
    if subscription.confirm_sent_at and tokens.expired(
        subscription.confirm_sent_at + CONFIRM_VALID_FOR
    ):
        raise ApplicationError(
            "expired",
            "This confirmation link has expired. Please subscribe again for a new one.",
            status=410,
        )
    return subscription


def subscription_from_token(token: str) -> Subscription:
    """The subscription an unsubscribe link (signed, never expiring) is for."""
    try:
        pk = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise NotFound("This unsubscribe link is not valid. Please copy the whole link.") from None
    subscription = Subscription.objects.select_related("publication__network").filter(pk=pk).first()
    if subscription is None:
        raise NotFound("We have no subscription for this link any more.")
    return subscription


def email_from_preferences_token(token: str) -> str:
    """The address a preferences link (a signed subscription id) is for."""
    try:
        pk = int(signing.Signer(salt=PREFERENCES_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise NotFound("This link is not valid. Please copy the whole link.") from None
    email = Subscription.objects.filter(pk=pk).values_list("email", flat=True).first()
    if email is None:
        raise NotFound("We have no subscription for this link any more.")
    return email


def already_confirmed(token: str) -> Subscription | None:
    """The subscription a used confirmation link confirmed, while it is still active (None
    otherwise): a reused link says "already confirmed" instead of "not found"."""
    if not token:
        return None
    return (
        Subscription.objects.select_related("publication__network")
        .filter(used_confirm_token_hash=tokens.digest(token), status=SubscriptionStatus.ACTIVE)
        .first()
    )


def article_withdraw_undo_until(*, actor: Actor, article: Article) -> Any:
    """Until when `actor` may undo the withdrawal of `article` (None: they may not): its writer or
    an editor (only an editor for a published piece), within core.undo's window."""
    editor = access.is_editor(actor, article.publication.network_id)
    if article.status != ArticleStatus.WITHDRAWN or not (
        editor or article.contributor_id == actor.pk
    ):
        return None
    entry = undoable_change(article, "newsletter.article.withdrawn")
    if entry is None or ((entry.changes.get("status") or [""])[0] == "published" and not editor):
        return None
    return undo_until(entry)
