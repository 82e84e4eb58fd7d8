"""Forms for action plans. They check the shape of what people type; the services enforce the rules (who may change a plan, whose e-mail address can own an action)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import dateformat

from recoverynet.core.forms import date_field

from .models import ActionStatus
from .occasions import Occasion, OccasionRef
from .services import ActionInput
from .topics import Topic


def _date_field(label: str, help_text: str) -> forms.DateField:
    return date_field(label=label, required=False, help_text=help_text)


class OccasionMixin:
    """An optional choice of the occasions the organisation may name (learning-set days it has
    places at, from the apps that register a kind in `plans.occasions`). The field is only there
    when there is one to choose."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_occasions(self, choices: list[Occasion], label: str, help_text: str) -> None:
        self._occasions = {occasion.ref.key: occasion for occasion in choices}
        if not choices:
            return
        # Named by the kinds on offer to this organisation, not every kind registered.
        names = sorted({occasion.kind_name for occasion in choices})
        name = names[0] if len(names) == 1 else "occasion"
        label, help_text = label.format(name=name), help_text.format(name=name)
        label = label[:1].upper() + label[1:]
        none = f"Not at a {name}" if len(names) == 1 else "Not at any of these"
        options = [("", none)] + [
            (key, f"{occasion.label}, {dateformat.format(occasion.date, 'j F Y')}")
            for key, occasion in self._occasions.items()
        ]
        self.fields["occasion"] = forms.ChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=options,
            error_messages={"invalid_choice": "Choose an occasion from the list."},
        )

    def chosen_occasion(self) -> OccasionRef | None:
        chosen = self._occasions.get(self.cleaned_data.get("occasion") or "")
        return chosen.ref if chosen else None


class PlanStartForm(OccasionMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Name of the plan",
        help_text='Something the group will recognise, for example "Peer support 2027".',
        error_messages={"required": "Give the plan a name."},
    )

    def __init__(self, *args: Any, occasions: list[Occasion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_occasions(
            occasions,
            "{name} it comes from",
            "If the group made this plan at a {name}.",
        )


class ActionForm(forms.Form):
    """One action. What it can work on (for a round: a challenge, at one level or all) comes from the
    app the plan came from."""

    what = forms.CharField(
        max_length=500,
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what will be done."},
    )
    topic = forms.ChoiceField(
        required=False,
        label="What it helps with",
        error_messages={"invalid_choice": "Choose what the action helps with from the list."},
    )
    owner_email = forms.EmailField(
        required=False,
        max_length=254,
        label="E-mail address of the person",
        help_text="Someone in the organisation with an account here.",
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.org."
        },
    )
    owner_role = forms.CharField(
        required=False,
        max_length=150,
        label="Or a role",
        help_text='For example "Peer support lead".',
    )
    due = _date_field("Due date", "When the group hopes it will be done.")

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ChoiceField)
        groups: dict[str, list[tuple[str, str]]] = {}
        for topic in topics:
            groups.setdefault(topic.group, []).append((topic.ref, topic.label))
        choices: list[Any] = [("", "Not linked to anything in particular")]
        for group, options in groups.items():
            choices.extend(options if not group else [(group, options)])
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_owner = data.get("owner_email") or (data.get("owner_role") or "").strip()
        if not has_owner and "owner_email" not in self.errors:
            self.add_error("owner_email", "Give the e-mail address of a person, or a role.")
        return data

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            what=data["what"],
            topic=data.get("topic") or "",
            owner_email=data.get("owner_email") or "",
            owner_role=data.get("owner_role") or "",
            due=data.get("due"),
        )


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        label="Where the action is now",
        error_messages={"required": "Choose where the action is now."},
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Progress note",
        help_text="How it is going. The note is dated and kept in the plan's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    dropped_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why it is dropped",
        help_text="Only if the action is dropped. Plans change; saying why helps the group learn.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = _date_field("Due date", "Move the date if it needs more time.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ActionStatus.DROPPED
            and not data.get("dropped_reason", "").strip()
        ):
            self.add_error("dropped_reason", "Say why the action is dropped.")
        return data

    @property
    def new_due(self) -> datetime.date | None:
        due: datetime.date | None = self.cleaned_data.get("due")
        return due


class ReviewForm(OccasionMixin, forms.Form):
    progress = forms.CharField(
        max_length=4000,
        label="What progress has been made",
        help_text="What went well, what got in the way and what the group learnt.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what progress has been made."},
    )
    reset_goals = forms.CharField(
        required=False,
        max_length=4000,
        label="Reset goals",
        help_text="What the group will aim for before the next review.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, occasions: list[Occasion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_occasions(
            occasions,
            "{name} of the review",
            "If the group reviewed the plan at a {name}.",
        )
