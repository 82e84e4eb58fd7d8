"""What personal data accounts holds, why, and for how long (docs/personal-data-format.md)."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Condition,
    Field,
    Model,
    Retention,
    until_erasure,
)

ACCOUNT = until_erasure("accounts.account")
TOKENS = Retention(
    key="accounts.api_tokens",
    describe="One year after the token was last used, expired or was revoked",
    anchor=("created_at", "last_used_at", "expires_at", "revoked_at"),
    years=1,
)
ME_AND_TEAM = (Audience.SELF, Audience.NETWORK_TEAM)


def _profile(category: Category, purpose: str, seen_by: tuple[Audience, ...]) -> Field:
    return Field(
        category,
        purpose=purpose,
        basis=Basis.CONTRACT,
        seen_by=seen_by,
        retention=ACCOUNT,
        action=Action.CLEAR,
    )


PERSONAL_DATA = [
    Model(
        model="accounts.User",
        describe="Your account and profile",
        subject=("email",),
        fields={
            "email": Field(
                Category.CONTACT,
                purpose="To sign you in and send you what you booked or asked for.",
                basis=Basis.CONTRACT,
                seen_by=(*ME_AND_TEAM, Audience.ORGANISATION),
                retention=ACCOUNT,
                action=Action.ANONYMISE,
                anonymised="erased-{pk}@erased.invalid",
            ),
            "password": Field(
                Category.TECHNICAL,
                purpose="To sign you in (only a scrambled form is stored).",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=ACCOUNT,
                action=Action.ANONYMISE,
                anonymised="!erased",
                export=False,
            ),
            "last_login": Field(
                Category.TECHNICAL,
                purpose="To show when the account was last used.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ME_AND_TEAM,
                retention=ACCOUNT,
                action=Action.CLEAR,
            ),
            "full_name": _profile(
                Category.IDENTITY,
                "To know who you are on bookings, certificates and in your organisation.",
                (*ME_AND_TEAM, Audience.ORGANISATION, Audience.MEMBERS),
            ),
            "preferred_name": _profile(
                Category.IDENTITY, "To address you as you prefer.", (*ME_AND_TEAM,)
            ),
            "job_title": _profile(
                Category.IDENTITY,
                "To show your role to others in your organisation.",
                (*ME_AND_TEAM, Audience.ORGANISATION),
            ),
            "perspective": Field(
                Category.PERSPECTIVE,
                purpose="To report who takes part (never shown beside your name).",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF,),
                retention=ACCOUNT,
                action=Action.CLEAR,
            ),
            "perspective_updated_at": Field(
                Category.PERSPECTIVE,
                purpose="To know when you last described your perspective.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF,),
                retention=ACCOUNT,
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "erased_at",
            "groups",
            "user_permissions",
        ),
    ),
    Model(
        model="accounts.ApiToken",
        describe="Personal API tokens you created",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To know whose token it is.",
                basis=Basis.CONTRACT,
                seen_by=ME_AND_TEAM,
                retention=TOKENS,
                action=Action.DELETE,
            ),
            "name": Field(
                Category.FREE_TEXT,
                purpose="To help you recognise the token.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=TOKENS,
                action=Action.DELETE,
            ),
            "prefix": Field(
                Category.TECHNICAL,
                purpose="To help you recognise the token.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=TOKENS,
                action=Action.DELETE,
            ),
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="To check the token (only a scrambled form is stored).",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=TOKENS,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "scopes",
        ),
    ),
]
