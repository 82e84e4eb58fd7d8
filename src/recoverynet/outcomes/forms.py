"""Forms for outcome questionnaires: they check the shape of what people type; the services enforce
the rules (licence confirmed, wording complete, answers in range, who may do what)."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.forms import NameField

from .models import InstrumentVersion, LicenceType

DECLINE = "decline"


def _date(label: str, help_text: str = "", required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "invalid": f"Enter a real date for '{label.lower()}'.",
            "required": f"Enter a date for '{label.lower()}'.",
        },
    )


class WordingForm(forms.Form):
    instrument = forms.ModelChoiceField(
        queryset=InstrumentVersion.objects.none(),
        label="Questionnaire",
        empty_label="Choose a questionnaire",
        error_messages={"required": "Choose a questionnaire."},
    )
    licence_type = forms.ChoiceField(
        choices=LicenceType.choices,
        widget=forms.RadioSelect,
        label="Type of licence",
        error_messages={"required": "Choose the type of licence."},
    )
    licence_reference = NameField(
        max_length=200,
        label="Licence reference",
        help_text="For example the registration number or the name of the agreement.",
    )
    licence_expires = _date("Licence ends", "Leave empty if it does not end.", required=False)
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown before the first question, as your licence gives it.",
    )
    items = forms.CharField(
        label="Questions",
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One question per line, in order, exactly as your licence gives them.",
    )
    labels = forms.CharField(
        label="Answer choices",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One answer choice per line, from the lowest value to the highest.",
    )
    licence_confirmed = forms.BooleanField(
        label="I confirm that we hold a licence to use this wording",
        required=False,
        help_text="The wording is kept for your organisation only and never exported.",
    )

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = instruments


class CollectionForm(forms.Form):
    title = NameField(max_length=200, label="Name", help_text="For example 'Spring term 2027'.")
    instruments = forms.ModelMultipleChoiceField(
        queryset=InstrumentVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Questionnaires",
        help_text="Only questionnaires whose wording your organisation has loaded are listed.",
        error_messages={"required": "Choose at least one questionnaire."},
    )
    source = forms.ChoiceField(
        label="Who is asked",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the questionnaires are for."},
    )
    baseline_from = _date("Baseline due from", "Usually the first day.")
    baseline_days = forms.IntegerField(
        label="Days to answer the baseline",
        min_value=1,
        max_value=365,
        initial=14,
        error_messages={
            "required": "Enter the days to answer the baseline.",
            "min_value": "Give at least 1 day to answer the baseline.",
            "max_value": "Give at most 365 days to answer the baseline.",
        },
    )
    end_from = _date(
        "Follow-up due from",
        "Usually the last day. For a course you can leave it empty: its last session is used.",
        required=False,
    )
    end_days = forms.IntegerField(
        label="Days to answer the follow-up",
        min_value=1,
        max_value=365,
        initial=14,
        error_messages={
            "required": "Enter the days to answer the follow-up.",
            "min_value": "Give at least 1 day to answer the follow-up.",
            "max_value": "Give at most 365 days to answer the follow-up.",
        },
    )
    later_from = _date(
        "Later follow-up due from (optional)", "For example three months after the end.", False
    )
    later_days = forms.IntegerField(
        label="Days to answer the later follow-up",
        min_value=1,
        max_value=365,
        initial=28,
        required=False,
        error_messages={
            "min_value": "Give at least 1 day to answer the later follow-up.",
            "max_value": "Give at most 365 days to answer the later follow-up.",
        },
    )
    reminder_days = forms.IntegerField(
        label="Remind people who have not answered every (days)",
        min_value=1,
        max_value=60,
        initial=7,
        error_messages={
            "required": "Enter how often to remind people.",
            "min_value": "Remind every 1 to 60 days.",
            "max_value": "Remind every 1 to 60 days.",
        },
    )
    max_reminders = forms.IntegerField(
        label="Reminders at most",
        min_value=0,
        max_value=5,
        initial=2,
        error_messages={
            "required": "Enter the number of reminders.",
            "min_value": "Send from 0 to 5 reminders.",
            "max_value": "Send from 0 to 5 reminders.",
        },
    )
    send_automatically = forms.BooleanField(
        label="Send the links automatically",
        required=False,
        initial=True,
        help_text="Each person gets their own link by e-mail on the day each questionnaire opens. "
        "Otherwise you send them with a button.",
    )
    add_joiners = forms.BooleanField(
        label="Baseline at enrolment",
        required=False,
        help_text="For a course: students who enrol later are added while the baseline is open, "
        "and get their baseline link when they enrol.",
    )
    retain_until = _date(
        "Forget who answered on",
        "After this date nobody can tell whose answers are whose; the answers stay, paired.",
    )

    def __init__(
        self, *args: Any, instruments: Any, sources: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instruments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = instruments
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = sources

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("later_from") and not data.get("later_days"):
            self.add_error("later_days", "Enter the days to answer the later follow-up.")
        return data


class AnswerForm(forms.Form):
    """One radio group per question; "Prefer not to answer" where the instrument allows it.
    `required` is False when saving to continue later."""

    def __init__(self, *args: Any, rows: list[dict[str, Any]], required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for row in rows:
            choices = list(row["choices"])
            if row["allows_decline"]:
                choices.append((DECLINE, "Prefer not to answer"))
            self.fields[row["name"]] = forms.ChoiceField(
                label=row["text"],
                choices=choices,
                widget=forms.RadioSelect,
                required=required,
                initial=row["saved"] or None,
                help_text=f"Question {row['position']} of {row['total']}. "
                f"Thinking about {row['timeframe']}.",
                error_messages={
                    "required": f"Answer question {row['position']}"
                    + (", or choose 'Prefer not to answer'." if row["allows_decline"] else "."),
                    "invalid_choice": f"Choose one of the answers to question {row['position']}.",
                },
            )

    def answers(self) -> dict[tuple[int, int], int | None]:
        found: dict[tuple[int, int], int | None] = {}
        for name, value in self.cleaned_data.items():
            if not value:
                continue
            _, instrument_id, item = name.split("-")
            found[(int(instrument_id), int(item))] = None if value == DECLINE else int(value)
        return found


class SignpostForm(forms.Form):
    instrument = forms.ModelChoiceField(
        queryset=InstrumentVersion.objects.none(),
        label="Questionnaire",
        empty_label="Choose a questionnaire",
        error_messages={"required": "Choose a questionnaire."},
    )
    item = forms.IntegerField(
        label="Question number",
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Enter the question number.",
            "min_value": "Enter a question number from 1.",
            "max_value": "Enter a question number up to 100.",
        },
    )
    values = forms.CharField(
        label="Answers that show the message",
        max_length=50,
        help_text="The answer values, separated by commas. For example 1, 2.",
    )
    message = forms.CharField(
        label="Message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where to find support, in your own words. This is not a clinical assessment.",
    )

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = instruments

    def clean_values(self) -> list[int]:
        text = self.cleaned_data["values"]
        try:
            values = [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError(
                "Enter whole numbers separated by commas, for example 1, 2."
            ) from None
        if not values:
            raise forms.ValidationError("Enter at least one answer value.")
        return values


class DefinitionUploadForm(forms.Form):
    file = forms.FileField(
        label="Definition file (JSON)",
        help_text="Structure and scoring only, never the wording. At most 200 KB.",
        error_messages={"required": "Choose a definition file."},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError("The definition file must be 200 KB or smaller.")
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be JSON text (UTF-8).") from None
