"""Frameworks as versioned data (challenges, levels, rating scale), co-produced self-assessment rounds
with raters, ratings, consensus and the top three priorities.

A round keeps the framework version it started with: editing a framework that rounds use makes a new
version, so closed rounds never change meaning.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation


class Framework(BaseModel):
    """One version of a framework. `family` ties the versions of the same framework together."""

    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text="Empty for a framework every network can use.",
    )
    family = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the framework comes from."
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="framework_version_unique"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="one_current_framework_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Level(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(max_length=30)
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="level_key_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Challenge(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="challenges")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    indicators = models.TextField(
        blank=True, help_text="Optional: what good looks like, one per line."
    )

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="challenge_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ScalePoint(models.Model):
    """One step of the rating scale, e.g. 1 "Not started yet" … 4 "Part of how we work"."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scale")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=80)
    descriptor = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="scale_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open for ratings"
    CLOSED = "closed", "Closed"


# Reminder steps a facilitator can choose: days from the day to send ratings by (issue #15).
REMINDER_DAY_CHOICES = (-14, -7, -3, -1, 0, 1, 3, 7)
DEFAULT_REMINDER_DAYS = (-3, 0, 3)


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


class AssessmentRound(BaseModel):
    """An organisation (or one of its teams) rating itself against a framework at one time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    team_name = models.CharField(
        max_length=150, blank=True, help_text="Empty for the whole organisation."
    )
    team_resources = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a team round (TRIP): peer workers, staff trained in recovery, people with lived experience involved …",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_rounds"
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    rate_by = models.DateField(
        null=True,
        blank=True,
        help_text="The day raters are asked to send their ratings by; reminders go before it.",
    )
    reminder_days = models.JSONField(
        default=default_reminder_days,
        blank=True,
        help_text="When reminders go, in days from the day to send ratings by (-3: three days "
        "before, 0: on the day, 3: three days after). Empty for no reminders.",
    )

    class Meta:
        ordering = ["organisation", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Rater(BaseModel):
    """Someone invited to rate: a signed-in person of the organisation, or anyone with a single-use
    link (only a hash of its token is kept)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="raters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    perspective = models.CharField(max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    link_claimed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last reminder to send the ratings went."
    )

    class Meta:
        ordering = ["round", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], condition=Q(user__isnull=False), name="one_rater_per_user"
            ),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="rater_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RaterReminder(models.Model):
    """One reminder e-mail to one rater: at most one for each step of the round's schedule (for the
    day to send ratings by that was set then) and at most one a day, kept by the constraints even
    when two reminder jobs run at once."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="reminders")
    rate_by = models.DateField(help_text="The day to send ratings by when the reminder went.")
    step = models.SmallIntegerField(help_text="The step of the schedule, in days from rate_by.")
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rater", "sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["rater", "sent_on"], name="one_reminder_a_day"),
            models.UniqueConstraint(
                fields=["rater", "rate_by", "step"], name="one_reminder_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater} reminded on {self.sent_on}"


class Rating(BaseModel):
    """One rater's view of one challenge at one level. `value` empty means "don't know"."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="ratings")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rater", "challenge", "level"], name="one_rating_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater}: {self.challenge.number}/{self.level.key} = {self.value}"


class Consensus(BaseModel):
    """The rating the group agreed for one challenge at one level, with its reason."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="consensus")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    rationale = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "challenge", "level"], name="one_consensus_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.challenge.number}/{self.level.key} = {self.value}"


class Priority(BaseModel):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="priorities")
    rank = models.PositiveSmallIntegerField()
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="one_priority_per_rank"),
            models.UniqueConstraint(
                fields=["round", "challenge", "level"], name="priority_cell_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=3), name="priority_top_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.challenge} ({self.level})"
