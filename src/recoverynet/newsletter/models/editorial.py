"""The editorial side: a publication per network, its sections and series, issues, and contributed
articles with their authors, images and comments.

Who wrote a pseudonymous piece is stored on `ArticleAuthor.person`; only editors (and the people
who wrote it) are ever shown that link. Every public rendering uses `ArticleAuthor.display_name`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
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
    events_more = models.PositiveIntegerField(
        default=0,
        help_text="Upcoming events when the issue was published that did not fit in the list.",
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
