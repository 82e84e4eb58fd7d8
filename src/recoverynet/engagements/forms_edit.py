"""Forms for changing an engagement's structure (phases, milestones, shared goals, the client's
quote), correcting and cancelling sessions, and turning down a top-up. Shapes only: the services
enforce the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from recoverynet.core.forms import NameField

from .forms import _date


def _reason(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhaseForm(forms.Form):
    title = NameField(max_length=200, label="Name of the phase")
    starts_on = _date("Start date")
    ends_on = _date("End date")


class MilestoneForm(forms.Form):
    title = NameField(max_length=200, label="Name of the milestone")
    due_on = _date("Due date")
    fee_net = forms.DecimalField(
        label="Fee before VAT (optional)",
        help_text="Invoiced when the milestone is reached, for engagements invoiced per milestone.",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "Enter the fee in pounds and pence, for example 1500.00."},
    )
    phase = forms.TypedChoiceField(label="Phase", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, phases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._phases = {p.pk: p for p in phases}
        cast(forms.ChoiceField, self.fields["phase"]).choices = [("", "Not in a phase")] + [
            (str(p.pk), p.title) for p in phases
        ]

    def chosen_phase(self) -> Any:
        return self._phases.get(self.cleaned_data["phase"])


class GoalForm(forms.Form):
    text = forms.CharField(
        label="The shared goal", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuoteForm(forms.Form):
    quote = forms.CharField(
        label="The client's words",
        help_text="Leave it empty to remove the quote.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label="The client has agreed that we may use these words", required=False
    )


class CancelForm(forms.Form):
    reason = _reason(
        "Why is it cancelled?", "For example: it did not take place, or it was logged twice."
    )


class RejectForm(forms.Form):
    reason = _reason(
        "Why are the extra days not approved?",
        "The person who asked for them is told this by e-mail.",
    )


class ConfirmForm(forms.Form):
    """A remove button's form: nothing to fill in."""


class ReachedForm(forms.Form):
    reached_on = _date("Date it was reached")
