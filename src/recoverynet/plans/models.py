"""Action plans: an organisation's co-produced plan, its actions (owner, due date, status), dated
progress notes and reviews at the next learning day.

A plan does not know the app it came from, nor the occasion it was made at. Its *source* (a self-assessment round today; engagements,
fidelity and peer reviews later) is a kind, an id, a label and a link, filled in by that app through
`plans.services`. An action's *topic* (for a round: a challenge at one level) is likewise an opaque
reference and a label from the source app (`plans.topics`). The occasion a plan was made at or a
review held at (a learning-set day today) is a kind and a public id (`plans.occasions`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Organisation

from .occasions import Occasion, OccasionRef


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)

# A plan or review names an occasion fully (kind and id) or not at all.
OCCASION_BOTH_OR_NEITHER = Q(occasion_kind="", occasion_id__isnull=True) | (
    ~Q(occasion_kind="") & Q(occasion_id__isnull=False)
)


def _ref(kind: str, occasion_id: uuid.UUID | None) -> OccasionRef | None:
    return OccasionRef(kind=kind, id=occasion_id) if kind and occasion_id else None


class ActionPlan(BaseModel):
    """An organisation's co-produced plan: from a round's priorities, a learning-set day, or an
    engagement. Reviewed at the next learning day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(max_length=200)
    source_kind = models.CharField(
        max_length=40,
        blank=True,
        help_text='What the plan came from, e.g. "assessment_round". Empty: started by the group.',
    )
    source_id = models.CharField(max_length=64, blank=True)
    source_label = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    occasion_kind = models.CharField(
        max_length=40,
        blank=True,
        help_text='The kind of occasion the plan was made at, e.g. "learning_day" (plans.occasions).',
    )
    occasion_id = models.UUIDField(
        null=True, blank=True, help_text="The occasion's public id in the app that owns the kind."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "-created_at"]
        indexes = [
            models.Index(fields=["source_kind", "source_id"], name="plan_source_idx"),
            models.Index(fields=["occasion_kind", "occasion_id"], name="plan_occasion_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=OCCASION_BOTH_OR_NEITHER, name="plan_occasion_kind_and_id"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # What the occasion's app says about it (label, date, link): filled in by the selectors.
    occasion: Occasion | None = None

    @property
    def occasion_ref(self) -> OccasionRef | None:
        return _ref(self.occasion_kind, self.occasion_id)


class Action(BaseModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=500)
    topic = models.CharField(
        max_length=100,
        blank=True,
        help_text="What the action works on, as the plan's source app names it "
        '(e.g. "challenge:12/level:practice").',
    )
    topic_label = models.CharField(max_length=400, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    owner_role = models.CharField(
        max_length=150, blank=True, help_text='Or a role, e.g. "Peer support lead".'
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    dropped_reason = models.CharField(max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="dropped_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.what


class ActionNote(BaseModel):
    """A dated progress note on an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    status_change = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["action", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanReview(BaseModel):
    """A review of the plan, usually at the next learning-set day: progress and reset goals."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reviews")
    occasion_kind = models.CharField(
        max_length=40, blank=True, help_text="The kind of occasion the review was held at."
    )
    occasion_id = models.UUIDField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.TextField(max_length=4000)
    reset_goals = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["plan", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=OCCASION_BOTH_OR_NEITHER, name="review_occasion_kind_and_id"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.created_at:%Y-%m-%d}"

    # What the occasion's app says about it (label, date, link): filled in by the selectors.
    occasion: Occasion | None = None

    @property
    def occasion_ref(self) -> OccasionRef | None:
        return _ref(self.occasion_kind, self.occasion_id)
