"""Forms for mentoring pairs: pairing, capacity, goals, check-ins, the end."""

from __future__ import annotations

from typing import Any

from django import forms

from .models.network import GoalStatus, MentoringEndState
from .network_forms import CollegeChoiceForm, date_field

# --- Mentoring -----------------------------------------------------------------------------------


class PairForm(forms.Form):
    started_on = date_field("Start date")
    goals = forms.CharField(
        label="First goals",
        required=False,
        max_length=4000,
        help_text="One goal per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, colleges: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleges = {str(c.pk): c for c in colleges}
        choices = [("", "Choose a college")] + [(k, c.name) for k, c in self.colleges.items()]
        self.fields["mentor"] = forms.ChoiceField(
            label="Mentor college",
            choices=choices,
            error_messages={"required": "Choose the mentor college."},
        )
        self.fields["mentee"] = forms.ChoiceField(
            label="College to be mentored",
            choices=choices,
            error_messages={"required": "Choose the college to be mentored."},
        )
        self.order_fields(["mentor", "mentee", "started_on", "goals"])


class CapacityForm(CollegeChoiceForm):
    capacity = forms.IntegerField(
        label="How many colleges it can mentor at once",
        min_value=0,
        max_value=20,
        error_messages={
            "required": "Give a number.",
            "invalid": "Give a whole number.",
            "min_value": "Give a number from 0 to 20.",
            "max_value": "Give a number from 0 to 20.",
        },
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label="Goal", max_length=500, error_messages={"required": "Write the goal."}
    )


class GoalStatusForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices)


class CheckInForm(forms.Form):
    held_on = date_field("Date of the check-in")
    notes = forms.CharField(
        label="Notes",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what you talked about."},
    )


class EndForm(forms.Form):
    ended_on = date_field("End date")
    end_state = forms.ChoiceField(
        label="How it ended",
        choices=[("", "Choose"), *list(MentoringEndState.choices)],
        error_messages={"required": "Say how the pairing ended."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
