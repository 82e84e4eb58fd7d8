"""Billing forms: recording a payment."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.network.forms import annual_fee_field

from .models import PaymentMethod


class InvoicePaidForm(forms.Form):
    """Confirming a payment: when the money arrived and how (the service checks the dates)."""

    paid_on = forms.DateField(
        label="Date paid",
        help_text="The day the money arrived. For example 2027-06-01.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    method = forms.ChoiceField(
        label="How was it paid?", choices=PaymentMethod.choices, widget=forms.RadioSelect
    )


class FeeRunForm(forms.Form):
    year = forms.IntegerField(
        label="Which year's membership invoices?",
        help_text="Every current membership at a tier with a fee gets one invoice for the year. "
        "Memberships already invoiced for that year are skipped.",
        min_value=2000,
        max_value=2100,
    )


class TierFeeForm(forms.Form):
    """Only the fee; the same field as the network's tier pages (`network.forms.annual_fee_field`)."""

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annual_fee"] = annual_fee_field(currency)
