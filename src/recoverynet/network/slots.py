"""This app's own entries in the shared UI slots (`core.slots`): the header's menu items for
networks, the directory, "My organisations" and "Manage networks"."""

from __future__ import annotations

from recoverynet.core import slots

from . import access


def register() -> None:
    slots.contribute(
        "navigation", key="network.networks", order=10, label="Networks", url="network:network-list"
    )
    slots.contribute(
        "navigation",
        key="network.directory",
        order=20,
        label="Member directory",
        url="network:directory",
    )
    slots.contribute(
        "navigation",
        key="network.my-organisations",
        order=60,
        label="My organisations",
        url="network:my-organisations",
        visible=lambda ctx: ctx.signed_in,
    )
    slots.contribute(
        "navigation",
        key="network.manage",
        order=90,
        label="Manage networks",
        url="network:manage",
        visible=lambda ctx: ctx.signed_in and access.is_network_team(ctx.user),
    )
