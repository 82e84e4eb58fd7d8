"""Shared form helpers."""

from __future__ import annotations

from django import forms

from .errors import ApplicationError


def add_service_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a business-rule failure on the field it concerns (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
