"""The audience side: subscriptions with double opt-in and their consent records, the suppression
list, and the records of sending an issue (one delivery per subscriber)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from recoverynet.core.models import BaseModel, OutboxMessage

from .editorial import Issue, Publication


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
    # The hash of the link that confirmed it, so that opening that link again says "already
    # confirmed" rather than "not found". It never confirms anything again.
    used_confirm_token_hash = models.CharField(max_length=64, blank=True, default="")
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
