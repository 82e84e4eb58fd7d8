"""Forms for readers and subscribers: subscribing, and choosing which newsletters to get."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from .models import Publication

EMAIL_FORMAT = "Enter an e-mail address in the right format, like name@example.org."


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We will send you an e-mail with a link to confirm.",
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": EMAIL_FORMAT,
            "max_length": EMAIL_FORMAT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        error_messages={"required": "Tick the box to say you agree to get the newsletter."},
    )

    def __init__(self, *args: Any, publication: Publication, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # People agree to exactly the wording stored with their consent record.
        self.fields["consent"].label = publication.consent_text


class PreferencesForm(forms.Form):
    publications = forms.TypedMultipleChoiceField(
        label="Newsletters you get",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the newsletters listed."},
    )

    def __init__(self, *args: Any, publications: list[Publication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["publications"])
        field.choices = [(p.pk, p.title) for p in publications]

    def wanted(self) -> set[int]:
        return set(self.cleaned_data.get("publications") or [])
