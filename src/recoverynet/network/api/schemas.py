"""The pydantic request and answer shapes of the network API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AnyHttpUrl, field_validator

from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name

from ..models import (
    AffiliationRole,
    Network,
    NetworkRoleKind,
    Organisation,
    OrganisationKind,
)


class TierOut(Schema):
    id: int
    name: str
    slug: str
    member_rates: bool
    description: str
    annual_fee: Decimal | None = Field(description="The yearly fee before tax; null: no fee.")
    currency: str = Field(description="The network's currency, which the fee is in.")

    @staticmethod
    def resolve_currency(obj: object) -> str:
        return obj.network.currency  # type: ignore[attr-defined]


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
