"""What the network app announces. Payloads are thin: ids and links, never personal details."""

from recoverynet.core.domain_events import define

NETWORK_CREATED = define(
    "network.created",
    summary="A network was set up.",
    payload={"network_id": "The network's id.", "network_slug": "The network's short name."},
)
MEMBERSHIP_STARTED = define(
    "membership.started",
    summary="An organisation became a member of a network (a new membership or a renewal).",
    payload={
        "membership_id": "The membership's id.",
        "organisation_id": "The member organisation's id.",
        "tier": "The tier's short name.",
        "starts_on": "The first day of the membership (ISO date).",
        "ends_on": "The last day of the membership (ISO date), or null if open-ended.",
    },
)
MEMBERSHIP_LAPSED = define(
    "membership.lapsed",
    summary="A membership ended because its invoice was not paid within the terms.",
    payload={
        "membership_id": "The membership's id.",
        "organisation_id": "The organisation's id.",
        "ended_on": "The membership's last day (ISO date).",
    },
)
