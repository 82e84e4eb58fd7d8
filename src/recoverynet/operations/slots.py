"""What the operations app adds to the shared pages (`core.slots`)."""

from __future__ import annotations

from recoverynet.core import slots

from .access import can_see_queues


def register() -> None:
    slots.contribute(
        "manage_index",
        key="operations.queues",
        order=90,
        heading="Background work",
        label="Background queues",
        after=": waiting and failed tasks",
        url="operations:queues",
        # The same rule as the page itself (operations.views.queues).
        visible=lambda ctx: can_see_queues(ctx.user),
    )
