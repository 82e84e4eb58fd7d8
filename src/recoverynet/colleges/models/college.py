"""A Recovery College: the organisation that runs it, the networks it belongs to, its public page,
its venues and its staff (a trainer may work for several colleges)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation


class CollegeStage(models.TextChoices):
    STARTING_UP = "starting_up", "Starting up"
    ESTABLISHED = "established", "Established"


class College(BaseModel):
    """A college belongs to an organisation (often a partnership) and to one or more networks."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="colleges"
    )
    networks = models.ManyToManyField(Network, related_name="colleges", blank=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    stage = models.CharField(
        max_length=12, choices=CollegeStage.choices, default=CollegeStage.ESTABLISHED
    )
    summary = models.CharField(max_length=300, blank=True)
    who_for = models.TextField(blank=True, max_length=4000, help_text="Who the college is for.")
    how_to_enrol = models.TextField(blank=True, max_length=4000)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    certificate_signatory = models.CharField(
        max_length=150, blank=True, help_text="Printed on certificates, e.g. the college manager."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(BaseModel):
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=150)
    address = models.TextField(max_length=500, blank=True)
    access_information = models.TextField(
        max_length=2000, blank=True, help_text="Step-free access, toilets, parking, quiet room."
    )

    class Meta:
        ordering = ["college", "name"]
        constraints = [
            models.UniqueConstraint(fields=["college", "name"], name="college_venue_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    MANAGER = "manager", "Manager"
    PEER_TRAINER = "peer_trainer", "Peer trainer"
    PROFESSIONAL_TRAINER = "professional_trainer", "Professional trainer"
    LEARNING_ADVISOR = "learning_advisor", "Learning advisor"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that run the college (publish terms, enrol on someone's behalf, see reports).
RUNNING_ROLES = frozenset({StaffRole.MANAGER, StaffRole.ADMINISTRATOR})
TRAINER_ROLES = frozenset({StaffRole.PEER_TRAINER, StaffRole.PROFESSIONAL_TRAINER})


class CollegeStaff(BaseModel):
    """One person's role at one college. A person may hold several roles, at several colleges."""

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="college_roles"
    )
    role = models.CharField(max_length=24, choices=StaffRole.choices)

    class Meta:
        ordering = ["college", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "user", "role"], name="college_staff_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.college})"


class StaffInvitation(BaseModel):
    """A staff role offered by e-mail to someone without an account yet. Accepting it (after
    signing up or in with that address) gives the role; the link works once, until it expires."""

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=24, choices=StaffRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["college", "-created_at"]
        constraints = [
            # One open invitation per person and role: a new one replaces the old.
            models.UniqueConstraint(
                fields=["college", "email", "role"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="college_invitation_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()}, {self.college})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
