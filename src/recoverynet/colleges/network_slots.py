"""What the Learning Network adds to the shared pages (`core.slots`): on a network's page, a link to
its Learning Network page for the network team; on the profile, the peer reviews and mentoring pairs the
person can see, for the network team and people of member organisations.

Predicates use `network.access.roles` only (cached for the request): shared pages pin their query
counts."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots
from recoverynet.core.slots import SlotContext
from recoverynet.network import access as network_access

from . import network_access as access


def _network_home(ctx: SlotContext) -> str:
    return reverse("learning_network:network-home", args=[ctx.network.slug])


def _team_of_network(ctx: SlotContext) -> bool:
    return ctx.network is not None and access.is_team(ctx.user, ctx.network.pk)


def _college_people(ctx: SlotContext) -> bool:
    """The network team, and people of member organisations (their affiliations are already loaded
    for the page, so this costs no query; the pages themselves check precisely)."""
    roles = network_access.roles(ctx.user)
    return ctx.signed_in and (bool(roles.team) or bool(roles.orgs))


def register() -> None:
    slots.contribute(
        "network_page",
        key="colleges.learning_network",
        order=60,
        label="The Recovery College Learning Network",
        url=_network_home,
        after=": member colleges, learning days, fidelity, peer review and mentoring",
        visible=_team_of_network,
    )
    slots.contribute(
        "profile",
        key="colleges.peer_reviews",
        order=60,
        heading="Recovery College Learning Network",
        label="Peer reviews you can see",
        url="learning_network:my-peer-reviews",
        visible=_college_people,
    )
    slots.contribute(
        "profile",
        key="colleges.mentoring",
        order=61,
        heading="Recovery College Learning Network",
        label="Mentoring pairs you can see",
        url="learning_network:my-mentoring",
        visible=_college_people,
    )
