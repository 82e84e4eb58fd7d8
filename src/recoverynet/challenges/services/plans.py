"""Action plans from a round: challenges hands a closed round's priorities to the `plans` app through
its services (challenges → plans; plans never imports challenges)."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError
from recoverynet.plans import services as plan_services
from recoverynet.plans.models import ActionPlan

from .. import plan_links
from ..models import AssessmentRound, RoundStatus


@transaction.atomic
def plan_from_priorities(*, actor: Actor, round_: AssessmentRound) -> ActionPlan:
    """Start a plan from a closed round: one action to shape for each of the top three priorities."""
    round_ = AssessmentRound.objects.select_related("organisation").get(pk=round_.pk)
    priorities = list(round_.priorities.select_related("challenge", "level"))
    if round_.status != RoundStatus.CLOSED or not priorities:
        raise ApplicationError("no_priorities", "Choose the round's priorities first.", status=409)
    drafts = []
    for priority in priorities:
        topic = plan_links.challenge_topic(priority.challenge, priority.level)
        drafts.append(
            plan_services.DraftAction(
                what=f"Agree actions for: {priority.challenge.title} "
                f"({priority.level.label.lower()} level)",
                topic=topic.ref,
                topic_label=topic.label,
            )
        )
    return plan_services.plan_create(
        actor=actor,
        organisation=round_.organisation,
        title=f"Action plan: {round_.title}",
        source=plan_links.round_source(round_),
        actions=drafts,
    )
