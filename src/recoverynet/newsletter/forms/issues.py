"""Forms for the editors' structure of the newsletter: issues, sections, series and settings."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Publication, SectionKind


class IssueForm(forms.Form):
    title = forms.CharField(
        max_length=100,
        help_text='For example "Spring 2027".',
        error_messages={
            "required": 'Give the issue a title, for example "Spring 2027".',
            "max_length": "Keep the title to 100 characters or fewer.",
        },
    )
    summary = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences for the archive and the e-mail.",
        error_messages={"max_length": "Keep the summary to 300 characters or fewer."},
    )


class SectionForm(forms.Form):
    title = forms.CharField(
        label="Section title",
        max_length=100,
        error_messages={
            "required": "Give the section a title.",
            "max_length": "Keep the title to 100 characters or fewer.",
        },
    )
    kind = forms.ChoiceField(
        label="What goes in it",
        widget=forms.RadioSelect,
        choices=SectionKind.choices,
        initial=SectionKind.ARTICLES,
        error_messages={
            "required": "Choose what the section holds.",
            "invalid_choice": "Choose what the section holds.",
        },
    )


class SeriesForm(forms.Form):
    title = forms.CharField(
        label="Series title",
        max_length=150,
        error_messages={
            "required": "Give the series a title.",
            "max_length": "Keep the title to 150 characters or fewer.",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two for the series page.",
        error_messages={"max_length": "Keep the description to 1,000 characters or fewer."},
    )


class PublicationSettingsForm(forms.Form):
    title = forms.CharField(
        label="Name of the newsletter",
        max_length=150,
        error_messages={
            "required": "Give the newsletter a name.",
            "max_length": "Keep the name to 150 characters or fewer.",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two for the newsletter's home page.",
        error_messages={"max_length": "Keep the description to 1,000 characters or fewer."},
    )
    consent_text = forms.CharField(
        label="What people agree to when they subscribe",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Shown next to the subscribe box, and stored with every consent record. Changing it "
            "does not change what earlier subscribers agreed to: each record keeps the wording "
            "the person saw."
        ),
        error_messages={
            "required": "Say what people agree to when they subscribe.",
            "max_length": "Keep the wording to 1,000 characters or fewer.",
        },
    )
    send_rate_per_minute = forms.IntegerField(
        label="E-mails sent a minute",
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text=(
            "How many e-mails a minute we hand to the mail server when sending an issue. "
            "Mail providers often limit this: check your provider's limit before raising it."
        ),
        error_messages={
            "required": "Enter how many e-mails to send a minute.",
            "invalid": "Enter a whole number, like 600.",
            "min_value": "Choose a sending rate from 1 to 100,000 a minute.",
            "max_value": "Choose a sending rate from 1 to 100,000 a minute.",
        },
    )

    @staticmethod
    def initial_for(publication: Publication) -> dict[str, Any]:
        return {
            "title": publication.title,
            "description": publication.description,
            "consent_text": publication.consent_text,
            "send_rate_per_minute": publication.send_rate_per_minute,
        }
