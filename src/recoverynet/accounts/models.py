"""People and their personal API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from recoverynet.core.models import BaseModel


class Perspective(models.TextChoices):
    """How a person may choose to describe what they bring. Never required, never shown beside a
    name without consent; it powers co-production reports (who was in the room)."""

    STAFF = "staff", "Staff member"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience of mental health difficulties"
    FAMILY_CARER = "family_carer", "Family member, friend or carer"
    OTHER = "other", "Other"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with their e-mail address; there is no separate username."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    preferred_name = models.CharField("what we should call you", max_length=80, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    perspective = models.CharField(
        max_length=20, choices=Perspective.choices, blank=True, default=""
    )
    perspective_updated_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name or self.email


class ApiToken(BaseModel):
    """A personal API token. Only a SHA-256 hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(
        default=list,
        help_text='What the token may do: "read", "write", or "<area>:read" / "<area>:write" '
        "(see accounts/scopes.py).",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_lines(self) -> list[str]:
        """What the token may do, in plain English, for the token page."""
        from .scopes import describe

        return describe(self.scopes)
