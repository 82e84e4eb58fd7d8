"""What the privacy app adds to the shared pages (`core.slots`)."""

from __future__ import annotations

from recoverynet.core import slots

from .access import can_manage_privacy


def register() -> None:
    slots.contribute(
        "manage_index",
        key="privacy.record",
        order=95,
        heading="Personal data",
        label="Record of processing",
        after=": what we hold, why, for how long, who sees it",
        url="privacy:record",
        visible=lambda ctx: can_manage_privacy(ctx.user),
    )
    slots.contribute(
        "manage_index",
        key="privacy.retention",
        order=96,
        heading="Personal data",
        label="Retention rules",
        after=": dry run and approvals",
        url="privacy:retention",
        visible=lambda ctx: can_manage_privacy(ctx.user),
    )
    slots.contribute(
        "manage_index",
        key="privacy.requests",
        order=97,
        heading="Personal data",
        label="Requests received by post",
        after=": a copy of someone's data, or erasing it",
        url="privacy:requests",
        visible=lambda ctx: can_manage_privacy(ctx.user),
    )
