"""Forms for the newsletter's audience: finding subscribers and deliveries, and the suppression
list."""

from __future__ import annotations

from django import forms

from ..models import SubscriptionStatus, SuppressionReason


class SubscriberFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Everyone"), *SubscriptionStatus.choices],
    )
    q = forms.CharField(label="E-mail address contains", required=False, max_length=254)


DELIVERY_FILTERS = [
    ("", "Everyone"),
    ("sent", "Sent"),
    ("pending", "Waiting"),
    ("failed", "Failed"),
    ("not_sent", "Not sent"),
]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Which recipients to show", required=False, choices=DELIVERY_FILTERS
    )


class SuppressionForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter an e-mail address.",
            "invalid": "Enter an e-mail address in the right format, like name@example.org.",
        },
    )
    reason = forms.ChoiceField(
        label="Why",
        choices=[("", "Choose a reason"), *SuppressionReason.choices],
        initial=SuppressionReason.MANUAL,
        error_messages={
            "required": "Choose a reason.",
            "invalid_choice": "Choose a reason.",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        help_text='For example "Asked by phone on 3 March".',
        error_messages={"max_length": "Keep the note to 300 characters or fewer."},
    )


class SuppressionFilterForm(forms.Form):
    q = forms.CharField(label="E-mail address contains", required=False, max_length=254)
