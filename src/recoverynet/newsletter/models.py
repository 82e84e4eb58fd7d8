"""The network newsletter: a publication per network, issues with ordered sections, contributed
articles with an editorial workflow, subscriptions with double opt-in, and sending records.

Who wrote a pseudonymous piece is stored on `ArticleAuthor.person`; only editors (and the people
who wrote it) are ever shown that link. Every public rendering uses `ArticleAuthor.display_name`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from recoverynet.core.models import BaseModel, OutboxMessage
from recoverynet.network.models import Network


class Publication(BaseModel):
    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="publication")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=1000)
    consent_text = models.TextField(
        max_length=1000,
        help_text="What people agree to when they subscribe; stored with every consent record.",
    )
    send_rate_per_minute = models.PositiveIntegerField(
        default=600, help_text="At most this many e-mails are handed to the mail server a minute."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SectionKind(models.TextChoices):
    ARTICLES = "articles", "Articles"
    EVENTS = "events", "Upcoming events (filled from the events list)"


class Section(BaseModel):
    """One of the publication's regular sections, in the order issues show them."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=10, choices=SectionKind.choices, default=SectionKind.ARTICLES
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["publication", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "title"], name="section_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Series(BaseModel):
    """A run of related articles, e.g. blog posts on one critical debate."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"
        constraints = [
            models.UniqueConstraint(fields=["publication", "slug"], name="series_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "Being put together"
    PUBLISHED = "published", "Published"


class Issue(BaseModel):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=100, help_text='For example "Spring 2027".')
    slug = models.SlugField(max_length=80)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences for the archive and e-mail."
    )
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    events_snapshot = models.JSONField(
        default=list,
        blank=True,
        help_text="The upcoming events as they stood when the issue was published.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "slug"], name="issue_slug_unique"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_issue_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "With the editors"
    CHANGES_REQUESTED = "changes", "Changes requested"
    APPROVED = "approved", "Approved, not yet in an issue"
    SCHEDULED = "scheduled", "In an issue being put together"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Where the contributor may still change the text. Once approved, only editors edit.
AUTHOR_EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.CHANGES_REQUESTED)


class Article(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    standfirst = models.CharField(
        max_length=400, blank=True, help_text="One or two sentences under the title."
    )
    body = models.TextField(max_length=60_000, help_text="Markdown.")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its section.")
    status = models.CharField(
        max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="newsletter_articles"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "slug"], name="article_slug_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(issue__isnull=False),
                name="scheduled_article_has_issue",
            ),
        ]
        indexes = [models.Index(fields=["publication", "status"], name="article_status_idx")]

    def __str__(self) -> str:
        return self.title


class ArticleAuthor(models.Model):
    """A byline. `display_name` is what everyone sees: a real name, or a pseudonym or initial
    ("B") with a role ("peer support worker"). `person` says who it really is, for editors only."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    display_name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    is_pseudonym = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "position", "id"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.role}" if self.role else self.display_name

    @property
    def byline(self) -> str:
        return str(self)


class ArticleImage(BaseModel):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    number = models.PositiveSmallIntegerField(help_text="Placed in the text as [[image N]].")
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    alt_text = models.CharField(
        max_length=300, help_text="What the image shows, for people who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_image_number"),
            models.CheckConstraint(condition=~Q(alt_text=""), name="article_image_has_alt_text"),
        ]

    def __str__(self) -> str:
        return f"Image {self.number} of {self.article}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes", "Asked for changes"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Placed in an issue"
    UNSCHEDULED = "unscheduled", "Taken out of an issue"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ArticleComment(models.Model):
    """The conversation about a piece, and its workflow steps, shown to its writers and editors."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(blank=True, max_length=5000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.article}"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    ACTIVE = "active", "Subscribed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Subscription(BaseModel):
    """One address's subscription to one network's newsletter (so preferences are per network)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(help_text="Stored in lower case.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    status = models.CharField(
        max_length=12, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    confirm_token_hash = models.CharField(max_length=64, blank=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "email"], name="one_subscription_per_address"
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="subscription_lower"),
        ]
        indexes = [models.Index(fields=["publication", "status"], name="subscription_status_idx")]

    def __str__(self) -> str:
        return f"{self.email} → {self.publication}"


class ConsentEvent(models.TextChoices):
    REQUESTED = "requested", "Asked to subscribe"
    CONFIRMED = "confirmed", "Confirmed by e-mail"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class ConsentRecord(models.Model):
    """Append-only evidence of consent: what was agreed, when, how and from where."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="consent_records"
    )
    event = models.CharField(max_length=12, choices=ConsentEvent.choices)
    at = models.DateTimeField(auto_now_add=True)
    consent_text = models.TextField(blank=True)
    method = models.CharField(
        max_length=30, help_text='How, e.g. "web form", "API", "one-click header".'
    )
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["subscription", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.at:%Y-%m-%d})"


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED_ALL = "unsubscribed_all", "Asked for no newsletters at all"
    BOUNCED = "bounced", "Address does not exist"
    COMPLAINT = "complaint", "Reported as spam"
    MANUAL = "manual", "Added by the network team"


class Suppression(models.Model):
    """Addresses we never send newsletters to (not even a confirmation), whatever their
    subscriptions say. Only the network team can lift an entry, at the person's request."""

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=20, choices=SuppressionReason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="suppression_lower")
        ]

    def __str__(self) -> str:
        return self.email


class SendStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Everyone queued for sending"


class Send(BaseModel):
    """The e-mail edition of one issue going out. Recipients are fixed when it starts."""

    issue = models.OneToOneField(Issue, on_delete=models.PROTECT, related_name="send")
    status = models.CharField(max_length=10, choices=SendStatus.choices, default=SendStatus.SENDING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sending {self.issue}"


class DeliveryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting its turn"
    QUEUED = "queued", "Handed to the outbox"
    SKIPPED = "skipped", "Not sent (unsubscribed or suppressed)"


class Delivery(models.Model):
    """One recipient of one send. The unique pair, and moving to QUEUED in the same transaction
    that writes the outbox message, are what make an interrupted send resume without repeats."""

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField()
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.WAITING
    )
    message = models.OneToOneField(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery"
    )
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["send", "id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["send", "subscription"], name="one_copy_per_send")
        ]
        indexes = [
            models.Index(fields=["send", "status", "id"], name="delivery_next_idx"),
            models.Index(fields=["send", "queued_at"], name="delivery_rate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"
