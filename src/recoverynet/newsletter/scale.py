"""generate_scale for the newsletter: one publication per network and 200,000 subscriptions (most
confirmed, some waiting, some gone), each with its consent record (see core/scale.py)."""

from __future__ import annotations

from recoverynet.core.scale import ScaleContext, bulk, register
from recoverynet.network.scale import SCALE_DOMAIN

from .models import (
    ConsentEvent,
    ConsentRecord,
    Publication,
    Subscription,
    SubscriptionStatus,
)

CONSENT = "Send me the network's newsletter. I can unsubscribe at any time."


def generate(ctx: ScaleContext) -> None:
    publications = [
        Publication.objects.get_or_create(
            network_id=network, defaults={"title": f"Newsletter {network}", "consent_text": CONSENT}
        )[0].pk
        for network in ctx.ids["network.networks"]
    ]
    count = ctx.n(200_000, minimum=2)
    statuses = [SubscriptionStatus.ACTIVE] * 8 + [
        SubscriptionStatus.PENDING,
        SubscriptionStatus.UNSUBSCRIBED,
    ]
    rows = (
        Subscription(
            publication_id=publications[i % len(publications)],
            email=f"reader{i}@{SCALE_DOMAIN}",
            status=(status := ctx.rng.choice(statuses)),
            confirmed_at=ctx.anchor if status != SubscriptionStatus.PENDING else None,
        )
        for i in range(count)
    )
    bulk(ctx, "newsletter subscriptions", Subscription, rows, count, keep_ids="newsletter.subs")
    subs = ctx.ids["newsletter.subs"]
    bulk(
        ctx,
        "consent records",
        ConsentRecord,
        (
            ConsentRecord(
                subscription_id=s,
                event=ConsentEvent.REQUESTED,
                consent_text=CONSENT,
                method="web form",
            )
            for s in subs
        ),
        len(subs),
    )


register("Newsletter subscriptions", 50, generate)
