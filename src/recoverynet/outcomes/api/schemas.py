"""Schemas of the outcomes API: structure, never wording, except where the organisation holds it."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from recoverynet.core.text import Line, Name


class ItemOut(Schema):
    number: int
    subscale: str
    reverse: bool


class ChangeOut(Schema):
    sem: float | None
    meaningful: float | None
    source: str


class InstrumentOut(Schema):
    code: str
    version: int
    name: str
    timeframe: str
    scale_min: int
    scale_max: int
    items: list[ItemOut]
    allows_decline: bool
    max_missing: int
    scored: bool
    conversion: dict[str, float] | None
    higher_is_better: bool
    change: ChangeOut


class DefinitionIn(Schema):
    definition: dict[str, Any]


class WordingOut(Schema):
    instrument: str
    version: int
    introduction: str
    items: list[str]
    labels: list[str]
    placeholder: bool
    licence_type: str
    licence_expires: datetime.date | None


class TimepointIn(Schema):
    kind: str = Field(max_length=10)
    # null for the follow-up at the end of a course: the course's last session
    due_from: datetime.date | None
    within_days: int = Field(ge=1, le=365)


class CollectionIn(Schema):
    title: Name = Field(max_length=200)
    instruments: list[str] = Field(min_length=1, max_length=10)  # "code:version"
    source: Line = Field(max_length=240)  # "kind:ref", e.g. "team:team"
    timepoints: list[TimepointIn] = Field(min_length=1, max_length=6)
    retain_until: datetime.date
    reminder_days: int = Field(7, ge=1, le=60)
    max_reminders: int = Field(2, ge=0, le=5)
    send_automatically: bool = True
    add_joiners: bool = False  # baseline at enrolment (a course's students)


class TimepointOut(Schema):
    position: int
    kind: str
    due_from: datetime.date
    closes: datetime.date
    stopped_on: datetime.date | None = Field(
        None, description="No more links or reminders from this day: the course was cancelled."
    )
    asked: int
    answered: int


class CollectionOut(Schema):
    id: UUID
    organisation: str
    title: str
    source: str
    instruments: list[str]
    retain_until: datetime.date
    linkage_destroyed: bool
    send_automatically: bool
    add_joiners: bool
    pool: str | None
    timepoints: list[TimepointOut]


class DueOut(Schema):
    timepoint: str
    names: list[str]


class SentOut(Schema):
    sent: int


class QuestionOut(Schema):
    field: str
    instrument: str
    item: int
    text: str
    choices: list[str]
    allows_decline: bool
    saved: int | None
    declined: bool


class QuestionnaireOut(Schema):
    organisation: str
    title: str
    timepoint: str
    questions: list[QuestionOut]


class AnswerIn(Schema):
    instrument: str  # "code:version"
    item: int = Field(ge=1, le=100)
    value: int | None = Field(..., ge=0, le=100)  # null: prefer not to answer


class ResponseIn(Schema):
    answers: list[AnswerIn] = Field(max_length=500)
    finish: bool


class SavedOut(Schema):
    finished: bool
    signposts: list[str]


class CategoryOut(Schema):
    key: str
    label: str
    count: int | None
    percent: float | None


class ResultOut(Schema):
    instrument: str
    instrument_name: str
    follow_up: str
    published_at: datetime.datetime
    minimum: int
    n_baseline: int | None
    n_follow_up: int | None
    n_paired: int | None
    mean_change: float | None
    ci_low: float | None
    ci_high: float | None
    reliable: list[CategoryOut]
    meaningful: CategoryOut | None


class OwnScoreOut(Schema):
    collection: str
    organisation: str
    instrument: str
    timepoint: str
    completed_on: datetime.date
    score: float | None


class PoolOut(Schema):
    key: str
    label: str
    scope: str


class PooledOut(Schema):
    pool: PoolOut
    published_at: datetime.datetime | None
    collections: int
    organisations: int
    withheld: int = Field(
        0,
        description="Figures not shown until enough people have changed: they still counted "
        "an organisation that is no longer a member of the network.",
    )
    results: list[ResultOut]


class PublishedOut(Schema):
    published_at: datetime.datetime
    results: list[ResultOut]


class WordingIn(Schema):
    instrument: str = Field(max_length=50)  # "code:version"
    licence_type: str = Field(max_length=20)
    licence_reference: Line = Field(max_length=200)
    licence_expires: datetime.date | None = None
    licence_confirmed: bool
    items: list[Line] = Field(min_length=1, max_length=100)
    labels: list[Line] = Field(min_length=1, max_length=20)
    introduction: str = Field("", max_length=2000)


class SignpostIn(Schema):
    instrument: str = Field(max_length=50)  # "code:version"
    item: int = Field(ge=1, le=100)
    values: list[int] = Field(min_length=1, max_length=20)
    message: str = Field(min_length=1, max_length=2000)


class SignpostOut(Schema):
    instrument: str
    item: int
    values: list[int]
    message: str


class ShareIn(Schema):
    organisation: str = Field(max_length=80)  # the organisation's slug
    email: Line = Field(max_length=254)


class ShareOut(Schema):
    id: int
    organisation: str
    viewer: str


class SharedScoresOut(Schema):
    share_id: int
    name: str
    organisation: str
    scores: list[OwnScoreOut]


class OwnQuestionnaireOut(Schema):
    id: int
    organisation: str
    title: str
    timepoint: str
    closes: datetime.date
