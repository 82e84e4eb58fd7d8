"""What the library adds to the shared pages (`core.slots`)."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots
from recoverynet.network import access as network_access

from . import selectors


def _to_moderate(ctx: slots.SlotContext) -> list[slots.Thing]:
    return [
        slots.Thing(
            f"Review: {resource.title}",
            # The review form on the resource's page (the moderation URL itself takes POST only).
            reverse("library:resource-detail", args=[resource.public_id]) + "#review",
            f"Shared in the {resource.network.name} library, waiting for moderation",
        )
        for resource in selectors.moderation_queue(actor=ctx.user)[:20]
    ]


def register() -> None:
    slots.contribute_things(
        key="library.moderation",
        heading="Library resources waiting for moderation",
        order=50,
        things=_to_moderate,
        visible=lambda ctx: network_access.is_network_team(ctx.user),
    )
    slots.contribute(
        "navigation", key="library.list", order=40, label="Library", url="library:resource-list"
    )
    slots.contribute(
        "manage_index",
        key="library.moderation",
        order=20,
        heading="Library",
        label="Library moderation",
        after=": resources waiting for review",
        url="library:moderation-queue",
        # The same rule as the queue itself (library.views.moderation_queue).
        visible=lambda ctx: network_access.is_network_team(ctx.user),
    )
