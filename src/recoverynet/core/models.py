"""Shared kernel models: the base every domain model extends, the audit log and the mail outbox."""

from __future__ import annotations

import uuid
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Every domain row knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service: who did what to which object, from where, and when.

    Rows are only ever inserted. `object_type` is "app_label.model" and `object_id` a string so the log
    can refer to any row (integer or UUID keys) and outlive it. Secrets and health data never go in
    `changes` (see `core.audit.record`).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


def new_message_id() -> str:
    """A globally unique `Message-ID` under the site's own domain, e.g. `<…@recoverynet.example>`."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


class OutboxMessage(models.Model):
    """An e-mail waiting to be sent, or already sent. Never deleted by sending; failures are retried."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up after retries"
        CANCELLED = "cancelled", "Not sent (no longer wanted)"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    to = models.JSONField(help_text="List of recipient addresses.")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="List of {filename, content_type, content_b64}."
    )
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(
        max_length=255,
        blank=True,
        default=new_message_id,
        help_text="Fixed when the message is queued and sent on every attempt, so a copy sent "
        "again after a crash is recognisably the same message.",
    )
    renderer = models.CharField(
        max_length=60,
        blank=True,
        help_text="Built at send time by this registered renderer (bulk mail: one small row each).",
    )
    payload = models.JSONField(default=dict, blank=True, help_text="What the renderer needs.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"


class AggregateSnapshot(models.Model):
    """A published aggregate (e.g. a network benchmark) with the contributing set it was computed
    from, frozen. People who are not allowed the underlying data only ever see published snapshots,
    and `core.aggregates.snapshot_publish` refuses a new one unless enough contributors changed, so
    two snapshots cannot be differenced to isolate one contributor. Rows are only ever inserted.

    `kind` names the aggregate ("challenges.benchmark"); `scope` the population it covers (e.g. a
    network and framework family); `contributors` maps each contributor's key to the version of its
    contribution (e.g. organisation id → round id); `data` is what is shown.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=60)
    scope = models.CharField(max_length=200)
    contributors = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "scope", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "scope", "-created_at"], name="aggregate_snapshot_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} at {self.created_at:%Y-%m-%d %H:%M}"


class RuleApproval(models.Model):
    """A second team member's approval of one version of a retention rule (issue #16). A rule of the
    personal-data map runs only when the version in the code (its fingerprint) has an approval by
    someone other than the team member who proposed it, after seeing its dry run."""

    rule_key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["rule_key", "-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_key", "fingerprint"], name="one_approval_per_rule"
            ),
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("proposed_by")),
                name="rule_approved_by_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_key} {self.fingerprint[:8]}"


class PurgeRun(models.Model):
    """One run of the scheduled purge: how many rows each rule changed (never what they held)."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    waiting = models.JSONField(default=list, blank=True, help_text="Rules not yet approved.")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Purge run {self.started_at:%Y-%m-%d %H:%M}"


class ErasureRecord(models.Model):
    """That a person's data was erased, so it can be applied again after a backup is restored.

    Holds no personal data: the account's number and SHA-256 hashes of its e-mail addresses (to find
    rows that name the address). A copy is also written to the stored files (`erasures/`) because a
    restored database does not have the records made after its backup."""

    class Reason(models.TextChoices):
        ACCOUNT_CLOSED = "closed", "The person closed their account"
        REQUEST = "request", "An erasure request the team recorded"

    person_id = models.PositiveBigIntegerField(db_index=True)
    email_hashes = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    erased_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure of account {self.person_id} at {self.erased_at:%Y-%m-%d %H:%M}"


class DataExport(models.Model):
    """A "download my data" file set being built in the background (JSON and PDF), for the person
    or, for a request received by post, by a network team member."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        BUILDING = "building", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be prepared"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_post = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    json_name = models.CharField(max_length=80, blank=True)
    pdf_name = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_pct"
            )
        ]

    def __str__(self) -> str:
        return f"Data export {str(self.public_id)[:8]} ({self.status})"


class KeptUpload(models.Model):
    """A file someone chose on a form that came back with an error, kept for a short time so they
    need not choose it again (issue #15; core/kept_uploads.py). Only its owner can use it, only
    on the form it was chosen on (`purpose`, `field`); it is deleted, with its stored file, when
    the form succeeds or when it expires (a periodic job)."""

    token = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_uploads"
    )
    purpose = models.CharField(max_length=60)
    field = models.CharField(max_length=60)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    stored_name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Kept upload {self.token[:8]}"
