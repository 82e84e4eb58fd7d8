"""Every form's errors name their field, never Django's default wording (core/form_messages.py)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError

import recoverynet
from recoverynet.core import form_messages

DEFAULTS = (
    "This field is required.",
    "Ensure this value",
    "Enter a valid",
    "Select a valid choice",
)
PARAMS = {"limit_value": 3, "show_value": 4, "max": 2, "value": "x", "model_name": "organisation"}


def _import_all() -> None:
    for module in pkgutil.walk_packages(recoverynet.__path__, "recoverynet."):
        if ".migrations" in module.name or module.name.endswith(("__main__", "wsgi", "asgi")):
            continue
        importlib.import_module(module.name)
    importlib.import_module("allauth.account.forms")
    importlib.import_module("allauth.mfa.base.forms")


def _form_classes() -> list[type[forms.BaseForm]]:
    _import_all()
    found: list[type[forms.BaseForm]] = []
    stack: list[type] = [forms.BaseForm]
    seen: set[type] = set()
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith(("recoverynet.", "allauth.")) and getattr(
            cls, "base_fields", None
        ):
            found.append(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = _form_classes()


def test_the_walk_finds_the_forms() -> None:
    names = {c.__qualname__ for c in FORM_CLASSES}
    assert {"DelegateForm", "BookingForm", "LoginForm"} <= names
    assert len(FORM_CLASSES) > 40


@pytest.mark.parametrize(
    "form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}"
)
def test_every_default_message_of_every_field_is_replaced(form_class: type[forms.BaseForm]) -> None:
    """Each error a field can give in Django's wording has a named message in the table."""
    problems: list[str] = []
    for name, field in form_class.base_fields.items():
        label = str(field.label or name)
        errors: list[tuple[str, str]] = list(field.error_messages.items())
        errors += [(v.code, str(v.message)) for v in field.validators if hasattr(v, "code")]
        for code, message in errors:
            if str(message) not in form_messages.django_default_messages():
                continue  # the form's own wording
            named = form_messages.named_message(label=label, code=code, params=PARAMS, field=field)
            if not named or named.startswith(DEFAULTS) or "%(" in named:
                problems.append(f"{name}: {code} ({message!r}) has no message naming the field")
    assert not problems, "\n".join(problems)


def _bind_empty(form_class: type[forms.BaseForm]) -> forms.BaseForm | None:
    data = {
        name: "\u00a0x" * 400 for name in form_class.base_fields
    }  # too long, not a number, not a choice
    for kwargs in ({}, {"request": None}):
        try:
            return form_class(data=data, **kwargs)
        except Exception:
            continue
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}"
)
def test_no_form_answers_in_default_wording(form_class: type[forms.BaseForm]) -> None:
    """Every form that can be built without extra arguments, filled with nonsense and then left
    empty, answers in words that name the field."""
    form = _bind_empty(form_class)
    if form is None:
        pytest.skip("needs arguments to build; its fields are covered by the table test above")
    try:
        form.is_valid()
    except Exception:
        pytest.skip("cleans against a request or a database row it was not given")
    empty: Any = form_class(data={}, **({"request": None} if "request" in form.__dict__ else {}))
    try:
        empty.is_valid()
    except Exception:
        empty = None
    for f in (form, empty):
        if f is None:
            continue
        for name, errors in f.errors.items():
            for message in errors:
                assert not str(message).startswith(DEFAULTS), f"{name}: {message}"


def test_messages_name_the_field() -> None:
    class Example(forms.Form):
        email = forms.EmailField(label="E-mail address")
        places = forms.IntegerField(min_value=1, max_value=20, label="Number of places")
        rate = forms.ChoiceField(choices=[("a", "A")], label="Which rate applies?")
        vat = forms.CharField(max_length=3, label="VAT number")
        name = forms.CharField(label="Your name")
        agree = forms.BooleanField(label="I agree to the terms")
        own = forms.CharField(error_messages={"required": "Tell us your own thing"})

    form = Example(data={"email": "x", "places": "0", "rate": "z", "vat": "abcd"})
    assert not form.is_valid()
    assert form.errors == {
        "email": ["Enter the e-mail address in the correct format, like name@example.com"],
        "places": ["The number of places must be 1 or more"],
        "rate": ["Select the answer to “Which rate applies?” from the list"],
        "vat": ["The VAT number must be 3 characters or fewer"],
        "name": ["Enter your name"],
        "agree": ["Tick the box: I agree to the terms"],
        "own": ["Tell us your own thing"],
    }
    form = Example(data={"places": "many", "email": "a@example.org"})
    form.is_valid()
    assert form.errors["places"] == ["Enter the number of places as a whole number, like 12"]
    assert form.errors["rate"] == ["Answer “Which rate applies?”"]


def test_model_form_and_nul_bytes() -> None:
    from recoverynet.network.models import Organisation

    class OrgForm(forms.ModelForm):
        class Meta:
            model = Organisation
            fields = ["name"]

    form = OrgForm(data={"name": "Trust\x00"})
    assert not form.is_valid()
    (message,) = form.errors["name"]
    assert "name" in message.lower() and "NUL" in message


def test_unknown_code_still_names_the_field() -> None:
    class Odd(forms.Form):
        thing = forms.CharField(label="Odd thing")

        def clean_thing(self) -> str:
            raise ValidationError(
                form_messages.forms.Field.default_error_messages["required"], code="odd"
            )

    form = Odd(data={"thing": "x"})
    assert not form.is_valid()
    assert form.errors["thing"] == ["The odd thing: This field is required."]
