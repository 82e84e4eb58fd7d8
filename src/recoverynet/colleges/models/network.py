"""The Recovery College Learning Network: member colleges' learning days, RECOLLECT fidelity
reviews, external peer reviews between colleges and mentoring pairs.

Fidelity reviews ship the RECOLLECT *structure and scoring* only (`colleges/fidelity.py`); the
licensed wording is loaded per network (`FidelityWording`) by a coordinator who confirms the licence
terms (`FidelityLicence`). Action plans (from a learning day, a fidelity review or a peer review's
recommendations) live in the `plans` app, which knows each of them only as a source kind and id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network

from ..fidelity import COMPONENT_CHOICES, VERSION_CHOICES

# --- Learning days -------------------------------------------------------------------------------


class LearningDay(BaseModel):
    """A network day (an `events` event of kind network day) hosted by a member college, in turn."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="+", help_text="The network day."
    )
    host = models.ForeignKey(
        "colleges.College", on_delete=models.PROTECT, related_name="hosted_learning_days"
    )
    theme = models.CharField(max_length=200, help_text='E.g. "The student journey".')

    class Meta:
        ordering = ["network", "-created_at"]

    def __str__(self) -> str:
        return self.theme


# --- Fidelity (RECOLLECT) ------------------------------------------------------------------------


class FidelityLicence(BaseModel):
    """A network's confirmation that it holds the licence for the RECOLLECT wording it loads."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="+")
    licence_holder = models.CharField(max_length=200)
    terms_confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"RECOLLECT licence for {self.network}"


class FidelityWording(BaseModel):
    """The licensed wording of one component in one rater version, as a network loaded it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    component = models.CharField(max_length=40, choices=COMPONENT_CHOICES)
    version = models.CharField(max_length=20, choices=VERSION_CHOICES)
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["network", "component", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "component", "version"], name="fidelity_wording_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component} ({self.version})"


class FidelityStatus(models.TextChoices):
    OPEN = "open", "In progress"
    CLOSED = "closed", "Closed"


class FidelityReview(BaseModel):
    """A college's RECOLLECT fidelity review: ratings in three versions, agreed ratings, a total."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    college = models.ForeignKey(
        "colleges.College", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=8, choices=FidelityStatus.choices, default=FidelityStatus.OPEN
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["college", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="fidelity_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FidelityResponse(BaseModel):
    """One rater's ratings in one version (students, peer trainers or manager). Never shown beside
    the rater's name to anyone but the rater."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="responses")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=20, choices=VERSION_CHOICES)

    class Meta:
        ordering = ["review", "version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "rater"], name="fidelity_one_response_each")
        ]


class FidelityRating(BaseModel):
    """A rating of one component: a score 0/1/2 (the seven non-modifiable components) or a type 1/2
    (the five modifiable ones, manager version only), with evidence."""

    response = models.ForeignKey(FidelityResponse, on_delete=models.CASCADE, related_name="ratings")
    component = models.CharField(max_length=40, choices=COMPONENT_CHOICES)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    type = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["response", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "component"], name="fidelity_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=2), name="fidelity_score_0_to_2"
            ),
            models.CheckConstraint(
                condition=Q(type__isnull=True) | Q(type__in=[1, 2]), name="fidelity_type_1_or_2"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(type__isnull=True),
                name="fidelity_score_or_type",
            ),
        ]


class FidelityAgreement(BaseModel):
    """The rating the college agreed for one component, with why."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="agreements")
    component = models.CharField(max_length=40, choices=COMPONENT_CHOICES)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    type = models.PositiveSmallIntegerField(null=True, blank=True)
    rationale = models.TextField(max_length=2000, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "component"], name="fidelity_agreement_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=2),
                name="fidelity_agreed_score_0_to_2",
            ),
            models.CheckConstraint(
                condition=Q(type__isnull=True) | Q(type__in=[1, 2]),
                name="fidelity_agreed_type_1_or_2",
            ),
        ]


# --- External peer review ------------------------------------------------------------------------


class PeerReviewStatus(models.TextChoices):
    SELF_REVIEW = "self_review", "Self-review"
    VISIT = "visit", "Visit planned"
    REPORT = "report", "Report published"
    RESPONDED = "responded", "College has responded"
    CLOSED = "closed", "Closed"


class PeerReview(BaseModel):
    """An external peer review of a member college by a team from other member colleges."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    college = models.ForeignKey(
        "colleges.College", on_delete=models.PROTECT, related_name="peer_reviews"
    )
    status = models.CharField(
        max_length=12, choices=PeerReviewStatus.choices, default=PeerReviewStatus.SELF_REVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    self_review_submitted_at = models.DateTimeField(null=True, blank=True)
    visit_on = models.DateField(null=True, blank=True)
    report_summary = models.TextField(max_length=6000, blank=True)
    report_published_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(max_length=6000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network", "-created_at"]

    def __str__(self) -> str:
        return f"Peer review of {self.college}"


class SelfReviewRating(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class SelfReviewEntry(BaseModel):
    """The college's own rating, commentary and evidence for one area (a RECOLLECT component)."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="self_review")
    area = models.CharField(max_length=40, choices=COMPONENT_CHOICES)
    rating = models.CharField(max_length=8, choices=SelfReviewRating.choices)
    commentary = models.TextField(max_length=4000, blank=True)
    evidence = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["review", "area"]
        constraints = [
            models.UniqueConstraint(fields=["review", "area"], name="self_review_area_unique")
        ]


class ReviewerRole(models.TextChoices):
    LEAD = "lead", "Lead reviewer"
    PEER = "peer", "Peer reviewer"
    LIVED_EXPERIENCE = "lived_experience", "Reviewer with lived experience"


class PeerReviewer(BaseModel):
    """A member of the review team, from another member college."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    home_college = models.ForeignKey("colleges.College", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=ReviewerRole.choices)
    confidentiality_agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="peer_reviewer_once"),
        ]


class VisitSlot(BaseModel):
    """One part of the visit's timetable."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="timetable")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    activity = models.CharField(max_length=200)
    with_whom = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["review", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="visit_slot_ends_after_start"
            )
        ]


class FindingKind(models.TextChoices):
    PRELIMINARY = "preliminary", "Preliminary finding"
    STRENGTH = "strength", "Strength"
    RECOMMENDATION = "recommendation", "Recommendation"


class PeerFinding(BaseModel):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    text = models.TextField(max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "kind", "id"]


# --- Mentoring -----------------------------------------------------------------------------------


class MentorCapacity(BaseModel):
    """How many new colleges an established college can mentor at once."""

    college = models.OneToOneField(
        "colleges.College", on_delete=models.CASCADE, related_name="mentor_capacity"
    )
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(capacity__lte=20), name="mentor_capacity_at_most_20")
        ]


class MentoringEndState(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    ENDED_EARLY = "ended_early", "Ended early by agreement"
    MOVED_ON = "moved_on", "Moved on to another mentor"


class MentoringPair(BaseModel):
    """A new college paired with an established one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey("colleges.College", on_delete=models.PROTECT, related_name="mentees")
    mentee = models.ForeignKey("colleges.College", on_delete=models.PROTECT, related_name="mentors")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_state = models.CharField(max_length=12, choices=MentoringEndState.choices, blank=True)
    end_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["network", "-started_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentor_not_self"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_state="")
                | (Q(ended_on__isnull=False) & ~Q(end_state="")),
                name="mentoring_end_has_state",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mentoring_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(ended_on__isnull=True),
                name="mentoring_one_active_pair",
            ),
        ]

    @property
    def active(self) -> bool:
        return self.ended_on is None


class GoalStatus(models.TextChoices):
    OPEN = "open", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class MentoringGoal(BaseModel):
    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        ordering = ["pair", "id"]


class MentoringCheckIn(BaseModel):
    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField()
    notes = models.TextField(max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pair", "-held_on", "-id"]
