"""Forms for action plans. They check the shape of what people type; the services in plans.py enforce
the rules (who may change a plan, whose e-mail address can own an action)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import dateformat, timezone

from .models import ActionStatus, Challenge, Level
from .plans import ActionInput

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example 2027-04-30 or 30/04/2027."


def _date_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": f"Enter a real date. {DATE_HELP}"},
    )


def _day(event: Any) -> str:
    return dateformat.format(timezone.localtime(event.starts_at, event.network.tz), "j F Y")


class LearningDayMixin:
    """An optional choice of the learning-set days the organisation has places at. The field is only
    there when there is a day to choose."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_learning_days(self, days: list[Any], label: str, help_text: str) -> None:
        self._days = {str(event.public_id): event for event in days}
        if not days:
            return
        choices = [("", "Not at a learning-set day")] + [
            (key, f"{event.title}, {_day(event)}") for key, event in self._days.items()
        ]
        self.fields["event"] = forms.ChoiceField(
            label=label, help_text=help_text, required=False, choices=choices
        )

    def chosen_event(self) -> Any:
        return self._days.get(self.cleaned_data.get("event") or "")


class PlanStartForm(LearningDayMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Name of the plan",
        help_text='Something the group will recognise, for example "Peer support 2027".',
        error_messages={"required": "Give the plan a name."},
    )

    def __init__(self, *args: Any, learning_days: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_learning_days(
            learning_days,
            "Learning-set day it comes from",
            "If the group made this plan at a learning-set day.",
        )


class ActionForm(forms.Form):
    """One action. The challenge and level lists come from the plan's framework."""

    what = forms.CharField(
        max_length=500,
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what will be done."},
    )
    challenge = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Challenge it helps with"
    )
    level = forms.ChoiceField(required=False, label="Level")
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
    due = _date_field("Due date", f"When the group hopes it will be done. {DATE_HELP}")

    def __init__(
        self, *args: Any, challenges: list[Challenge], levels: list[Level], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        challenge_field = self.fields["challenge"]
        assert isinstance(challenge_field, forms.TypedChoiceField)
        challenge_field.choices = [("", "Not linked to a challenge")] + [
            (c.pk, f"{c.number}. {c.title}") for c in challenges
        ]
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [("", "No particular level")] + [(lv.key, lv.label) for lv in levels]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") and not data.get("challenge") and "challenge" not in self.errors:
            self.add_error("challenge", "Choose the challenge for this level.")
        has_owner = data.get("owner_email") or (data.get("owner_role") or "").strip()
        if not has_owner and "owner_email" not in self.errors:
            self.add_error("owner_email", "Give the e-mail address of a person, or a role.")
        return data

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            what=data["what"],
            challenge_id=data.get("challenge"),
            level_key=data.get("level") or "",
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
    due = _date_field("Due date", f"Move the date if it needs more time. {DATE_HELP}")

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


class ReviewForm(LearningDayMixin, forms.Form):
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

    def __init__(self, *args: Any, learning_days: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_learning_days(
            learning_days,
            "Learning-set day of the review",
            "If the group reviewed the plan at a learning-set day.",
        )
