"""Events, learning sets, rates, bookings with delegates, waiting-list offers and interest lists.
Invoices and credit notes are in `billing` (a booking's are `booking.invoices`).

Availability is never stored: it is recounted from bookings inside a locked transaction
(see services.booking_create). Prices are snapshotted on each delegate line when booked.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from recoverynet.billing.models import adds_up
from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation


class EventKind(models.TextChoices):
    LEARNING_SET_DAY = "learning_set_day", "Learning set day"
    NETWORK_DAY = "network_day", "Network day"
    WORKSHOP = "workshop", "Workshop"
    SEMINAR = "seminar", "Seminar"
    CRITICAL_DEBATE = "critical_debate", "Critical debate"
    WEBINAR = "webinar", "Webinar"
    DEMONSTRATION_DAY = "demonstration_day", "Demonstration day"
    CONFERENCE = "conference", "Conference"
    LAUNCH = "launch", "Launch"
    VISIT = "visit", "Visit"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class BookingMode(models.TextChoices):
    OPEN = "open", "Book now"
    REGISTER_INTEREST = "interest", "Register interest"
    EXTERNAL = "external", "Booked elsewhere"
    CLOSED = "closed", "Closed"


class LearningSet(BaseModel):
    """A programme of days for a cohort of organisations. Only the cohort can book its days."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="learning_sets")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    cohort = models.ManyToManyField(Organisation, blank=True, related_name="learning_sets")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Event(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="events")
    host = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    learning_set = models.ForeignKey(
        LearningSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="days"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    online = models.BooleanField(default=False)
    joining_link = models.URLField(blank=True, help_text="Shown only to confirmed delegates.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for no limit.")
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    booking_mode = models.CharField(
        max_length=10, choices=BookingMode.choices, default=BookingMode.OPEN
    )
    external_url = models.URLField(blank=True)
    booking_opens_at = models.DateTimeField(null=True, blank=True)
    booking_closes_at = models.DateTimeField(null=True, blank=True)
    cancellation_cutoff_hours = models.PositiveIntegerField(
        default=48,
        help_text="Bookers and delegates may cancel until this many hours before the start.",
    )
    max_delegates_per_booking = models.PositiveSmallIntegerField(default=20)
    offer_hours = models.PositiveSmallIntegerField(
        default=48, help_text="How long a waiting-list offer is held."
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=2, help_text="Send a reminder this many days before the start (0 for none)."
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    needs_retention_days = models.PositiveSmallIntegerField(
        default=30, help_text="Access and dietary needs are deleted this many days after the event."
    )
    needs_purged_at = models.DateTimeField(null=True, blank=True)
    day_topic = models.CharField(max_length=200, blank=True, help_text="For learning set days.")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__isnull=True)
                | Q(booking_opens_at__isnull=True)
                | Q(booking_closes_at__gt=F("booking_opens_at")),
                name="event_booking_window_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(booking_mode="external") | ~Q(external_url=""),
                name="event_external_needs_link",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status", "starts_at"], name="event_listing_idx"),
            # The public upcoming list's count (not ended yet, published or cancelled): without it,
            # a sequential scan of every event (issue #17, 20,000 events).
            models.Index(
                fields=["ends_at", "starts_at"],
                condition=Q(status__in=["published", "cancelled"]),
                name="event_public_upcoming_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventPicture(BaseModel):
    """An event's picture on the events list and the event's page: re-encoded, stored privately
    (folder "events") and served by `events:event-picture` to whoever may see the event. Its alt
    text is required unless it is marked decorative (then it is shown with alt="")."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="picture")
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for people who cannot see it.",
    )
    decorative = models.BooleanField(
        default=False, help_text="The picture adds nothing that the words do not say."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text="") | Q(decorative=True),
                name="event_picture_alt_text_or_decorative",
            ),
        ]

    def __str__(self) -> str:
        return f"Picture for {self.event}"

    @property
    def alt(self) -> str:
        """The `alt` attribute: empty for a decorative picture."""
        return "" if self.decorative else self.alt_text


class RateKind(models.TextChoices):
    MEMBER = "member", "Member rate"
    NON_MEMBER = "non_member", "Non-member rate"
    CONCESSION = "concession", "Concession"
    FREE = "free", "Free place"


class Rate(BaseModel):
    """A price per delegate, entered net of tax. Member rates need a current membership at a tier
    that earns member rates; concessions are self-declared (e.g. lived experience, carers, students)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rates")
    kind = models.CharField(max_length=12, choices=RateKind.choices)
    name = models.CharField(max_length=100)
    net_amount = models.DecimalField(max_digits=10, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "order", "net_amount"]
        constraints = [
            models.CheckConstraint(condition=Q(net_amount__gte=0), name="rate_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="free") | Q(net_amount=0), name="rate_free_is_zero"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Place offered"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Offer expired"
    DECLINED = "declined", "Offer declined"


# Statuses whose delegates hold places against capacity (offers hold until they expire).
HOLDING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)


class Booking(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by the indexes below, each of which starts with the event.
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="bookings", db_index=False
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    purchase_order = models.CharField(max_length=60, blank=True)
    currency = models.CharField(max_length=3)
    idempotency_key = models.CharField(max_length=100, blank=True)
    idempotency_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="SHA-256 of the request the Idempotency-Key came with.",
    )
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Its invoices, issued by billing (the generic "what is billed" link points here).
    invoices = GenericRelation(
        "billing.Invoice",
        content_type_field="billed_type",
        object_id_field="billed_id",
        related_query_name="booking",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["booker", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="booking_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="booking_event_status_idx"),
            # A person's or an organisation's bookings, newest event first, are found by walking
            # events by start time and asking each for that booker's or organisation's bookings:
            # answered from these without reading the event's other bookings (at full size 22 → 4
            # ms for a page of 50, issue #17).
            models.Index(fields=["event", "booker"], name="booking_event_booker_idx"),
            models.Index(fields=["event", "organisation"], name="booking_event_org_idx"),
        ]

    def __str__(self) -> str:
        return f"Booking {str(self.public_id)[:8]} for {self.event}"


class Delegate(BaseModel):
    """One place: a person attending, priced at the rate chosen, with needs kept only until purge."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="delegates")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200, blank=True)
    perspective = models.CharField(max_length=20, blank=True)
    access_needs = models.TextField(blank=True, max_length=1000)
    dietary_needs = models.TextField(blank=True, max_length=500)
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, related_name="delegates")
    rate_name = models.CharField(max_length=100)
    net = models.DecimalField(max_digits=10, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4)
    tax = models.DecimalField(max_digits=10, decimal_places=2)
    gross = models.DecimalField(max_digits=10, decimal_places=2)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booking", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(net__gte=0) & Q(tax__gte=0), name="delegate_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=adds_up("gross", "net", "tax"), name="delegate_gross_is_net_plus_tax"
            ),
        ]
        # "My bookings" finds the places held in a person's name by their (lower-case) address.
        indexes = [models.Index(fields=["email"], name="delegate_email_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.rate_name})"


class InterestRegistration(BaseModel):
    """Someone who wants to hear when booking opens (first come, first served once it does)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interest")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200, blank=True)
    places_wanted = models.PositiveSmallIntegerField(default=1)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_interest_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.event}"
