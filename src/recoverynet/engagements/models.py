"""Consultancy engagements: what was agreed with whom, the days allocated (and approved top-ups,
never edits to the original), the sessions delivered, outputs, and the consultants' capacity.

Days are Decimals in halves (0.5, 1, 1.5 …); the services enforce it, the database checks it too."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation

HALF = Decimal("0.5")


class EngagementKind(models.TextChoices):
    DAY_PACKAGE = "day_package", "Day package"
    PROGRAMME = "programme", "Programme"
    COACHING = "coaching", "Coaching"
    BUDDYING = "buddying", "Buddying"
    VISIT = "visit", "Visit"
    WORKSHOP = "workshop", "Workshop or session"


class EngagementStatus(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"
    NOT_GOING_AHEAD = "not_going_ahead", "Not going ahead"


# Where an engagement may go next from each status.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    EngagementStatus.ENQUIRY: (EngagementStatus.PROPOSED, EngagementStatus.NOT_GOING_AHEAD),
    EngagementStatus.PROPOSED: (EngagementStatus.AGREED, EngagementStatus.NOT_GOING_AHEAD),
    EngagementStatus.AGREED: (EngagementStatus.IN_PROGRESS, EngagementStatus.CLOSED),
    EngagementStatus.IN_PROGRESS: (EngagementStatus.CLOSED,),
    EngagementStatus.CLOSED: (),
    EngagementStatus.NOT_GOING_AHEAD: (),
}
AGREED_STATUSES = frozenset(
    {EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS, EngagementStatus.CLOSED}
)


class InvoicingMode(models.TextChoices):
    ON_AGREEMENT = "on_agreement", "The whole fee when agreed"
    PER_MILESTONE = "per_milestone", "Per milestone"
    PER_DAY = "per_day", "Per day used"
    NONE = "none", "Not invoiced"


class Engagement(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="engagements")
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.ENQUIRY
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    client_contact_name = models.CharField(max_length=200, blank=True)
    client_contact_email = models.EmailField(blank=True)
    lead_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_engagements"
    )
    # Which of the ten challenges it addresses (their numbers, 1-10).
    challenges = models.JSONField(default=list, blank=True)
    invoicing = models.CharField(
        max_length=20, choices=InvoicingMode.choices, default=InvoicingMode.NONE
    )
    fee_net = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    day_rate_net = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    purchase_order = models.CharField(max_length=100, blank=True)
    agreement_invoiced_at = models.DateTimeField(null=True, blank=True)
    # Feedback itself belongs to the feedback app; a client's quote may be kept here for use
    # (only with consent: the constraint refuses a quote marked for use without it).
    client_quote = models.CharField(max_length=500, blank=True)
    quote_consent = models.BooleanField(default=False)
    round_before = models.UUIDField(null=True, blank=True)
    round_after = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invoices = GenericRelation(
        "billing.Invoice", content_type_field="billed_type", object_id_field="billed_id"
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="engagement_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(fee_net__gte=0) & Q(day_rate_net__gte=0),
                name="engagement_fees_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_buddying(self) -> bool:
        return self.kind == EngagementKind.BUDDYING


class EngagementClient(BaseModel):
    """A client organisation (several for a programme; the two partners of a buddying pair)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="clients")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="engagements"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "organisation"], name="one_client_row_per_engagement"
            )
        ]


class TeamMember(BaseModel):
    """A consultant on the engagement, with the expertise they bring."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="team")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagement_roles"
    )
    expertise = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["consultant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "consultant"], name="one_team_row_per_consultant"
            )
        ]


class Allocation(BaseModel):
    """The agreed days. Fixed once the engagement is agreed: variations are `TopUp`s. Sessions are
    logged under a row lock on this record."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="allocation"
    )
    days = models.DecimalField(max_digits=6, decimal_places=1)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(days__gt=0), name="allocation_days_positive")
        ]


class TopUp(BaseModel):
    """A variation: more days, with a reason. Counts once a network lead has approved it."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="top_ups")
    days = models.DecimalField(max_digits=6, decimal_places=1)
    reason = models.CharField(max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Or turned down by the network lead, with the reason the requester is told.
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gt=0), name="top_up_days_positive"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(rejected_at__isnull=True),
                name="top_up_not_approved_and_rejected",
            ),
        ]

    @property
    def decided(self) -> bool:
        return self.approved_at is not None or self.rejected_at is not None


class Phase(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_in_order"
            )
        ]


class Milestone(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    fee_net = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    reached_on = models.DateField(null=True, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(fee_net__gte=0), name="milestone_fee_not_negative")
        ]


class SessionState(models.TextChoices):
    PLANNED = "planned", "Planned"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


class Session(BaseModel):
    """A session or day: planned (counts towards capacity) or delivered (draws down the days)."""

    # The id other apps name it by (feedback targets, plans occasions).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    state = models.CharField(max_length=12, choices=SessionState.choices)
    on = models.DateField()
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagement_sessions"
    )
    days = models.DecimalField(max_digits=6, decimal_places=1)
    place = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    # Who attended, as numbers by perspective only (optional; never names).
    attended_staff = models.PositiveIntegerField(null=True, blank=True)
    attended_lived_experience = models.PositiveIntegerField(null=True, blank=True)
    attended_family_carers = models.PositiveIntegerField(null=True, blank=True)
    attended_other = models.PositiveIntegerField(null=True, blank=True)
    over_run_reason = models.CharField(max_length=500, blank=True)
    # Why it was cancelled (a cancelled session draws nothing down and is kept for the record).
    cancel_reason = models.CharField(max_length=500, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lte=5), name="session_days_in_range"
            )
        ]


class OutputKind(models.TextChoices):
    ACTION_PLAN = "action_plan", "Action plan"
    DOCUMENT = "document", "Document in the library"
    GROUND_RULES = "ground_rules", "Ground rules"
    STRATEGY = "strategy", "Strategy"
    OTHER = "other", "Other"


class Output(BaseModel):
    """What came out of it. Action plans live in `plans` and documents in `library`: the row keeps
    their public id and link; ground rules, strategies and the rest are written here."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=20, choices=OutputKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    reference = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class SharedGoal(BaseModel):
    """A buddying pair's shared goal: the one thing both partners see, with the meeting log."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="shared_goals"
    )
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["created_at"]


class LogEntry(BaseModel):
    """A buddying meeting, in the log both partners and the network see."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="log")
    on = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-created_at"]


class ConsultantMonth(BaseModel):
    """A consultant's working days in a month (on one network) and the days of leave in it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_months"
    )
    month = models.DateField(help_text="The first day of the month.")
    available_days = models.DecimalField(max_digits=6, decimal_places=1)
    leave_days = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal("0"))

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "consultant", "month"], name="one_row_per_consultant_month"
            ),
            models.CheckConstraint(
                condition=Q(available_days__gte=0)
                & Q(leave_days__gte=0)
                & Q(available_days__lte=31)
                & Q(leave_days__lte=31),
                name="consultant_month_days_in_range",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="consultant_month_first_day"),
        ]


class CalendarFeed(BaseModel):
    """A consultant's secret calendar-feed address, for calendar applications that cannot sign in.
    Only the token's SHA-256 digest is stored (`core.tokens`); resetting replaces it and turning
    the feed off deletes the row, so an old address stops working at once."""

    consultant = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagement_calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
