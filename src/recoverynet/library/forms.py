"""Forms for the library: search filters, sharing a resource, a new version and the team's review."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from recoverynet.events.models import LearningSet

from .models import Audience, ModerationStatus, ResourceKind
from .services import Content, ResourceInput

CHALLENGE_CHOICES = [("", "Any challenge")] + [(str(n), f"Challenge {n}") for n in range(1, 11)]


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label="Words to search for", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Type of resource", required=False, choices=[("", "Any type"), *ResourceKind.choices]
    )
    tag = forms.CharField(label="Tag", required=False, max_length=60)
    challenge = forms.ChoiceField(
        label="Organisational challenge", required=False, choices=CHALLENGE_CHOICES
    )
    audience = forms.ChoiceField(
        label="Who can see it",
        required=False,
        choices=[("", "Anyone I can see"), *Audience.choices],
    )
    network = forms.ChoiceField(label="Network", required=False)

    def __init__(self, *args: Any, networks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["network"])
        field.choices = [("", "All networks")] + [(n.slug, n.name) for n in networks]


class ContentForm(forms.Form):
    """A file or a link: exactly one of them."""

    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, Word, Excel or PowerPoint file, an image, or plain text or CSV. Up to 20 MB.",
    )
    link = forms.URLField(
        label="Or give a link",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="For example a recording or a page on another website.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = bool(data.get("file"))
        has_link = bool(data.get("link"))
        if "file" not in self.errors and "link" not in self.errors:
            if has_file and has_link:
                self.add_error("file", "Upload a file or give a link, not both.")
            elif not has_file and not has_link:
                self.add_error("file", "Upload a file or give a link.")
        return data

    def content(self) -> Content:
        upload = self.cleaned_data.get("file")
        if upload:
            return Content(file=upload, file_name=upload.name or "")
        return Content(link=self.cleaned_data.get("link") or "")


class ResourceForm(ContentForm):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Say in a sentence or two what it is and who it helps.",
    )
    kind = forms.ChoiceField(label="Type of resource", choices=ResourceKind.choices)
    audience = forms.ChoiceField(
        label="Who can see it", choices=Audience.choices, widget=forms.RadioSelect
    )
    learning_set = forms.ModelChoiceField(
        queryset=LearningSet.objects.none(),
        required=False,
        empty_label="Choose a learning set",
        help_text="Only if you chose members of one learning set.",
    )
    authors = forms.CharField(max_length=300, required=False, help_text="Who wrote or made it.")
    published_on = forms.DateField(
        label="Date published",
        required=False,
        help_text="For example 2026-03-15.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tags = forms.CharField(
        max_length=300,
        required=False,
        help_text="Words people might search for, separated by commas.",
    )
    challenge_numbers = forms.CharField(
        label="Related organisational challenges",
        max_length=60,
        required=False,
        help_text="Numbers from 1 to 10, separated by commas. For example 2, 7.",
    )

    field_order = [
        "title",
        "summary",
        "kind",
        "audience",
        "learning_set",
        "authors",
        "published_on",
        "tags",
        "challenge_numbers",
        "file",
        "link",
    ]

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        learning_sets = LearningSet.objects.filter(network=network).order_by("title")
        if learning_sets.exists():
            cast(forms.ModelChoiceField, self.fields["learning_set"]).queryset = learning_sets
        else:
            del self.fields["learning_set"]
            audience = cast(forms.ChoiceField, self.fields["audience"])
            audience.choices = [c for c in Audience.choices if c[0] != Audience.LEARNING_SET]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("audience") == Audience.LEARNING_SET and not data.get("learning_set"):
            self.add_error("learning_set", "Choose the learning set that can see it.")
        return data

    def resource_input(self) -> ResourceInput:
        data = self.cleaned_data
        return ResourceInput(
            title=data["title"],
            summary=data["summary"],
            kind=data["kind"],
            audience=data["audience"],
            authors=data["authors"],
            published_on=data["published_on"],
            tags=data["tags"],
            challenge_numbers=data["challenge_numbers"],
            learning_set=data.get("learning_set"),
        )


class VersionForm(ContentForm):
    note = forms.CharField(
        label="What has changed",
        max_length=300,
        required=False,
        help_text="For example: updated figures for 2026.",
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose publish, ask for changes or do not accept.",
            "invalid_choice": "Choose publish, ask for changes or do not accept.",
        },
        choices=[
            (ModerationStatus.APPROVED, "Publish it"),
            (ModerationStatus.CHANGES_REQUESTED, "Ask for changes"),
            (ModerationStatus.REJECTED, "Do not accept it"),
        ],
    )
    note = forms.CharField(
        label="Note to the person who shared it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Needed if you ask for changes or do not accept it.",
    )
