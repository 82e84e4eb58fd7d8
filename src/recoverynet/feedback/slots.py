"""What feedback adds to the shared pages (`core.slots`): the network team's "Manage networks"
section and the person's "Feedback to give" on their profile."""

from __future__ import annotations

from recoverynet.core import slots

from . import access


def register() -> None:
    slots.contribute(
        "manage_index",
        key="feedback.manage",
        order=25,
        heading="Feedback and debates",
        label="See feedback from events",
        url="feedback:manage",
        visible=lambda ctx: access.may_manage_any(ctx.user),
    )
    slots.contribute(
        "profile",
        key="feedback.to_give",
        order=15,
        heading="Feedback",
        label="Feedback to give on events you attended",
        url="feedback:my-feedback",
        visible=lambda ctx: ctx.signed_in,
    )
