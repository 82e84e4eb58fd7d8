from __future__ import annotations

from django import forms

from recoverynet.core.forms import DATE_FORMATS, NameField, date_input

from . import scopes as token_scopes
from .models import Perspective


class ProfileForm(forms.Form):
    full_name = NameField(label="Full name", max_length=150)
    preferred_name = forms.CharField(
        label="What should we call you?",
        max_length=80,
        required=False,
        help_text="We use this in greetings and e-mails.",
    )
    job_title = forms.CharField(label="Job title or role", max_length=150, required=False)


class PerspectiveForm(forms.Form):
    perspective = forms.ChoiceField(
        label="Which perspective do you bring?",
        choices=[*Perspective.choices, ("", "I'd rather not record this (remove it)")],
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "This is optional. We use it only to show, without names, whose voices were part of "
            "co-produced work. We never show it beside your name. You can change or remove it at any time."
        ),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text='So you can recognise it later, e.g. "Reporting script".',
    )
    expires_at = forms.DateTimeField(
        label="Expires on",
        required=False,
        help_text="Leave empty for a token that does not expire.",
        input_formats=DATE_FORMATS,
        widget=date_input(),
        error_messages={
            "invalid": "Enter the expiry date (Expires on) as a real date, like 30 June 2027"
        },
    )
    access = forms.ChoiceField(
        label="What may the token do?",
        choices=[
            (token_scopes.READ, "Read only"),
            (token_scopes.WRITE, "Read and change"),
        ],
        initial=token_scopes.READ,
        required=False,  # read only when nothing is chosen
        widget=forms.RadioSelect,
        help_text="Choose read only unless your script needs to change things.",
    )
    areas = forms.MultipleChoiceField(
        label="Which parts of recoverynet?",
        choices=list(token_scopes.AREAS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to allow every part.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        access = data.pop("access", "") or token_scopes.READ
        areas = data.pop("areas", [])
        data["scopes"] = [f"{area}:{access}" for area in areas] or [access]
        return data


class AuthenticatorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your new app",
        max_length=6,
        min_length=6,
        help_text="The 6-digit code your new authenticator app shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the 6-digit code from your new app."},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this closes my account and removes my name and e-mail address",
        required=True,
        error_messages={"required": "Tick the box to confirm that you want to close your account."},
    )
