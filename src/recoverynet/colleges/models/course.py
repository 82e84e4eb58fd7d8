"""Terms, courses, their sessions and each session's facilitators by role.

A published term is the college's prospectus. Every course is co-produced and co-facilitated by a peer
trainer and a professional trainer; a course published without both on every session records why.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from recoverynet.core.models import BaseModel

from .college import College, Venue


class TermStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Term(BaseModel):
    """A term (e.g. Spring 2027) groups the courses on offer; published, it is the prospectus."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=80)
    starts_on = models.DateField()
    ends_on = models.DateField()
    introduction = models.TextField(blank=True, max_length=4000)
    status = models.CharField(max_length=10, choices=TermStatus.choices, default=TermStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["college", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["college", "slug"], name="college_term_slug_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.college})"


class CourseTopic(models.TextChoices):
    UNDERSTANDING = "understanding", "Understanding mental health"
    RECOVERY = "recovery", "Recovery and wellbeing"
    LIVING_WELL = "living_well", "Living well"
    LIFE_SKILLS = "life_skills", "Life skills"
    FAMILY = "family", "Family, friends and carers"
    GETTING_INVOLVED = "getting_involved", "Getting involved"


class SuitableFor(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    LIVED_EXPERIENCE = "lived_experience", "People with lived experience"
    FAMILY_CARERS = "family_carers", "Family, friends and carers"
    STAFF = "staff", "Staff and volunteers"


class CourseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class Course(BaseModel):
    """A course in a term: what you will learn, who it is for, its sessions, capacity and the
    completion rule ("attend at least N of the sessions", "must attend the first session")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=20, choices=CourseTopic.choices)
    suitable_for = models.CharField(
        max_length=20, choices=SuitableFor.choices, default=SuitableFor.EVERYONE
    )
    what_you_will_learn = models.TextField(max_length=4000)
    who_for = models.TextField(max_length=2000, blank=True)
    accessibility = models.TextField(max_length=2000, blank=True)
    capacity = models.PositiveIntegerField()
    first_session_required = models.BooleanField(
        default=False, help_text="Students need to come to the first session to complete."
    )
    min_sessions_to_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Attend at least this many sessions. Empty: all of them."
    )
    offer_hours = models.PositiveSmallIntegerField(
        default=48, help_text="How long a place offered from the waiting list is held."
    )
    # The co-production record: who co-designed the course.
    codesigned_by_peer = models.BooleanField(default=False)
    codesigned_by_staff = models.BooleanField(default=False)
    codesigned_by_carer = models.BooleanField(default=False)
    coproduction_notes = models.TextField(max_length=2000, blank=True)
    status = models.CharField(
        max_length=10, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    # Published without a peer and a professional trainer on every session: why, and who said so.
    cofacilitation_reason = models.TextField(max_length=1000, blank=True)
    cofacilitation_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["term", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_sessions_to_complete__isnull=True)
                | Q(min_sessions_to_complete__gte=1),
                name="course_completion_min_positive",
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1), name="course_offer_hours_positive"
            ),
        ]
        indexes = [models.Index(fields=["term", "status"], name="course_term_status_idx")]

    def __str__(self) -> str:
        return self.title


class CourseSession(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    online = models.BooleanField(default=False)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    joining_information = models.CharField(
        max_length=500, blank=True, help_text="For online sessions: how to join (sent to students)."
    )

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "number"], name="course_session_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="course_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(online=True) | Q(venue__isnull=False),
                name="course_session_online_or_venue",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="course_session_starts_idx")]

    def __str__(self) -> str:
        return f"{self.course} — session {self.number}"


class FacilitatorRole(models.TextChoices):
    PEER_TRAINER = "peer_trainer", "Peer trainer"
    PROFESSIONAL_TRAINER = "professional_trainer", "Professional trainer"
    VOLUNTEER = "volunteer", "Volunteer"
    GUEST = "guest", "Guest speaker"


class Facilitator(BaseModel):
    """Who facilitates a session, and in which role (session, role, person)."""

    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="facilitators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitations"
    )
    role = models.CharField(max_length=24, choices=FacilitatorRole.choices)

    class Meta:
        ordering = ["session", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_facilitator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
