"""What personal data network holds, why, and for how long (docs/personal-data-format.md)."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

ROLES = until_erasure("network.roles", "Until you leave, or close your account")
INVITATIONS = Retention(
    key="network.invitations",
    describe="90 days after the invitation expires",
    anchor="expires_at",
    days=90,
)
MEMBERSHIP_NOTES = Retention(
    key="network.membership_notes",
    describe="Six years after the membership ends",
    anchor="valid_to",
    years=6,
)
TEAM = (Audience.NETWORK_TEAM,)


def _role_link(purpose: str) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=(Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM),
        retention=ROLES,
        action=Action.DELETE,
    )


PERSONAL_DATA = [
    NotPersonal("network.Network", reason="Networks and their public contact details."),
    NotPersonal("network.TaxRate", reason="Tax rates."),
    NotPersonal("network.MembershipTier", reason="Kinds of membership and their fees."),
    NotPersonal("network.Organisation", reason="Member organisations."),
    Model(
        model="network.Membership",
        describe="Organisations' memberships of a network",
        subject=(),
        fields={
            "notes": Field(
                Category.FREE_TEXT,
                purpose="Notes the network team keeps about a membership (they may name people).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=MEMBERSHIP_NOTES,
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "organisation",
            "network",
            "tier",
            "valid_from",
            "valid_to",
            "status",
        ),
    ),
    Model(
        model="network.Affiliation",
        describe="Your roles in organisations",
        subject=("user",),
        fields={"user": _role_link("To know who can act for an organisation.")},
        not_personal=("created_at", "updated_at", "organisation", "role"),
    ),
    Model(
        model="network.NetworkRole",
        describe="Your roles in a network's team",
        subject=("user",),
        fields={"user": _role_link("To know who runs the network.")},
        not_personal=("created_at", "updated_at", "network", "role"),
    ),
    Model(
        model="network.Participant",
        describe="Networks you take part in",
        subject=("user",),
        fields={"user": _role_link("To know who takes part in a network.")},
        not_personal=("created_at", "updated_at", "network", "joined_via"),
    ),
    Model(
        model="network.Invitation",
        describe="Invitations to join a network",
        subject=("email", "accepted_by"),
        fields={
            "email": Field(
                Category.CONTACT,
                purpose="To send you the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, Audience.NETWORK_TEAM),
                retention=INVITATIONS,
                action=Action.DELETE,
            ),
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="To check the invitation link (only a scrambled form is stored).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=INVITATIONS,
                action=Action.DELETE,
                export=False,
            ),
            "invited_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who sent the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=INVITATIONS,
                action=Action.DELETE,
                on_erasure=Action.CLEAR,
            ),
            "accepted_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who accepted the invitation.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=INVITATIONS,
                action=Action.DELETE,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "network",
            "organisation",
            "affiliation_role",
            "network_role",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ),
    ),
]
