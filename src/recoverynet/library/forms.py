"""Forms for the library: search filters, sharing a resource, a new version and the team's review."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from recoverynet.core.forms import NameField
from recoverynet.events import selectors as event_selectors

from . import uploads
from .models import Audience, ModerationStatus, ResourceKind
from .services import Content, FileUpload, ResourceInput


def challenge_choices() -> list[tuple[str, str]]:
    """The Ten Organisational Challenges by title ("2. Delivering comprehensive…"), not number."""
    from recoverynet.challenges import selectors as challenge_selectors

    return [
        (str(n), f"{n}. {t}") for n, t in sorted(challenge_selectors.ten_challenge_titles().items())
    ]


class ResourceFilterForm(forms.Form):
    q = forms.CharField(
        label="Words to search for",
        required=False,
        max_length=200,
        help_text='Put words in quotes to find them together ("peer support"), a minus sign '
        "before a word to leave it out (-clinical), or “or” between words for either.",
    )
    kind = forms.ChoiceField(
        label="Type of resource", required=False, choices=[("", "Any type"), *ResourceKind.choices]
    )
    tag = forms.CharField(label="Tag", required=False, max_length=60)
    challenge = forms.ChoiceField(label="Organisational challenge", required=False)
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
        challenge = cast(forms.ChoiceField, self.fields["challenge"])
        challenge.choices = [("", "Any challenge"), *challenge_choices()]


class MultipleFileInput(forms.FileInput):
    """A file input that lets people choose several files at once (Django's documented pattern)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Cleans to a list of uploaded files (empty when none were chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        chosen = (
            [d for d in data if d] if isinstance(data, list | tuple) else [data] if data else []
        )
        if self.required and not chosen:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        for upload in chosen:
            try:
                cleaned.append(super().clean(upload, initial))
            except forms.ValidationError as exc:
                # Name the file: with several files, "the file is empty" does not say which.
                name = getattr(upload, "name", "") or "A file"
                raise forms.ValidationError(
                    [
                        f"{name} is empty." if error.code == "empty" else f"{name}: {message}"
                        for error in exc.error_list
                        for message in error
                    ]
                ) from exc
        return cleaned


class ContentForm(forms.Form):
    """Files or a link: exactly one of them. Each file's content is checked by the service."""

    # The metaclass moves fields into base_fields, so this does not shadow Form.files at run time.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Upload files",
        required=False,
        help_text=(
            f"You can choose up to {uploads.MAX_FILES} files. Each can be a PDF, a Word, Excel or "
            "PowerPoint file, an image, or plain text or CSV, up to "
            f"{uploads.MAX_BYTES // (1024 * 1024)} MB. Up to "
            f"{uploads.MAX_TOTAL_BYTES // (1024 * 1024)} MB in all."
        ),
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
        files = data.get("files") or []
        has_link = bool(data.get("link"))
        if "files" not in self.errors and "link" not in self.errors:
            if files and has_link:
                self.add_error("files", "Upload files or give a link, not both.")
            elif not files and not has_link:
                self.add_error("files", "Upload a file or give a link.")
            elif len(files) > uploads.MAX_FILES:
                self.add_error(
                    "files",
                    f"Upload up to {uploads.MAX_FILES} files at a time. You chose {len(files)}.",
                )
        return data

    def content(self) -> Content:
        files = self.cleaned_data.get("files") or []
        if files:
            return Content(files=[FileUpload(file=f, name=f.name or "") for f in files])
        return Content(link=self.cleaned_data.get("link") or "")


class ResourceForm(ContentForm):
    title = NameField(max_length=200)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Say in a sentence or two what it is and who it helps.",
    )
    kind = forms.ChoiceField(label="Type of resource", choices=ResourceKind.choices)
    audience = forms.ChoiceField(
        label="Who can see it", choices=Audience.choices, widget=forms.RadioSelect
    )
    learning_set: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # the network's learning sets, set in __init__
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
    challenge_numbers = forms.MultipleChoiceField(
        label="Related organisational challenges",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any the resource helps with.",
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
        "files",
        "link",
    ]

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.MultipleChoiceField, self.fields["challenge_numbers"]
        ).choices = challenge_choices()
        learning_sets = event_selectors.learning_sets_in_network(network=network)
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
            challenge_numbers=",".join(data["challenge_numbers"]),
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
