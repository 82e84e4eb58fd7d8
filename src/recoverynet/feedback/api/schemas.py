"""Request and answer shapes of the feedback API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from recoverynet.core.text import Line, Name


class QuestionIn(Schema):
    kind: str = Field(max_length=12, description="rating, choice, short_text or long_text")
    text: Name = Field(max_length=300)
    hint: Line = Field("", max_length=300)
    required: bool = False
    purpose: str = Field("", max_length=12)
    choices: list[Line] = Field(default_factory=list, max_length=10)
    max_length: int = Field(2000, ge=1, le=5000)


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    hint: str
    required: bool
    purpose: str
    choices: list[str]
    max_length: int


class FormIn(Schema):
    target_kind: str = Field(max_length=40, description="e.g. event")
    target_id: str = Field(max_length=64, description="The event's public id")
    title: Line = Field("", max_length=200)
    invite_delay_hours: int = Field(2, ge=0, le=336)
    contact_retention_days: int = Field(90, ge=1, le=3650)
    questions: list[QuestionIn] | None = Field(None, max_length=30)


class FormOut(Schema):
    id: UUID
    title: str
    status: str
    target_kind: str
    target_id: str
    target_label: str
    short_link: str
    invite_delay_hours: int
    invitations_sent_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    questions: list[QuestionOut]


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(
        description="Answers by question id: a number 1–5 for ratings, text otherwise."
    )


class ResponseOut(Schema):
    answered: bool
    editable: bool
    answers: dict[str, str]


class CountOut(Schema):
    label: str
    count: int


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    purpose: str
    answered: int
    mean: float | None
    distribution: list[CountOut]
    words: list[CountOut]
    texts: list[str]


class ResultsOut(Schema):
    form: UUID
    respondents: int | None = Field(description="null when suppressed for you")
    attendees: int | None
    rate: int | None
    minimum: int
    answers_shown: bool
    questions: list[QuestionResultOut]


class HideIn(Schema):
    reason: Name = Field(max_length=300)


class SpeakerIn(Schema):
    side: str = Field(max_length=10, description="for, against or chair")
    name: Name = Field(max_length=150)
    role: Line = Field("", max_length=200)


class DebateIn(Schema):
    target_kind: str = Field(max_length=40)
    target_id: str = Field(max_length=64)
    motion: Name = Field(max_length=300)
    description: str = Field("", max_length=3000)
    label_for: Name = Field("For", max_length=60)
    label_against: Name = Field("Against", max_length=60)
    label_undecided: Name = Field("Undecided", max_length=60)
    walk_ins: bool = False
    min_votes: int | None = Field(None, ge=1, le=100)
    speakers: list[SpeakerIn] = Field(default_factory=list, max_length=20)


class RoundOut(Schema):
    kind: str
    status: str
    total: int | None = Field(description="null while open")
    counts: dict[str, int] | None = Field(description="null while open or below the minimum")
    shares: dict[str, Decimal] | None
    suppressed: bool


class MovementOut(Schema):
    paired: int
    moved: int
    only_before: int
    only_after: int
    table: list[dict[str, Any]]


class DebateOut(Schema):
    id: UUID
    motion: str
    target_kind: str
    target_id: str
    labels: dict[str, str]
    vote_link: str
    min_votes: int
    open_round: str | None
    rounds: list[RoundOut]
    swing: dict[str, Decimal] | None
    movement: MovementOut | None


class VoteIn(Schema):
    choice: str = Field(max_length=10, description="for, against or undecided")


class VoteOut(Schema):
    round: str
    choice: str


class CardsIn(Schema):
    count: int = Field(ge=1, le=300, description="How many one-time room cards to make (1–300)")


class CardsOut(Schema):
    codes: list[str] = Field(description="The one-time codes: shown this once, only digests kept")
    join_link: str = Field(description="Where a card holder enters a code (`?code=` fills it in)")


class CardJoinIn(Schema):
    code: str = Field(max_length=20, description="The code on the card (spaces are ignored)")


class CardJoinOut(Schema):
    kind: str = Field(description="debate or form")
    id: UUID = Field(description="The debate's or the form's id")
    token: str = Field(
        description="This device's own token: keep it secret, send it to vote or answer"
    )


class CardVoteIn(Schema):
    token: str = Field(max_length=100, description="The token from `POST /feedback/join`")
    choice: str = Field(max_length=10, description="for, against or undecided")


class CardResponseIn(Schema):
    token: str = Field(max_length=100, description="The token from `POST /feedback/join`")
    answers: dict[str, Any] = Field(
        description="Answers by question id: a number 1–5 for ratings, text otherwise."
    )


class SpeakerLinkIn(Schema):
    email: str = Field(max_length=254, description="The e-mail address of the speaker's account")


class SpeakerOut(Schema):
    id: int
    side: str
    name: str
    role: str
    linked: bool = Field(description="Whether the speaker is linked to an account")


class SpeakingOut(Schema):
    speaker_id: int
    side: str
    debate_id: UUID
    motion: str
    target_label: str
