"""Request and response shapes of the self-assessment API."""

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from recoverynet.core.text import Line, Name

from ..models import AssessmentRound


class LevelOut(Schema):
    key: str
    label: str
    description: str


class ChallengeOut(Schema):
    id: int
    number: int
    title: str
    description: str


class ScalePointOut(Schema):
    value: int
    label: str
    descriptor: str


class FrameworkOut(Schema):
    id: int
    family: str
    version: int
    name: str
    description: str
    source: str
    is_current: bool


class FrameworkDetailOut(FrameworkOut):
    levels: list[LevelOut]
    challenges: list[ChallengeOut]
    scale: list[ScalePointOut]


class RoundIn(Schema):
    framework: int
    title: Name = Field(max_length=200)
    team_name: Line = Field("", max_length=150)
    team_resources: dict[str, int] = {}
    rate_by: datetime.date | None = Field(
        None, description="The day raters are asked to send their ratings by (reminders go)."
    )


class PriorityOut(Schema):
    rank: int
    challenge: int
    level: str
    reason: str


class ConsensusOut(Schema):
    challenge: int
    level: str
    value: int
    rationale: str


class RoundOut(Schema):
    id: UUID
    organisation: str
    framework: int
    title: str
    team_name: str
    team_resources: dict[str, int]
    status: str
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    rate_by: datetime.date | None
    reminder_days: list[int] = Field(
        description="When reminders go, in days from rate_by (-3: three days before, 0: on the day)."
    )
    consensus: list[ConsensusOut]
    priorities: list[PriorityOut]


def round_out(round_: AssessmentRound) -> dict[str, Any]:
    return {
        "id": round_.public_id,
        "organisation": round_.organisation.slug,
        "framework": round_.framework_id,
        "title": round_.title,
        "team_name": round_.team_name,
        "team_resources": round_.team_resources,
        "status": round_.status,
        "created_at": round_.created_at,
        "closed_at": round_.closed_at,
        "rate_by": round_.rate_by,
        "reminder_days": round_.reminder_days,
        "consensus": [
            {
                "challenge": c.challenge_id,
                "level": c.level.key,
                "value": c.value,
                "rationale": c.rationale,
            }
            for c in round_.consensus.select_related("level")
        ],
        "priorities": [
            {"rank": p.rank, "challenge": p.challenge_id, "level": p.level.key, "reason": p.reason}
            for p in round_.priorities.select_related("level")
        ],
    }


class RaterIn(Schema):
    email: str = Field(
        "",
        max_length=254,
        description="An existing person of the organisation; or leave empty and give a name to invite by link.",
    )
    name: Line = Field("", max_length=150)


class RaterOut(Schema):
    """No perspective: raters state it for the round themselves, and it is only ever shown as
    counts and medians of groups of at least the people threshold."""

    id: int
    name: str
    submitted: bool
    link: str | None = Field(None, description="Only when invited by link, only in this response.")


class RatingIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    value: int | None = Field(None, description='A point on the scale; null for "don\'t know".')
    evidence: str = Field("", max_length=2000)


class ConsensusIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    value: int
    rationale: str = Field("", max_length=2000)


class PriorityIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    reason: str = Field("", max_length=1000)


class CellOut(Schema):
    challenge: int
    level: str
    ratings: list[int | None]
    perspectives: dict[str, float] = Field(
        description="Median rating of each perspective group with at least the people threshold "
        "(RECOVERYNET_SUPPRESS_PEOPLE_BELOW) of raters; smaller groups are left out."
    )
    disagreement: bool
    consensus: int | None


class ProgressRoundOut(Schema):
    id: UUID
    title: str
    closed_at: datetime.datetime | None
    agreed: list[ConsensusOut]
    priorities: list[PriorityOut]


class ProgressOut(Schema):
    organisation: str
    framework_family: str
    rounds: list[ProgressRoundOut] = Field(
        description="Closed whole-organisation rounds, oldest first."
    )
