"""generate_scale for self-assessment: 10,000 rounds of the current Ten Challenges framework, about
100 ratings each (1,000,000 in all) from raters of every perspective (see core/scale.py)."""

from __future__ import annotations

from collections.abc import Iterator

from recoverynet.accounts.models import Perspective
from recoverynet.core.scale import BATCH, Progress, ScaleContext, bulk, insert, register

from . import frameworks, scale_plans, services
from .models import AssessmentRound, Framework, Rater, Rating, RoundStatus

RATINGS_PER_ROUND = 100


def generate(ctx: ScaleContext) -> None:
    framework = Framework.objects.filter(is_current=True).order_by("pk").first()
    if framework is None:  # the migrations install it; a flushed test database has none
        framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    cells = [(c.pk, lv.pk) for c in framework.challenges.all() for lv in framework.levels.all()]
    values = list(framework.scale.values_list("value", flat=True))
    rounds = ctx.n(10_000, minimum=2)
    orgs, users = ctx.ids["network.organisations"], ctx.ids["network.users"]
    bulk(
        ctx,
        "assessment rounds",
        AssessmentRound,
        (
            AssessmentRound(
                public_id=ctx.uuid(),
                organisation_id=ctx.rng.choice(orgs),
                framework=framework,
                title=f"Self-assessment {i}",
                facilitator_id=ctx.rng.choice(users),
                status=RoundStatus.CLOSED if ctx.rng.random() < 0.7 else RoundStatus.OPEN,
            )
            for i in range(rounds)
        ),
        rounds,
        keep_ids="challenges.rounds",
    )
    raters_per_round = max(1, round(RATINGS_PER_ROUND / len(cells)))
    perspectives = [p.value for p in Perspective if p != Perspective.PREFER_NOT]
    progress = Progress(ctx, "raters and ratings", rounds * raters_per_round * len(cells))
    round_ids = ctx.ids["challenges.rounds"]
    for start in range(0, len(round_ids), max(1, BATCH // raters_per_round)):
        chunk = round_ids[start : start + max(1, BATCH // raters_per_round)]
        raters = insert(
            ctx,
            Rater,
            [
                Rater(
                    round_id=r,
                    name=f"Rater {r}-{k}",
                    perspective=perspectives[k % len(perspectives)],
                    submitted_at=ctx.anchor,
                )
                for r in chunk
                for k in range(raters_per_round)
            ],
        )
        ratings = list(_ratings(ctx, raters, cells, values))
        for offset in range(0, len(ratings), BATCH):
            insert(ctx, Rating, ratings[offset : offset + BATCH])
        ctx.counts["raters"] = ctx.counts.get("raters", 0) + len(raters)
        progress.step(len(ratings))
    progress.close()


def _ratings(
    ctx: ScaleContext, raters: list[Rater], cells: list[tuple[int, int]], values: list[int]
) -> Iterator[Rating]:
    for rater in raters:
        for challenge, level in cells:
            yield Rating(
                rater_id=rater.pk,
                challenge_id=challenge,
                level_id=level,
                value=ctx.rng.choice(values),
            )


register("Self-assessment rounds and ratings", 30, generate)
# The action plans from these rounds register themselves (order 35) on import.
__all__ = ["scale_plans"]
