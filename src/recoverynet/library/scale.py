"""generate_scale for the library: 50,000 published resources (with a first version that links
out, so no files are written) across the networks (see core/scale.py)."""

from __future__ import annotations

import datetime
import functools

from recoverynet.core.scale import ScaleContext, bulk, register

from . import search_text
from .models import Audience, ModerationStatus, Resource, ResourceKind, ResourceVersion

SUBJECTS = (
    "co-production",
    "coproduction",
    "peer support",
    "recovery colleges",
    "peer workers",
    "family and carers",
    "personal budgets",
    "shared decision making",
    "trauma",
    "recovery-focused care planning",
    "workforce development",
    "leadership",
)


@functools.cache
def _subject_words(subject: str) -> tuple[str, str]:
    """The stored words of a generated resource's title (before its number) and of the rest."""
    title = search_text.document(f"{subject}: a guide").rstrip()
    rest = search_text.document(
        f"What services learned about {subject}, and what they would do again.",
        f"{subject}, practice",
        "Recovery network team",
    )
    return title, rest


def _words(subject: str, i: int) -> str:
    """What `indexing` would store for a generated resource (its words in order, the number in its
    title too)."""
    title, rest = _subject_words(subject)
    return f"{title} {i}{rest}"


def generate(ctx: ScaleContext) -> None:
    count = ctx.n(50_000, minimum=2)
    networks, users = ctx.ids["network.networks"], ctx.ids["network.users"]
    kinds = [k.value for k in ResourceKind]
    audiences = [Audience.PUBLIC, Audience.MEMBERS, Audience.MEMBERS]
    bulk(
        ctx,
        "library resources",
        Resource,
        (
            Resource(
                public_id=ctx.uuid(),
                network_id=ctx.rng.choice(networks),
                title=f"{(subject := ctx.rng.choice(SUBJECTS)).capitalize()}: a guide ({i})",
                summary=f"What services learned about {subject}, and what they would do again.",
                kind=ctx.rng.choice(kinds),
                authors="Recovery network team",
                published_on=(
                    ctx.anchor - datetime.timedelta(days=ctx.rng.randint(0, 3650))
                ).date(),
                tags=f"{subject}, practice",
                challenge_numbers=str(ctx.rng.randint(1, 10)),
                search_document=_words(subject, i),
                audience=ctx.rng.choice(audiences),
                status=ModerationStatus.APPROVED,
                submitted_by_id=ctx.rng.choice(users),
            )
            for i in range(count)
        ),
        count,
        keep_ids="library.resources",
    )
    resources = ctx.ids["library.resources"]
    bulk(
        ctx,
        "resource versions",
        ResourceVersion,
        (
            ResourceVersion(
                resource_id=r,
                number=1,
                link=f"https://example.org/resources/{r}",
                uploaded_by_id=ctx.rng.choice(users),
            )
            for r in resources
        ),
        len(resources),
    )


register("Library resources", 40, generate)
