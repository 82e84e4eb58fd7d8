"""Feedback forms after an event (or any registered "feedback target"), and critical debates with
before/after audience votes.

Anonymity is built into the tables (decision 0025):

- `Response` and `Answer` carry no person, no timestamps and random (UUID) keys, so neither their
  order nor their time can be matched against `Respondent` rows or the audit log.
- `Respondent` records only *that* a person answered a form (unique per form and person), again
  with a random key and no time.
- A person finds their own response again by `Response.edit_tag`, a keyed hash of the form's
  `salt` and their id. When the form closes the salt and every tag are wiped: from then on nobody,
  not even someone holding the database and the secret key, can link a response to a person.
- Debates work the same way: a `Voter` is only a token digest; a signed-in attendee's token is
  derived from the debate's `salt` and their id, and a walk-in's is random. `Vote` is unique per
  (round, voter) and the tally is always counted from the votes, never kept in a counter.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation


class Target(models.Model):
    """What a form or debate is attached to: a kind registered in `targets` and that app's id."""

    target_kind = models.CharField(max_length=40)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    host = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class FormStatus(models.TextChoices):
    DRAFT = "draft", "Not open yet"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class FeedbackForm(BaseModel, Target):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT)
    target_ends_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True)
    invite_delay_hours = models.PositiveSmallIntegerField(default=2)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    contact_retention_days = models.PositiveSmallIntegerField(default=90)
    contact_purged_at = models.DateTimeField(null=True, blank=True)
    # Keyed into each response's edit tag; wiped (with the tags) when the form closes.
    salt = models.CharField(max_length=64, blank=True)
    short_code = models.CharField(max_length=12, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-target_ends_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id"], name="feedback_one_form_per_target"
            ),
            models.CheckConstraint(
                condition=Q(invite_delay_hours__lte=24 * 14), name="feedback_invite_delay_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", "Rating from 1 to 5"
    CHOICE = "choice", "Choose one"
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"


class QuestionPurpose(models.TextChoices):
    """What the results page does with a question's answers beyond listing them."""

    NONE = "", "Nothing special"
    OVERALL = "overall", "Overall rating"
    WORD = "word", "A word or phrase (word cloud)"
    RECOMMEND = "recommend", "Would recommend"
    ORGANISERS = "organisers", "For the organisers only"
    CONTACT = "contact", "Contact details (personal data, deleted after the retention period)"


class Question(BaseModel):
    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    purpose = models.CharField(
        max_length=12, choices=QuestionPurpose.choices, default="", blank=True
    )
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    choices = models.JSONField(default=list, blank=True)
    max_length = models.PositiveSmallIntegerField(default=2000)

    class Meta:
        ordering = ["form", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_length__gte=1) & Q(max_length__lte=5000),
                name="feedback_question_length_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's answers, stored without the person and without times (see the module text)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="responses")
    edit_tag = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "edit_tag"],
                condition=~Q(edit_tag=""),
                name="feedback_one_response_per_tag",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="feedback_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class Respondent(models.Model):
    """That a person answered a form: nothing about what, and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="respondents")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "person"], name="feedback_answer_once"),
        ]

    def __str__(self) -> str:
        return f"Answered {self.form_id}"


# --- Debates ----------------------------------------------------------------------------------------


class Debate(BaseModel, Target):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    motion = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=3000)
    label_for = models.CharField(max_length=60, default="For")
    label_against = models.CharField(max_length=60, default="Against")
    label_undecided = models.CharField(max_length=60, default="Undecided")
    # Devices without a sign-in may join with a one-time room card (`RoomCard`), one device each.
    walk_ins = models.BooleanField(default=False)
    min_votes = models.PositiveSmallIntegerField(default=5)
    poll_seconds = models.PositiveSmallIntegerField(default=2)
    # Keyed into signed-in attendees' voter tokens; wiped when the after round closes.
    salt = models.CharField(max_length=64, blank=True)
    short_code = models.CharField(max_length=12, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_votes__gte=1) & Q(min_votes__lte=100),
                name="debate_min_votes_range",
            ),
            models.CheckConstraint(
                condition=Q(poll_seconds__gte=1) & Q(poll_seconds__lte=60),
                name="debate_poll_seconds_range",
            ),
        ]

    def __str__(self) -> str:
        return self.motion


class Side(models.TextChoices):
    FOR = "for", "For the motion"
    AGAINST = "against", "Against the motion"
    CHAIR = "chair", "Chair"


class Speaker(BaseModel):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="speakers")
    side = models.CharField(max_length=10, choices=Side.choices)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["debate", "side", "order", "id"]


class RoundKind(models.TextChoices):
    BEFORE = "before", "Before the debate"
    AFTER = "after", "After the debate"


class RoundStatus(models.TextChoices):
    WAITING = "waiting", "Not open yet"
    OPEN = "open", "Open for votes"
    CLOSED = "closed", "Closed"


class Round(BaseModel):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=10, choices=RoundKind.choices)
    status = models.CharField(
        max_length=10, choices=RoundStatus.choices, default=RoundStatus.WAITING
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["debate", "-kind"]  # before, then after
        constraints = [
            models.UniqueConstraint(fields=["debate", "kind"], name="debate_one_round_per_kind"),
        ]


class Choice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    UNDECIDED = "undecided", "Undecided"


class Voter(models.Model):
    """A pseudonymous voter: only the digest of their token, no person, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="voters")
    token_hash = models.CharField(max_length=64, unique=True)
    walk_in = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Voter {self.pk}"


class Vote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="debate_one_vote_per_round"),
        ]

    def __str__(self) -> str:
        return f"Vote {self.pk}"


class RoomCard(models.Model):
    """A one-time code on a card handed out in the room (decision 0036). It lets one device in:
    a debate's walk-in voter, or a feedback form's answer without a sign-in. Only digests; no
    person, no time. A debate's card keeps no trace of the voter it made (so nobody holding the
    cards can find a vote); a form's card keeps the digest of the device's token, which is how
    that device is let in again (its answers are found by a keyed hash of the raw token, which
    only the device holds)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    debate = models.ForeignKey(
        Debate, null=True, blank=True, on_delete=models.CASCADE, related_name="cards"
    )
    form = models.ForeignKey(
        FeedbackForm, null=True, blank=True, on_delete=models.CASCADE, related_name="cards"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(debate__isnull=True, form__isnull=False)
                | Q(debate__isnull=False, form__isnull=True),
                name="feedback_card_for_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"Room card {self.pk}"
