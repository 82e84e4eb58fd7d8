"""What engagements add to the shared pages (`core.slots`)."""

from __future__ import annotations

from recoverynet.core import slots

from . import access


def register() -> None:
    slots.contribute(
        "manage_index",
        key="engagements.list",
        order=40,
        heading="Consultancy engagements",
        label="Engagements",
        after=": what was agreed, days used, capacity",
        url="engagements:list",
        visible=lambda ctx: access.may_use_engagements(ctx.user),
    )
    slots.contribute(
        "my_organisations",
        key="engagements.client",
        order=50,
        label="Engagements with the network",
        url="engagements:client-list",
        visible=lambda ctx: (
            ctx.organisation is not None
            and ctx.organisation.pk in access.lead_organisation_ids(ctx.user)
        ),
    )
