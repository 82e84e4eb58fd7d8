"""Shared form helpers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .errors import ApplicationError
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
