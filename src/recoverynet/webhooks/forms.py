"""Forms for the webhook pages: shapes only; the services check addresses and events."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core import domain_events
from recoverynet.core.forms import NameField


def event_choices() -> list[tuple[str, str]]:
    return [(t.name, f"{t.name}: {t.summary}") for t in domain_events.catalogue()]


class EndpointForm(forms.Form):
    url = NameField(
        label="Web address to send events to",
        max_length=500,
        help_text="It must start with https:// and be on the public internet.",
        error_messages={"required": "Enter the web address to send events to."},
    )
    description = NameField(
        label="Description (optional)",
        max_length=200,
        required=False,
        help_text="For example, the name of the system that receives them.",
    )
    event_types = forms.MultipleChoiceField(
        label="Events to send",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to send."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = event_choices()  # type: ignore[attr-defined]


class EndpointEditForm(EndpointForm):
    is_active = forms.BooleanField(
        label="Send events to this address",
        required=False,
        help_text="Untick to pause it. Events that happen meanwhile are not kept for it.",
    )
