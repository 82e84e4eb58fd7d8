"""Webhook endpoints a network's team registers, the deliveries of events to them, and each attempt.

A delivery is one event for one endpoint; its `message_id` is the `webhook-id` header and stays the
same on every retry and manual re-send. Retries are database rows (`next_attempt_at`), picked up by
the scheduler; every attempt is logged with its status code, duration and a short excerpt."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)  # names from domain_events.catalogue()
    # The signing secret ("whsec_" + base64). It must be kept to sign, so it is stored; it is shown
    # only once, never in the audit log, an API answer or a page after the first.
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Failed deliveries in a row are counted from the delivery rows and log
    # (`deliveries.failure_streak`), since the last successful try and since this moment (set when
    # the endpoint is turned back on).
    failures_counted_from = models.DateTimeField(null=True, blank=True)
    # The last successful try's time, kept by each try under the endpoint's lock
    # (`deliveries._record`): finding it in the log read every try of the endpoint, so listing the
    # endpoints took minutes at issue #17's scale (640,000 tries).
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


class Delivery(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=60)  # the domain event's id; one delivery per endpoint
    event_type = models.CharField(max_length=80)
    message_id = models.CharField(max_length=60, default=new_message_id, editable=False)
    body = models.TextField()  # the JSON sent, byte for byte the same on every attempt
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due"),
            # An endpoint's pending and failed deliveries (its list, its failure streak) and its
            # delivery log, newest first, without reading all of them.
            models.Index(fields=["endpoint", "status"], name="webhook_endpoint_status"),
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_endpoint_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id}"


class Attempt(models.Model):
    """One try at sending a delivery: what came back (a short text excerpt only) and how long."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)
    manual = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
