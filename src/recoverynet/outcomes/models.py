"""Outcome questionnaires: instrument versions, licensed wording, collections and pseudonymous
answers.

Who answered what is split on purpose (decision 0027):

- `Participant` and `Invitation` are about *people*: who is in a collection and whether each of
  their questionnaires is done (a yes/no, with no time, so that it cannot be matched to a response).
- `Pseudonym`, `Response` and `Answer` are about *answers*: they name no one.
- `LinkageKey` is the only row that joins the two. Only `outcomes/linkage.py` reads or writes it;
  no page, report, export or API operation does; it is deleted at the end of the collection's
  retention period, after which baseline and follow-up stay paired but nobody can say whose.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation


class InstrumentVersion(BaseModel):
    """One version of an instrument's structure and scoring (never its wording). Immutable once
    loaded: a change is a new version."""

    code = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    builtin = models.BooleanField(default=False)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="outcomes_one_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class LicenceType(models.TextChoices):
    FREE = "free", "Free to use (no permission needed)"
    REGISTRATION = "registration", "Free licence after registration"
    PAID = "paid", "Paid licence"
    OTHER = "other", "Other written permission"


class Wording(BaseModel):
    """The licensed item wording an organisation (or a whole network) holds for an instrument
    version, loaded by someone who confirmed the licence. Never committed, never exported."""

    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="wordings"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    licence_type = models.CharField(max_length=20, choices=LicenceType.choices)
    licence_reference = models.CharField(max_length=200)
    licence_expires = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    introduction = models.TextField(blank=True, max_length=2000)
    items = models.JSONField()  # ["item 1 text", …] in item order
    labels = models.JSONField()  # ["label for the lowest value", …] in scale order
    placeholder = models.BooleanField(
        default=False, help_text="Demo text standing in for the licensed wording."
    )

    class Meta:
        ordering = ["instrument", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) ^ Q(network__isnull=True),
                name="outcomes_wording_one_holder",
            ),
            models.UniqueConstraint(
                fields=["instrument", "organisation"],
                condition=Q(organisation__isnull=False),
                name="outcomes_wording_once_per_org",
            ),
            models.UniqueConstraint(
                fields=["instrument", "network"],
                condition=Q(network__isnull=False),
                name="outcomes_wording_once_per_network",
            ),
        ]

    def __str__(self) -> str:
        return f"Wording for {self.instrument}"


class Signpost(BaseModel):
    """A message an organisation shows when an item is answered in a configured way (for example
    where to find support). Not a clinical triage."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    instrument_code = models.CharField(max_length=40)
    item = models.PositiveSmallIntegerField()
    values = models.JSONField()  # the answer values that show the message
    message = models.TextField(max_length=2000)

    class Meta:
        ordering = ["instrument_code", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_code", "item"], name="outcomes_one_signpost"
            ),
        ]

    def __str__(self) -> str:
        return f"Signpost for {self.instrument_code} question {self.item}"


class Collection(BaseModel):
    """A plan for collecting answers: which instruments, from whom, when, with reminders."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outcome_collections"
    )
    title = models.CharField(max_length=200)
    source_kind = models.CharField(max_length=40)  # a registered cohort source (sources.py)
    source_ref = models.CharField(max_length=200)
    source_label = models.CharField(max_length=300)
    instruments = models.ManyToManyField(InstrumentVersion, related_name="collections")
    reminder_days = models.PositiveSmallIntegerField(default=7)
    max_reminders = models.PositiveSmallIntegerField(default=2)
    retain_until = models.DateField()
    send_automatically = models.BooleanField(
        default=True,
        help_text="Send each person's first link by e-mail when a timepoint opens (and, for "
        "someone who joins later, when they join), rather than by hand.",
    )
    add_joiners = models.BooleanField(
        default=False,
        help_text="Baseline at enrolment: people who join the group while the baseline is open "
        "(a student enrolling on the course) are added and sent their baseline link.",
    )
    # Where the collection's figures are pooled (from its cohort source): e.g. a Recovery College.
    pool_key = models.CharField(max_length=120, blank=True, db_index=True)
    pool_label = models.CharField(max_length=300, blank=True)
    key_destroyed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_days__gte=1) & Q(reminder_days__lte=60),
                name="outcomes_reminder_days_range",
            ),
            models.CheckConstraint(
                condition=Q(max_reminders__lte=5), name="outcomes_max_reminders_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TimepointKind(models.TextChoices):
    BASELINE = "baseline", "Baseline (at the start)"
    END = "end", "Follow-up at the end"
    LATER = "later", "Later follow-up"


class Timepoint(BaseModel):
    """When answers are asked for: due from `due_from`, within `within_days`."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="timepoints")
    kind = models.CharField(max_length=10, choices=TimepointKind.choices)
    position = models.PositiveSmallIntegerField()
    due_from = models.DateField()
    within_days = models.PositiveSmallIntegerField()
    stopped_on = models.DateField(
        null=True,
        blank=True,
        help_text="No more links or reminders from this day (the course was cancelled); links "
        "already sent still work and answers given stay.",
    )

    class Meta:
        ordering = ["collection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "position"], name="outcomes_timepoint_position"
            ),
            models.UniqueConstraint(
                fields=["collection", "kind"],
                condition=~Q(kind="later"),
                name="outcomes_one_baseline_and_end",
            ),
            models.CheckConstraint(
                condition=Q(within_days__gte=1) & Q(within_days__lte=365),
                name="outcomes_within_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Participant(models.Model):
    """A person asked to take part (no timestamps: see the module's note)."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "email"], name="outcomes_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """One person's questionnaire at one timepoint: the single-use link (its hash) and whether it
    is done. `done` has no time on purpose."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="invitations"
    )
    timepoint = models.ForeignKey(Timepoint, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["timepoint", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "timepoint"], name="outcomes_invitation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire {self.pk}"


class Pseudonym(models.Model):
    """Who answered, without saying who: made at a person's first answer (so ids follow the order
    of first answers, not of the list of people)."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="pseudonyms")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return str(self.code)


class LinkageKey(models.Model):
    """The one join between a person and their pseudonym. Read and written only by
    `outcomes/linkage.py`; deleted at the end of retention."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.OneToOneField(Pseudonym, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return "Linkage key"  # never says whose


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Saved, not finished"
    COMPLETE = "complete", "Finished"


class Response(BaseModel):
    pseudonym = models.ForeignKey(Pseudonym, on_delete=models.CASCADE, related_name="responses")
    timepoint = models.ForeignKey(Timepoint, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    completed_on = models.DateField(null=True, blank=True)
    raw_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    missing = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["timepoint", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pseudonym", "timepoint", "instrument"], name="outcomes_response_once"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_on__isnull=False),
                name="outcomes_complete_has_date",
            ),
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.PositiveSmallIntegerField()
    value = models.SmallIntegerField(null=True, blank=True)  # None: prefer not to answer

    class Meta:
        ordering = ["response", "item"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="outcomes_answer_once"),
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.item}"


class ResultShare(BaseModel):
    """A person lets one member of an organisation's staff see their own scores from that
    organisation's collections (until they stop sharing)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["organisation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "viewer", "organisation"], name="outcomes_share_once"
            ),
            models.CheckConstraint(
                condition=~Q(owner=models.F("viewer")), name="outcomes_share_not_self"
            ),
        ]

    def __str__(self) -> str:
        return "Shared results"
