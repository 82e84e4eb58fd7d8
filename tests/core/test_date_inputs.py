"""Every date and time on every form is picked with a date or time input, never typed as free
text, and an impossible date is refused with a message naming the field (issue #15)."""

from __future__ import annotations

import pytest
from django import forms

from recoverynet.core import form_messages
from recoverynet.core.forms import date_field, datetime_field

from .test_form_messages import FORM_CLASSES

PICKERS = {"date", "datetime-local", "time", "month"}
DATE_KINDS = (forms.DateField, forms.DateTimeField, forms.TimeField)


def _date_fields() -> list[tuple[str, forms.Field]]:
    found = []
    for form_class in FORM_CLASSES:
        for name, field in form_class.base_fields.items():
            if isinstance(field, DATE_KINDS):
                found.append((f"{form_class.__module__}.{form_class.__qualname__}.{name}", field))
    return found


DATE_FIELDS = _date_fields()


def test_the_walk_finds_the_date_fields() -> None:
    names = {name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1] for name, _ in DATE_FIELDS}
    assert {"EventForm.starts_at", "ActionForm.due", "MembershipForm.valid_from"} <= names
    assert len(DATE_FIELDS) >= 30


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[n for n, _ in DATE_FIELDS])
def test_every_date_field_is_a_picker(name: str, field: forms.Field) -> None:
    kind = field.widget.attrs.get("type") or getattr(field.widget, "input_type", "")
    assert kind in PICKERS, f"{name} is a {kind!r} box; use core.forms.date_field/datetime_field"


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[n for n, _ in DATE_FIELDS])
def test_an_impossible_date_names_the_field(name: str, field: forms.Field) -> None:
    value = {"time": "25:61", "month": "2027-13"}.get(field.widget.attrs.get("type", ""), "")
    value = value or (
        "2027-02-30T10:00" if isinstance(field, forms.DateTimeField) else "2027-02-30"
    )
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    (error,) = caught.value.error_list
    message = str(error.message)
    if message in form_messages.django_default_messages():  # rewritten after every form cleans
        label = str(field.label or name.rsplit(".", 1)[-1])
        message = form_messages.named_message(label=label, code=error.code, params={}, field=field)
    label = str(field.label or name.rsplit(".", 1)[-1]).replace(" (optional)", "")
    assert message.startswith("Enter"), f"{name}: {message}"
    assert label.lower() in message.lower(), f"{name}: {message} does not name {label!r}"


def test_the_helpers_render_pickers_and_read_what_browsers_send() -> None:
    class Example(forms.Form):
        due = date_field(label="Due date")
        starts = datetime_field(label="Starts")

    html = str(Example())
    assert 'type="date"' in html and 'type="datetime-local"' in html
    form = Example(data={"due": "2027-04-30", "starts": "2027-06-01T10:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"].isoformat() == "2027-04-30"
    form = Example(data={"due": "2027-02-30", "starts": "2027-06-31T10:00"})
    assert not form.is_valid()
    assert form.errors["due"] == ["Enter the due date as a real date, like 30 April 2027"]
    assert form.errors["starts"] == [
        "Enter the starts as a real date and time, like 1 June 2027 10:00"
    ]
