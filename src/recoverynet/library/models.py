"""The members' resource library: resources with versions (one or more files, or a link),
moderation, audiences."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network


class ResourceKind(models.TextChoices):
    BRIEFING_PAPER = "briefing_paper", "Briefing paper"
    TOOL = "tool", "Tool or template"
    SLIDES = "slides", "Slides"
    REPORT = "report", "Report"
    RECORDING = "recording", "Recording (link)"
    OTHER = "other", "Other"


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Members of the network"
    LEARNING_SET = "learning_set", "Members of one learning set"
    TEAM = "team", "The network team"


class ModerationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    CHANGES_REQUESTED = "changes", "Changes requested"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not accepted"


def search_vector() -> Any:
    """What library search matches on PostgreSQL: the stored search words (`search_document`, stems
    made in Python by `search_text`), split by the "simple" configuration. The configuration is
    named, so PostgreSQL can index the expression: migration 0005 builds a GIN index on exactly
    this, and a search that uses another expression would read every resource
    (tests/library/test_search_at_scale.py checks the plan)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("search_document", config=SEARCH_CONFIG)


SEARCH_CONFIG = "simple"
SEARCH_INDEX = "resource_search_idx"  # made by migration 0005 (PostgreSQL only)


class Resource(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="resources")
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    authors = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    tags = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    challenge_numbers = models.CharField(
        max_length=60, blank=True, help_text="Related Ten Organisational Challenges, e.g. 2,7."
    )
    audience = models.CharField(max_length=15, choices=Audience.choices, default=Audience.MEMBERS)
    learning_set = models.ForeignKey(
        "events.LearningSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    status = models.CharField(
        max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    moderation_note = models.TextField(blank=True, max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resources"
    )
    download_count = models.PositiveIntegerField(default=0)
    search_document = models.TextField(
        blank=True,
        editable=False,
        help_text="Normalised words of the title, summary, tags, authors and the latest version's "
        "files, for search (library/search_text.py).",
    )

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [
            # The library's order (newest first): a page of 20 is read from the index's start.
            models.Index(
                F("published_on").desc(), F("created_at").desc(), name="resource_newest_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="learning_set") | Q(learning_set__isnull=False),
                name="resource_learning_set_audience_needs_set",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(moderation_note=""),
                name="resource_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ResourceVersion(BaseModel):
    """One version of the resource's content: a link, or one or more stored files (`files`). New
    versions keep history. A version with a link has no files; the services enforce that, since the
    database cannot check across tables."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    link = models.URLField(blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


FILE_TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint presentation"
    ),
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "text/plain": "Plain text",
    "text/csv": "CSV spreadsheet",
}


class ResourceFile(BaseModel):
    """One stored file of a version, kept outside the web root under a random name."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(help_text="Order within the version, from 0.")
    file_name = models.CharField(max_length=200, help_text="The name people download it as.")
    stored_name = models.CharField(max_length=80, unique=True, help_text="Random name on disk.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="resource_file_position_unique"
            ),
            models.CheckConstraint(
                condition=~Q(stored_name="") & ~Q(file_name="") & Q(size__gt=0),
                name="resource_file_is_stored",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def type_label(self) -> str:
        return FILE_TYPE_LABELS.get(self.content_type, self.content_type)
