"""Engagements as a source of action plans (`plans.topics`).

An action plan started from an engagement carries the source kind `engagement` and the
engagement's public id; its actions may work on any of the current Ten Organisational Challenges
(the topics self-assessment offers for plans with no source)."""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.plans import topics

from . import selectors

SOURCE_KIND = "engagement"


def _topics(source_id: str) -> list[topics.Topic]:
    return topics.topics_for("", "")


def _openable(actor: Actor, ids: list[str]) -> set[str]:
    return selectors.openable_engagement_ids(actor=actor, ids=ids)


def register() -> None:
    topics.register(SOURCE_KIND, _topics)
    topics.register_openable(SOURCE_KIND, _openable)
