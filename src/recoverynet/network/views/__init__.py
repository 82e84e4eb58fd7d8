"""HTML pages for networks, the member directory, organisations and the network team. Thin: each view
validates a form, calls one service or selector, and renders. Split by area; `urls` imports from here."""

from .audit import membership_audit, organisation_audit, person_audit
from .manage_members import invitation_revoke, membership_add, membership_end, team_add, team_remove
from .manage_networks import (
    manage,
    manage_network,
    network_add,
    network_settings,
    tax_rate_add,
    tier_add,
    tier_edit,
)
from .manage_organisations import organisation_add, organisation_edit, organisation_list_manage
from .people import affiliation_edit, invitation_accept, my_organisations, organisation_people
from .public import directory, home, network_detail, network_list, organisation_detail

__all__ = [
    "affiliation_edit",
    "directory",
    "home",
    "invitation_accept",
    "invitation_revoke",
    "manage",
    "manage_network",
    "membership_add",
    "membership_audit",
    "membership_end",
    "my_organisations",
    "network_add",
    "network_detail",
    "network_list",
    "network_settings",
    "organisation_add",
    "organisation_audit",
    "organisation_detail",
    "organisation_edit",
    "organisation_list_manage",
    "organisation_people",
    "person_audit",
    "tax_rate_add",
    "team_add",
    "team_remove",
    "tier_add",
    "tier_edit",
]
