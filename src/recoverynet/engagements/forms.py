"""Forms for engagements. They check the shape of what people type; the services enforce the
rules (halves of days, dates within the engagement, who may do what)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, cast

from django import forms

from recoverynet.core.form_messages import label_phrase
from recoverynet.core.forms import NameField

from .models import EngagementKind, InvoicingMode, OutputKind, SessionState
from .services.sessions import SessionInput

DAYS_HELP = "In whole or half days, for example 1 or 0.5."


def _date(
    label: str, help_text: str = "For example 2027-03-15.", required: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        error_messages={
            "invalid": f"Enter {label_phrase(label)} as a real date, like 15 March 2027"
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _days(label: str, help_text: str = DAYS_HELP, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=6,
        decimal_places=1,
        error_messages={"invalid": "Enter a number of days, for example 1 or 0.5."},
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


def _money(label: str, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, help_text=help_text, required=False, max_digits=12, decimal_places=2
    )


class EngagementForm(forms.Form):
    title = NameField(max_length=200, label="Name of the engagement")
    kind = forms.ChoiceField(
        label="Kind of engagement", choices=EngagementKind.choices, widget=forms.RadioSelect
    )
    organisations = forms.MultipleChoiceField(
        label="Client organisations",
        help_text="One or more; a buddying arrangement pairs exactly two.",
        widget=forms.CheckboxSelectMultiple,
    )
    client_contact_name = NameField(max_length=200, label="Client's lead contact", required=False)
    client_contact_email = forms.EmailField(label="Lead contact's e-mail address", required=False)
    lead_consultant = forms.ChoiceField(label="Lead consultant")
    starts_on = _date("Start date")
    ends_on = _date("End date")
    days = _days("Days agreed", f"The allocation. {DAYS_HELP}", required=False)
    challenges = forms.MultipleChoiceField(
        label="Which of the ten challenges does it address?",
        required=False,
        choices=[(str(n), f"Challenge {n}") for n in range(1, 11)],
        widget=forms.CheckboxSelectMultiple,
    )
    invoicing = forms.ChoiceField(
        label="How is it invoiced?", choices=InvoicingMode.choices, widget=forms.RadioSelect
    )
    fee_net = _money("Fee before VAT", "For invoicing the whole fee when agreed.")
    day_rate_net = _money("Day rate before VAT", "For invoicing per day used.")
    purchase_order = NameField(max_length=100, label="Purchase order number", required=False)
    summary = forms.CharField(
        label="Agreed scope",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, organisations: Any = (), consultants: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._orgs = {str(o.pk): o for o in organisations}
        self._people = {str(u.pk): u for u in consultants}
        cast(forms.ChoiceField, self.fields["organisations"]).choices = [
            (k, o.name) for k, o in self._orgs.items()
        ]
        cast(forms.ChoiceField, self.fields["lead_consultant"]).choices = [
            ("", "Choose a consultant")
        ] + [(k, u.full_name or u.email) for k, u in self._people.items()]

    def chosen_organisations(self) -> list[Any]:
        return [self._orgs[k] for k in self.cleaned_data["organisations"]]

    def chosen_consultant(self) -> Any:
        return self._people.get(self.cleaned_data["lead_consultant"])


class SessionForm(forms.Form):
    state = forms.ChoiceField(
        label="Has it happened?",
        choices=[(SessionState.DELIVERED, "Yes, delivered"), (SessionState.PLANNED, "No, planned")],
        widget=forms.RadioSelect,
        initial=SessionState.DELIVERED,
    )
    on = _date("Date")
    consultant = forms.ChoiceField(label="Who delivered it")
    days = _days("Days used")
    place = NameField(max_length=200, label="Where (optional)", required=False)
    attended_staff = forms.IntegerField(
        label="Staff attending (optional)", required=False, min_value=0, max_value=10000
    )
    attended_lived_experience = forms.IntegerField(
        label="People with lived experience attending (optional)",
        required=False,
        min_value=0,
        max_value=10000,
    )
    attended_family_carers = forms.IntegerField(
        label="Family members and carers attending (optional)",
        required=False,
        min_value=0,
        max_value=10000,
    )
    attended_other = forms.IntegerField(
        label="Others attending (optional)", required=False, min_value=0, max_value=10000
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    over_run_reason = forms.CharField(
        label="Reason for over-running (only if the days run over the allocation)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, consultants: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(u.pk): u for u in consultants}
        cast(forms.ChoiceField, self.fields["consultant"]).choices = [
            (k, u.full_name or u.email) for k, u in self._people.items()
        ]

    def chosen_consultant(self) -> Any:
        return self._people.get(self.cleaned_data["consultant"])

    def session_input(self) -> SessionInput:
        """What was entered, for logging a session or correcting one."""
        data = self.cleaned_data
        return SessionInput(
            on=data["on"],
            consultant=self.chosen_consultant(),
            days=data["days"],
            state=data["state"],
            place=data["place"],
            notes=data["notes"],
            attended_staff=data["attended_staff"],
            attended_lived_experience=data["attended_lived_experience"],
            attended_family_carers=data["attended_family_carers"],
            attended_other=data["attended_other"],
            over_run_reason=data["over_run_reason"],
        )


class TopUpForm(forms.Form):
    days = _days("Extra days")
    reason = forms.CharField(
        label="Why are more days needed?", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllocationForm(forms.Form):
    days = _days("Days agreed")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Move to")

    def __init__(self, *args: Any, choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = list(choices)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=[
            (k, v)
            for k, v in OutputKind.choices
            if k not in (OutputKind.ACTION_PLAN, OutputKind.DOCUMENT)
        ],
        widget=forms.RadioSelect,
    )
    title = NameField(max_length=200, label="Title")
    text = forms.CharField(
        label="What was agreed",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LogForm(forms.Form):
    on = _date("Meeting date")
    text = forms.CharField(
        label="What was discussed and agreed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AvailabilityForm(forms.Form):
    month = forms.DateField(
        label="Month",
        help_text="For example 2027-03.",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "Enter the month as a real month, like 2027-03"},
    )
    consultant = forms.ChoiceField(label="Consultant")
    available_days = _days("Working days in the month", "0 to 23, in whole or half days.")
    leave_days = _days("Days of leave in the month", "0 to 23.", required=False)

    def __init__(self, *args: Any, consultants: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(u.pk): u for u in consultants}
        cast(forms.ChoiceField, self.fields["consultant"]).choices = [
            (k, u.full_name or u.email) for k, u in self._people.items()
        ]

    def chosen_consultant(self) -> Any:
        return self._people.get(self.cleaned_data["consultant"])

    def leave(self) -> Decimal:
        return self.cleaned_data.get("leave_days") or Decimal("0")


class PlanStartForm(forms.Form):
    organisation = forms.ChoiceField(label="For which client")
    title = NameField(max_length=200, label="Name of the action plan")
    session = forms.TypedChoiceField(
        label="Made at which session",
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        help_text="The plan names the session it was made at.",
    )

    def __init__(
        self, *args: Any, organisations: Any = (), sessions: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.pk), o.name) for o in organisations
        ]
        cast(forms.ChoiceField, self.fields["session"]).choices = [("", "Not at a session")] + [
            (str(s.public_id), f"{s.on:%-d %b %Y}") for s in sessions
        ]


class DocumentForm(forms.Form):
    resource = forms.UUIDField(
        label="The library resource's id",
        help_text="The long id in the resource's address, for example "
        "3f2b8c1e-7a4d-4e0b-9c55-2d1f0a6b9e21.",
        error_messages={"invalid": "Enter the id from the resource's address in the library."},
    )


class RoundsForm(forms.Form):
    round_before = forms.ChoiceField(label="Self-assessment before", required=False)
    round_after = forms.ChoiceField(label="Self-assessment after", required=False)

    def __init__(self, *args: Any, rounds: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not at a session")] + [
            (str(r.public_id), f"{r.organisation.name}: {r.title} ({r.created_at:%-d %b %Y})")
            for r in rounds
        ]
        for name in ("round_before", "round_after"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
