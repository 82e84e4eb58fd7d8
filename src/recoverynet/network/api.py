"""Networks, organisations, memberships and roles over HTTP. Same rules as the pages: public details
for everyone; private data and writes for the right people."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AnyHttpUrl, field_validator

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import PageNumber, errors
from recoverynet.core.errors import NotFound
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name

from . import selectors, services
from .models import (
    AffiliationRole,
    MembershipStatus,
    MembershipTier,
    Network,
    NetworkRoleKind,
    Organisation,
    OrganisationKind,
)

router = Router(tags=["networks"])


class TierOut(Schema):
    id: int
    name: str
    slug: str
    member_rates: bool
    description: str


class NetworkOut(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    currency: str
    tax_name: str
    tax_rate: Decimal = Field(description="Rate in force today, as a fraction (0.2 = 20 %).")
    time_zone: str
    self_registration: bool
    member_count: int

    @staticmethod
    def resolve_tax_rate(obj: object) -> Decimal:
        return obj.tax_rate_on()  # type: ignore[attr-defined]


class NetworkSettingsOut(NetworkOut):
    """A network with the details only its team sees: what goes on its invoices."""

    contact_email: str
    supplier_name: str
    supplier_address: str
    tax_number: str
    tax_number_label: str = Field(description='"VAT registration number", "ABN", …')
    payment_instructions: str
    payment_terms_days: int
    invoice_details_missing: list[str] = Field(
        description="What must be filled in before the network can issue invoices (empty: ready)."
    )

    @staticmethod
    def resolve_invoice_details_missing(obj: Network) -> list[str]:
        return obj.invoice_details_missing()


class NetworkPatch(PatchSchema):
    name: Name | None = Field(None, max_length=150)
    short_name: Line | None = Field(None, max_length=40)
    description: str | None = Field(None, max_length=5000)
    tax_name: Name | None = Field(None, max_length=20)
    time_zone: Name | None = Field(None, max_length=64)
    self_registration: bool | None = None
    contact_email: str | None = Field(None, max_length=254)
    supplier_name: Line | None = Field(None, max_length=200)
    supplier_address: str | None = Field(None, max_length=500)
    tax_number: Line | None = Field(None, max_length=40)
    payment_instructions: str | None = Field(None, max_length=1000)
    payment_terms_days: int | None = Field(None, ge=0, le=365)


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    website: str
    description: str
    parent: str | None = Field(None, description="Slug of the partnership it belongs to.")

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        return obj.parent.slug if obj.parent is not None else None


class OrganisationIn(Schema):
    name: Name = Field(max_length=200)
    kind: OrganisationKind
    country: Name = Field(max_length=60)
    website: AnyHttpUrl | None = None
    description: str = Field("", max_length=2000)
    parent: str | None = Field(None, description="Slug of the partnership it belongs to.")
    network: str | None = Field(
        None,
        description="Slug of the network adding it; needed if you coordinate more than one. Until "
        "it has a membership, only that network's coordinators manage it.",
    )


class OrganisationPatch(PatchSchema):
    nullable = frozenset({"website", "parent"})  # null clears them

    name: Name | None = Field(None, max_length=200)
    kind: OrganisationKind | None = None
    country: Name | None = Field(None, max_length=60)
    website: AnyHttpUrl | None = None
    description: str | None = Field(None, max_length=2000)
    parent: str | None = None


class MembershipOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    network: str
    tier: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    status: str

    @staticmethod
    def resolve_organisation(obj: object) -> str:
        return obj.organisation.slug  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organisation_name(obj: object) -> str:
        return obj.organisation.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_network(obj: object) -> str:
        return obj.network.slug  # type: ignore[attr-defined]

    @staticmethod
    def resolve_tier(obj: object) -> str:
        return obj.tier.slug  # type: ignore[attr-defined]


class MembershipIn(Schema):
    organisation: str = Field(description="Organisation slug.")
    tier: str = Field(description="Tier slug in this network.")
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    notes: str = Field("", max_length=2000)

    @field_validator("valid_to")
    @classmethod
    def _dates_in_order(cls, value: datetime.date | None, info: object) -> datetime.date | None:
        start = info.data.get("valid_from")  # type: ignore[attr-defined]
        if value is not None and start is not None and value < start:
            raise ValueError("must be the same as or after valid_from")
        return value


class MembershipEndIn(Schema):
    end_date: datetime.date
    status: Literal["ended", "lapsed"] = "ended"


class PersonOut(Schema):
    id: int
    email: str
    full_name: str
    role: str

    @staticmethod
    def resolve_id(obj: object) -> int:
        return obj.pk  # type: ignore[attr-defined]

    @staticmethod
    def resolve_email(obj: object) -> str:
        return obj.user.email  # type: ignore[attr-defined]

    @staticmethod
    def resolve_full_name(obj: object) -> str:
        return obj.user.full_name  # type: ignore[attr-defined]


class PersonIn(Schema):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: AffiliationRole


class AddPersonOut(Schema):
    outcome: Literal["added", "invited"]
    person: PersonOut | None = None


class TeamMemberOut(Schema):
    id: int
    email: str
    role: str

    @staticmethod
    def resolve_email(obj: object) -> str:
        return obj.user.email  # type: ignore[attr-defined]


class TeamIn(Schema):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: NetworkRoleKind


class TeamAddOut(Schema):
    outcome: Literal["added", "invited"]


class AuditOut(Schema):
    at: datetime.datetime
    actor: str = Field(alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, object]


# --- Public reads ------------------------------------------------------------------------------------


@router.get("/networks", response=list[NetworkOut], auth=None, summary="List networks")
@paginate(PageNumber)
def network_list(request: HttpRequest) -> object:
    return selectors.network_list().prefetch_related("tax_rates")


@router.get("/networks/{slug}", response=NetworkOut, auth=None, summary="One network")
def network_detail(request: HttpRequest, slug: str) -> object:
    return selectors.network_get(slug)


@router.get(
    "/networks/{slug}/tiers",
    response=list[TierOut],
    auth=None,
    summary="A network's membership tiers",
)
def network_tiers(request: HttpRequest, slug: str) -> object:
    return selectors.network_get(slug).tiers.all()


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary="List organisations (public details)",
)
@paginate(PageNumber)
def organisation_list(request: HttpRequest, network: str = "") -> object:
    return selectors.organisation_list_public(network_slug=network)


@router.get(
    "/organisations/{slug}",
    response=OrganisationOut,
    auth=None,
    summary="One organisation (public details)",
)
def organisation_detail(request: HttpRequest, slug: str) -> object:
    return selectors.organisation_public(slug)


@router.get("/memberships", response=list[MembershipOut], auth=None, summary="Current memberships")
@paginate(PageNumber)
def membership_list(request: HttpRequest, network: str = "") -> object:
    return selectors.membership_list_public(network_slug=network)


# --- Team reads and writes -----------------------------------------------------------------------------


@router.get(
    "/networks/{slug}/settings",
    response=NetworkSettingsOut,
    auth=api_auth,
    summary="A network's settings, with its invoice details (coordinators)",
)
def network_settings(request: HttpRequest, slug: str) -> object:
    return selectors.network_settings_get(actor=request.user, slug=slug)


@router.patch(
    "/networks/{slug}",
    response={200: NetworkSettingsOut, **errors(400)},
    auth=api_auth,
    summary="Change a network's settings",
)
def network_update(request: HttpRequest, slug: str, payload: NetworkPatch) -> object:
    network = selectors.network_get(slug)
    services.network_update(
        actor=request.user, network=network, **payload.model_dump(exclude_unset=True)
    )
    return selectors.network_get(slug)


@router.get(
    "/networks/{slug}/memberships",
    response=list[MembershipOut],
    auth=api_auth,
    summary="All memberships of a network, any status (network team)",
)
@paginate(PageNumber)
def network_memberships(request: HttpRequest, slug: str, status: str = "") -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    if status and status not in MembershipStatus.values:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid",
            f"status must be one of {', '.join(MembershipStatus.values)}.",
            field="status",
            status=422,
        )
    return selectors.network_memberships(actor=request.user, network=network, status=status)


def _tier(network_id: int, slug: str) -> MembershipTier:
    tier = MembershipTier.objects.filter(network_id=network_id, slug=slug).first()
    if tier is None:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No tier with that slug in this network.", field="tier", status=422
        )
    return tier


@router.post(
    "/networks/{slug}/memberships",
    response={201: MembershipOut, **errors(400, 409)},
    auth=api_auth,
    summary="Add a membership (coordinator)",
)
def membership_create(request: HttpRequest, slug: str, payload: MembershipIn) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    organisation = selectors.organisation_public(payload.organisation)
    membership = services.membership_create(
        actor=request.user,
        organisation=organisation,
        network=network,
        tier=_tier(network.pk, payload.tier),
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        notes=payload.notes,
    )
    return Status(201, membership)


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **errors(400, 409)},
    auth=api_auth,
    summary="End a membership (coordinator)",
)
def membership_end(request: HttpRequest, membership_id: int, payload: MembershipEndIn) -> object:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    return services.membership_end(
        actor=request.user, membership=membership, end_date=payload.end_date, status=payload.status
    )


def _parent(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    try:
        return selectors.organisation_public(slug)
    except NotFound:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No organisation with that slug.", field="parent", status=422
        ) from None


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400)},
    auth=api_auth,
    summary="Add an organisation (coordinator)",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> object:
    data = payload.model_dump()
    data["website"] = str(data["website"]) if data.get("website") else ""
    data["parent"] = _parent(payload.parent)
    data["network"] = _adding_network(payload.network)
    return Status(201, services.organisation_create(actor=request.user, **data))


def _adding_network(slug: str | None) -> Network | None:
    if not slug:
        return None
    try:
        return selectors.network_get(slug)
    except NotFound:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No network with that slug.", field="network", status=422
        ) from None


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(400)},
    auth=api_auth,
    summary="Change an organisation (coordinator)",
)
def organisation_update(request: HttpRequest, slug: str, payload: OrganisationPatch) -> object:
    organisation = selectors.organisation_public(slug)
    data = payload.model_dump(exclude_unset=True)
    if "website" in data:
        data["website"] = str(data["website"]) if data["website"] else ""
    if "parent" in data:
        data["parent"] = _parent(data["parent"])
    return services.organisation_update(actor=request.user, organisation=organisation, **data)


@router.get(
    "/organisations/{slug}/people",
    response=list[PersonOut],
    auth=api_auth,
    summary="People affiliated with an organisation (recovery lead, network team)",
)
def organisation_people(request: HttpRequest, slug: str) -> object:
    organisation = selectors.organisation_public(slug)
    return selectors.organisation_people(actor=request.user, organisation=organisation)


@router.post(
    "/organisations/{slug}/people",
    response={201: AddPersonOut, 202: AddPersonOut, **errors(400)},
    auth=api_auth,
    summary="Add a person, or invite them if they have no account (recovery lead, coordinator)",
)
def organisation_person_add(request: HttpRequest, slug: str, payload: PersonIn) -> object:
    organisation = selectors.organisation_public(slug)
    result = services.affiliation_add(
        actor=request.user, organisation=organisation, email=payload.email, role=payload.role
    )
    if result.invitation:
        return Status(202, {"outcome": "invited", "person": None})
    return Status(201, {"outcome": "added", "person": result.affiliation})


@router.delete(
    "/organisations/{slug}/people/{affiliation_id}",
    response={204: None, **errors(400)},
    auth=api_auth,
    summary="Remove a person from an organisation",
)
def organisation_person_remove(request: HttpRequest, slug: str, affiliation_id: int) -> object:
    organisation = selectors.organisation_public(slug)
    affiliation = selectors.affiliation_get(
        actor=request.user, organisation=organisation, affiliation_id=affiliation_id
    )
    services.affiliation_remove(actor=request.user, affiliation=affiliation)
    return Status(204, None)


@router.get(
    "/networks/{slug}/team", response=list[TeamMemberOut], auth=api_auth, summary="A network's team"
)
def network_team(request: HttpRequest, slug: str) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    return selectors.network_team(actor=request.user, network=network)


@router.post(
    "/networks/{slug}/team",
    response={201: TeamAddOut, 202: TeamAddOut, **errors(400)},
    auth=api_auth,
    summary="Add someone to a network's team, or invite them (coordinator)",
)
def network_team_add(request: HttpRequest, slug: str, payload: TeamIn) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    result = services.network_role_grant(
        actor=request.user, network=network, email=payload.email, role=payload.role
    )
    if isinstance(result, services.Invitation):
        return Status(202, {"outcome": "invited"})
    return Status(201, {"outcome": "added"})


@router.get(
    "/organisations/{slug}/history",
    response=list[AuditOut],
    auth=api_auth,
    summary="Audit history of an organisation, its memberships and people (network team)",
)
def organisation_history(request: HttpRequest, slug: str) -> object:
    organisation = selectors.organisation_public(slug)
    return selectors.audit_for_organisation(actor=request.user, organisation=organisation)
