"""Every write to networks, organisations, memberships and roles.

Services take the acting person, check access, validate business rules, write inside one transaction,
audit each change and queue e-mail after commit. Split by topic; import from here.
"""

from ..models import Invitation  # views and API check isinstance(result, services.Invitation)
from .invitations import (
    INVITATION_LIFETIME,
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from .memberships import membership_change_tier, membership_create, membership_end
from .networks import (
    NETWORK_FIELDS,
    RESERVED_NETWORK_SLUGS,
    network_create,
    network_update,
    participant_join,
    tax_rate_set,
    tier_create,
    tier_update,
)
from .organisations import ORGANISATION_FIELDS, organisation_create, organisation_update
from .people import AddPersonResult, affiliation_add, affiliation_change_role, affiliation_remove
from .team import network_role_grant, network_role_revoke

__all__ = [
    "INVITATION_LIFETIME",
    "NETWORK_FIELDS",
    "ORGANISATION_FIELDS",
    "RESERVED_NETWORK_SLUGS",
    "AddPersonResult",
    "Invitation",
    "affiliation_add",
    "affiliation_change_role",
    "affiliation_remove",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "membership_change_tier",
    "membership_create",
    "membership_end",
    "network_create",
    "network_role_grant",
    "network_role_revoke",
    "network_update",
    "organisation_create",
    "organisation_update",
    "participant_join",
    "tax_rate_set",
    "tier_create",
    "tier_update",
]
