"""Demo engagements from the network's own history (network-facts.md): Northern Ireland's
18-month project with the five trusts and its follow-up workshop, the Nottinghamshire ↔ Norfolk and
Suffolk buddying pair with the two half-day sessions of 28 November 2016, coaching a small team in
Nottingham, and Oxford Recovery College's 5-day bespoke package (running now, so its burn and the
capacity calendar have something to show: next month is over-committed). Three consultants with
their expertise. Idempotent: an engagement already there is left alone."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from recoverynet.network.models import Network, NetworkRole, NetworkRoleKind

from .. import services
from ..selectors import has_calendar_feed
from .common import DOMAIN
from .common import user as demo_user
from .current import capacity, oxford
from .history import buddying, coaching, northern_ireland
from .partnership import partnership
from .session_feedback import coaching_feedback

User = get_user_model()
# (e-mail key, name): two more consultants beside the network demo's consultant.uk
CONSULTANTS = [
    ("consultant.coproduction", "Rosa Mensah"),
    ("consultant.colleges", "Tom Adeyemi"),
]


def load_demo() -> dict[str, int]:
    uk = Network.objects.filter(slug="uk").first()
    lead = User.objects.filter(email=f"coordinator.uk@{DOMAIN}").first()
    sam = User.objects.filter(email=f"consultant.uk@{DOMAIN}").first()
    if uk is None or lead is None or sam is None:
        return {"engagements": 0}
    people = [sam]
    for key, name in CONSULTANTS:
        consultant = demo_user(key, name)
        NetworkRole.objects.get_or_create(
            user=consultant, network=uk, role=NetworkRoleKind.CONSULTANT
        )
        people.append(consultant)
    sam, rosa, tom = people
    made = 0
    made += northern_ireland(lead, uk, sam, rosa)
    made += buddying(lead, uk, sam, rosa)
    made += coaching(lead, uk, rosa)
    made += oxford(lead, uk, sam, rosa, tom)
    made += partnership(lead, uk, sam, rosa)
    capacity(lead, uk, people)
    if not has_calendar_feed(actor=sam):
        services.calendar_feed_reset(actor=sam)  # the address is shown on the feed's page once
    return {"engagements": made, "engagement session feedback": coaching_feedback(lead)}
