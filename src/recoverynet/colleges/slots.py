"""What the colleges app adds to the shared pages (`core.slots`)."""

from __future__ import annotations

from recoverynet.core import slots


def register() -> None:
    slots.contribute(
        "navigation", key="colleges.list", order=45, label="Colleges", url="colleges:college-list"
    )
    slots.contribute(
        "profile",
        key="colleges.my_learning",
        order=40,
        heading="My learning",
        label="My Recovery College courses, certificates and learning plan",
        url="colleges:my-learning",
        visible=lambda ctx: ctx.signed_in,
    )
