from __future__ import annotations

from django import forms


class PersonForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address of the person's account",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address of the person's account.",
            "invalid": "Enter an e-mail address in the right format, like name@example.org.",
        },
    )


class ErasureForm(PersonForm):
    confirm = forms.BooleanField(
        label="I have checked who made the request, and this erases their data now",
        required=True,
        error_messages={"required": "Tick the box to confirm the erasure."},
    )
