"""Networks, member organisations, memberships and people's roles."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recoverynet.core.dates import today_in
from recoverynet.core.models import BaseModel


class Currency(models.TextChoices):
    GBP = "GBP", "Pound sterling (GBP)"
    EUR = "EUR", "Euro (EUR)"
    AUD = "AUD", "Australian dollar (AUD)"


# What the supplier's tax registration is called on an invoice, by the name of the tax.
TAX_NUMBER_LABELS: dict[str, str] = {"VAT": "VAT registration number", "GST": "ABN"}


def tax_number_label(tax_name: str) -> str:
    return TAX_NUMBER_LABELS.get(tax_name.strip().upper(), f"{tax_name} registration number")


class Network(BaseModel):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    tax_name = models.CharField(
        max_length=20, help_text='What tax is called here, e.g. "VAT" or "GST".'
    )
    time_zone = models.CharField(max_length=64, default="Europe/London")
    default_language = models.CharField(max_length=10, default="en-gb")
    self_registration = models.BooleanField(
        default=False, help_text="People may create their own account to join this network."
    )
    contact_email = models.EmailField(blank=True)
    # The supplier named on every invoice and credit note. All four are needed before the network can
    # issue an invoice; each document keeps a copy as issued (see events.Invoice).
    supplier_name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The legal name of the body that sends invoices.",
    )
    supplier_address = models.TextField(blank=True, default="", max_length=500)
    tax_number = models.CharField(max_length=40, blank=True, default="")
    payment_instructions = models.TextField(
        blank=True,
        default="",
        max_length=1000,
        help_text="Bank details and how to quote the invoice number.",
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        default=30, help_text="Invoices are due this many days after they are issued."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payment_terms_days__lte=365),
                name="network_payment_terms_at_most_a_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self) -> datetime.date:
        """Today on this network's calendar: every date judgement for the network uses this."""
        return today_in(self.tz)

    @property
    def tax_number_label(self) -> str:
        return tax_number_label(self.tax_name)

    def invoice_details_missing(self) -> list[str]:
        """What must still be filled in before this network can issue invoices (empty when ready)."""
        wanted = [
            (self.supplier_name, "legal name"),
            (self.supplier_address, "postal address"),
            (self.tax_number, self.tax_number_label),
            (self.payment_instructions, "payment instructions"),
        ]
        return [label for value, label in wanted if not value.strip()]

    def tax_rate_on(self, day: datetime.date | None = None) -> Decimal:
        """The tax rate in force on a day (today by default), from the stored rates."""
        day = day or self.today()
        # Iterate .all() so a prefetch_related("tax_rates") is used; a network has few rates.
        in_force = [r for r in self.tax_rates.all() if r.valid_from <= day]
        return max(in_force, key=lambda r: r.valid_from).rate if in_force else Decimal("0")


class TaxRate(BaseModel):
    """A tax rate from a date onwards. Rates change rarely; old rows stay so old prices still add up."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="tax_rates")
    rate = models.DecimalField(max_digits=5, decimal_places=4, help_text="0.2000 means 20 %.")
    valid_from = models.DateField()

    class Meta:
        ordering = ["network", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["network", "valid_from"], name="taxrate_one_per_day"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lt=1), name="taxrate_between_0_and_1"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.network.short_name or self.network.name} {self.rate:.2%} from {self.valid_from}"
        )


class MembershipTier(BaseModel):
    """A kind of membership in one network, e.g. "Member site" or "Associate"."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=60)
    description = models.TextField(blank=True)
    member_rates = models.BooleanField(
        default=True, help_text="Organisations at this tier book events at member rates."
    )
    annual_fee = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The yearly membership fee before tax, in the network's currency (empty: no fee).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["network", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="tier_slug_unique_in_network"),
            models.CheckConstraint(
                condition=Q(annual_fee__isnull=True) | Q(annual_fee__gte=0),
                name="tier_fee_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    NHS = "nhs", "NHS trust or health board"
    CHARITY = "charity", "Charity or third sector"
    EDUCATION = "education", "Education provider"
    RECOVERY_COLLEGE = "recovery_college", "Recovery College"
    FUNDER = "funder", "Funder or government"
    UNIVERSITY = "university", "University"
    OTHER = "other", "Other"


class Organisation(BaseModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(max_length=60)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, help_text="Shown publicly in the member directory.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partners",
        help_text="The partnership this organisation belongs to, if any.",
    )
    added_by_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The network whose coordinator added it. Until it has a membership, only that "
        "network's coordinators (or administrators, when empty) manage it.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="org_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    LAPSED = "lapsed", "Lapsed"
    ENDED = "ended", "Ended"


class Membership(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="memberships")
    tier = models.ForeignKey(MembershipTier, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    notes = models.TextField(blank=True, help_text="Only the network team sees these.")

    class Meta:
        ordering = ["network", "organisation__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network"],
                condition=Q(status="active"),
                name="one_current_membership_per_org_network",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network} ({self.tier})"

    def is_current_on(self, day: datetime.date) -> bool:
        return (
            self.status == MembershipStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )


class AffiliationRole(models.TextChoices):
    RECOVERY_LEAD = "recovery_lead", "Recovery lead"
    STAFF = "staff", "Staff"
    PEER_WORKER = "peer_worker", "Peer worker"
    VOLUNTEER = "volunteer", "Volunteer"
    STUDENT = "student", "Student"
    OTHER = "other", "Other"


class Affiliation(BaseModel):
    """A person's role in an organisation. The recovery lead manages the organisation's people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(max_length=20, choices=AffiliationRole.choices)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_affiliation_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    CONSULTANT = "consultant", "Consultant"
    EDITOR = "editor", "Editor"


class NetworkRole(BaseModel):
    """Membership of a network's central team. Anyone with one must use MFA."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="team_roles")
    role = models.CharField(max_length=20, choices=NetworkRoleKind.choices)

    class Meta:
        ordering = ["network", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "role"], name="one_role_kind_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.network}"


class JoinedVia(models.TextChoices):
    SELF_REGISTRATION = "self", "Signed up"
    INVITATION = "invitation", "Invited"
    ADDED = "added", "Added by the network team"


class Participant(BaseModel):
    """A person who has joined a network (to book, read, contribute)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participants")
    joined_via = models.CharField(max_length=12, choices=JoinedVia.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"], name="one_participation_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.network}"


class Invitation(BaseModel):
    """An invitation by e-mail to join a network, optionally with an organisation role or team role.

    The link carries a random token; only its hash is stored.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)
    affiliation_role = models.CharField(max_length=20, choices=AffiliationRole.choices, blank=True)
    network_role = models.CharField(max_length=20, choices=NetworkRoleKind.choices, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, affiliation_role="")
                | Q(organisation__isnull=False) & ~Q(affiliation_role=""),
                name="invitation_org_and_role_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.network}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
