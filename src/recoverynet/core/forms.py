"""Shared form helpers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .errors import ApplicationError
from .form_messages import label_phrase
from .text import bad_character


def add_service_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a business-rule failure on the field it concerns (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _one_line(value: str) -> None:
    if bad_character(value, single_line=True) is not None:
        raise ValidationError("Write this on one line, without line breaks or tabs.", code="line")


class NameField(forms.CharField):
    """A name or title: stripped, required unless said otherwise, one line (decision 0013). Give
    `max_length` equal to the model field's; longer text is refused, never cut."""

    default_validators = [_one_line]


# Dates and times are picked, never typed as free text (issue #15): `<input type=date>` and
# `<input type=datetime-local>`, as every form of the project does. The browser offers a picker and
# cannot send an impossible date; a browser without one (or a hand-made request) that sends
# "2027-02-30" gets a message naming the field. The walk test in tests/core/test_date_inputs.py
# fails for any date or time field of any form that is still a text box.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def date_field(*, label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date picked with `<input type=date>`; an impossible date is refused naming the field."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=date_input(),
        error_messages={
            "invalid": f"Enter {label_phrase(label)} as a real date, like 30 April 2027",
        },
    )


def datetime_field(
    *, label: str, required: bool = True, help_text: str = ""
) -> forms.DateTimeField:
    """A date and time picked with `<input type=datetime-local>` (in the current time zone); an
    impossible one is refused naming the field."""
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=datetime_input(),
        error_messages={
            "invalid": f"Enter {label_phrase(label)} as a real date and time, like 1 June 2027 10:00",
        },
    )
