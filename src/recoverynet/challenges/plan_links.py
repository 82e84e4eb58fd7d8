"""How self-assessment plugs into the `plans` app: a round as a plan's source, and each challenge
(alone or at one level) as a topic an action can work on. Registered in `apps.ChallengesConfig.ready`.

The topic reference is `challenge:<id>` or `challenge:<id>/level:<key>` (plans 0002 wrote the same
for plans made before the split)."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.network.models import Organisation
from recoverynet.plans import topics

from . import frameworks
from .models import AssessmentRound, Challenge, Framework, Level

ROUND_SOURCE = "assessment_round"


def round_source(round_: AssessmentRound) -> topics.Source:
    return topics.Source(
        kind=ROUND_SOURCE,
        id=str(round_.public_id),
        label=round_.title,
        url=reverse("challenges:round-priorities", args=[round_.public_id]),
    )


def challenge_topic(challenge: Challenge, level: Level | None = None) -> topics.Topic:
    heading = f"{challenge.number}. {challenge.title}"
    if level is None:
        return topics.Topic(ref=f"challenge:{challenge.pk}", label=heading, group=heading)
    return topics.Topic(
        ref=f"challenge:{challenge.pk}/level:{level.key}",
        label=f"{heading}, at {level.label.lower()} level",
        group=heading,
    )


def framework_topics(framework: Framework | None) -> list[topics.Topic]:
    if framework is None:
        return []
    levels = list(framework.levels.all())
    found = []
    for challenge in framework.challenges.all():
        found.append(challenge_topic(challenge))
        found.extend(challenge_topic(challenge, level) for level in levels)
    return found


def _round_topics(source_id: str) -> list[topics.Topic]:
    """A plan from a round works on that round's framework version."""
    round_ = AssessmentRound.objects.select_related("framework").filter(public_id=source_id).first()
    return framework_topics(round_.framework if round_ else None)


def _default_topics(source_id: str) -> list[topics.Topic]:
    """A plan the group started itself can link to the current Ten Organisational Challenges."""
    family = str(frameworks.TEN_CHALLENGES["family"])
    return framework_topics(Framework.objects.filter(family=family, is_current=True).first())


def _rounds_link(organisation: Organisation) -> topics.Link:
    return topics.Link(
        label=f"Self-assessment at {organisation.name}",
        url=reverse("challenges:organisation-rounds", args=[organisation.slug]),
    )


def register() -> None:
    topics.register(ROUND_SOURCE, _round_topics)
    topics.register("", _default_topics)
    topics.register_link(_rounds_link)
