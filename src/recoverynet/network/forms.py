"""Forms validate shape (every 4xx message about input comes from here); services enforce rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast
from zoneinfo import available_timezones

from django import forms

from recoverynet.core.forms import NameField, date_field

from .models import (
    AffiliationRole,
    Currency,
    MembershipStatus,
    MembershipTier,
    Network,
    NetworkRoleKind,
    Organisation,
    OrganisationKind,
    tax_number_label,
)

_TIME_ZONES = sorted(tz for tz in available_timezones() if "/" in tz and not tz.startswith("Etc/"))


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    network = forms.ChoiceField(label="Network", required=False)
    kind = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "Any type"), *OrganisationKind.choices],
    )

    def __init__(self, *args: Any, networks: list[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network_field = cast(forms.ChoiceField, self.fields["network"])
        network_field.choices = [("", "All networks")] + [(n.slug, n.name) for n in networks]


class NetworkSettingsForm(forms.Form):
    name = NameField(max_length=150)
    short_name = forms.CharField(max_length=40, required=False)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000
    )
    tax_name = NameField(
        max_length=20, label="Name of the tax", help_text='For example "VAT" or "GST".'
    )
    time_zone = forms.ChoiceField(choices=[(tz, tz) for tz in _TIME_ZONES])
    contact_email = forms.EmailField(required=False, label="Contact e-mail address")
    self_registration = forms.BooleanField(
        required=False,
        label="Let people create their own account to join this network",
        help_text="If this is off, people can only join through an invitation from the team.",
    )
    supplier_name = forms.CharField(
        max_length=200,
        required=False,
        label="Legal name on invoices",
        help_text="The registered name of the body that sends invoices, for example a charity.",
    )
    supplier_address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
        required=False,
        label="Postal address on invoices",
    )
    tax_number = forms.CharField(max_length=40, required=False, label="Tax registration number")
    payment_instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        label="How to pay",
        help_text="Bank details (account name, sort code or BSB, account number, IBAN) and what to "
        "quote as the reference. Shown on every invoice.",
    )
    payment_terms_days = forms.IntegerField(
        min_value=0,
        max_value=365,
        initial=30,
        label="Payment terms (days)",
        help_text="Invoices are due this many days after they are issued.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tax_name = (self.initial or {}).get("tax_name") or ""
        if tax_name:
            self.fields["tax_number"].label = tax_number_label(tax_name)


class NetworkCreateForm(forms.Form):
    name = NameField(max_length=150)
    short_name = forms.CharField(max_length=40, required=False)
    currency = forms.ChoiceField(
        choices=Currency.choices, help_text="This cannot be changed later."
    )
    tax_name = NameField(
        max_length=20, label="Name of the tax", help_text='For example "VAT" or "GST".'
    )
    tax_percent = forms.DecimalField(
        label="Tax rate (%)", min_value=Decimal("0"), max_value=Decimal("99.99"), decimal_places=2
    )
    time_zone = forms.ChoiceField(choices=[(tz, tz) for tz in _TIME_ZONES], initial="Europe/London")
    self_registration = forms.BooleanField(
        required=False, label="Let people create their own account to join this network"
    )


class TaxRateForm(forms.Form):
    percent = forms.DecimalField(
        label="Rate (%)",
        min_value=Decimal("0"),
        max_value=Decimal("99.99"),
        decimal_places=2,
        help_text="For example 20 for 20 %.",
    )
    valid_from = date_field(label="From")


class OrganisationForm(forms.Form):
    name = NameField(max_length=200)
    kind = forms.ChoiceField(label="Type of organisation", choices=OrganisationKind.choices)
    country = NameField(max_length=60)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="Shown publicly in the member directory.",
    )
    parent = forms.ModelChoiceField(
        label="Part of a partnership",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Not part of a partnership",
    )

    def __init__(
        self,
        *args: Any,
        instance: Organisation | None = None,
        adding_networks: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if adding_networks is not None and len(adding_networks) > 1:
            # Someone who coordinates several networks says which one is adding it.
            self.fields["network"] = forms.ModelChoiceField(
                label="Which network is adding it?",
                queryset=adding_networks,
                required=True,
                help_text="Until it has a membership, only this network's coordinators can "
                "manage it.",
            )
        if instance is not None:
            parent = cast(forms.ModelChoiceField, self.fields["parent"])
            parent.queryset = Organisation.objects.exclude(pk=instance.pk).order_by("name")


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"))
    tier = forms.ModelChoiceField(queryset=MembershipTier.objects.none(), empty_label=None)
    valid_from = date_field(label="Starts on")
    valid_to = date_field(label="Ends on", required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["tier"]).queryset = network.tiers.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "The end date must be the same as or after the start date.")
        return data


class MembershipEndForm(forms.Form):
    end_date = date_field(label="Last day of membership")
    status = forms.ChoiceField(
        label="Why is it ending?",
        choices=[
            (MembershipStatus.ENDED, "Ended"),
            (MembershipStatus.LAPSED, "Lapsed (not renewed)"),
        ],
        widget=forms.RadioSelect,
        initial=MembershipStatus.ENDED,
    )


def annual_fee_field(currency: str) -> forms.DecimalField:
    """A tier's annual fee, the same on every page that sets it (the network's tier pages and
    billing's membership fees): before tax, in the network's currency, 0 or more, empty for none."""
    return forms.DecimalField(
        label=f"Annual membership fee before tax, in {currency}",
        help_text="For example 900 or 900.00. Leave it empty if this tier has no fee.",
        required=False,
        min_value=0,
        max_value=Decimal("99999999.99"),
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the fee as a number, for example 900 or 900.00.",
            "min_value": "Enter a fee of 0 or more.",
            "max_value": "Enter a fee less than 100,000,000.",
            "max_decimal_places": f"Enter the fee in whole {currency} with at most 2 decimal places.",
            "max_digits": "Enter a fee less than 100,000,000.",
            "max_whole_digits": "Enter a fee less than 100,000,000.",
        },
    )


class TierForm(forms.Form):
    """Adding or changing a tier, with its annual fee in the network's currency."""

    name = NameField(max_length=80)
    member_rates = forms.BooleanField(required=False, label="Books events at member rates")
    description = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annual_fee"] = annual_fee_field(currency)


class AddPersonForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)
    role = forms.ChoiceField(choices=AffiliationRole.choices, widget=forms.RadioSelect)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(choices=AffiliationRole.choices, widget=forms.RadioSelect)


class TeamRoleForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)
    role = forms.ChoiceField(choices=NetworkRoleKind.choices, widget=forms.RadioSelect)
