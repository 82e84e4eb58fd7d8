"""Students, enrolments (with the waiting list), attendance, certificates and learning plans.

A person registers once as a student of a college, then enrols on courses each term. Nothing
health-related is ever required. A learning plan belongs to the student; only the learning advisor
they share it with sees it, and it is never counted in any aggregate.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel

from .college import College
from .course import Course, CourseSession


class RegistrationQuestion(BaseModel):
    """A question a college adds to its registration form (never about health unless optional)."""

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=200)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["college", "order", "id"]

    def __str__(self) -> str:
        return self.label


class Student(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="students")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_records"
    )
    preferred_name = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the college's own questions, by question id.",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Staff who registered the student on their behalf (empty: they registered).",
    )

    class Meta:
        ordering = ["college", "preferred_name"]
        constraints = [
            models.UniqueConstraint(fields=["college", "user"], name="college_student_unique")
        ]

    def __str__(self) -> str:
        return self.preferred_name


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Place offered"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Offer expired"


ACTIVE_ENROLMENT_STATUSES = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITING,
    EnrolmentStatus.OFFERED,
)
# What takes a place on a course (an offer holds one until it is taken or runs out).
PLACE_HOLDING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED)


class Enrolment(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Staff who enrolled the student on their behalf (empty: the student did).",
    )
    how = models.CharField(
        max_length=20, blank=True, help_text='How staff took it, e.g. "phone", "in person".'
    )

    class Meta:
        ordering = ["course", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student"],
                condition=Q(status__in=["enrolled", "waiting", "offered"]),
                name="enrolment_active_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="enrolment_offer_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="enrolment_course_status_idx")]

    def __str__(self) -> str:
        return f"{self.student} on {self.course}"


class SessionReminder(BaseModel):
    """A reminder sent for one session to one enrolment (never twice)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="session_reminder_unique")
        ]


class AttendanceMark(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"


ATTENDED_MARKS = (AttendanceMark.PRESENT, AttendanceMark.LATE)


class Attendance(BaseModel):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    mark = models.CharField(max_length=8, choices=AttendanceMark.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="attendance_once_per_session"
            )
        ]


class Certificate(BaseModel):
    """A certificate of completion. Re-issuing makes a new one and marks the old one replaced."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    name_on_certificate = models.CharField(max_length=150)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(replaced_at__isnull=True),
                name="certificate_one_current",
            )
        ]


class LearningPlan(BaseModel):
    """The student's own plan: goals in their words, courses chosen, notes and reviews with the
    learning advisor they choose to share it with. Never required; never in any aggregate."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="learning_plan")
    goals = models.TextField(max_length=4000, blank=True)
    courses = models.ManyToManyField(Course, blank=True, related_name="+")
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_learning_plans",
        help_text="The learning advisor the student shares the plan with.",
    )

    def __str__(self) -> str:
        return f"Learning plan of {self.student}"


class LearningPlanNoteKind(models.TextChoices):
    NOTE = "note", "Note"
    REVIEW = "review", "Review"


class LearningPlanNote(BaseModel):
    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        max_length=8, choices=LearningPlanNoteKind.choices, default=LearningPlanNoteKind.NOTE
    )
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["plan", "created_at", "id"]
