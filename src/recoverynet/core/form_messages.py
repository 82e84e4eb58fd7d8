"""Error messages that name the field, on every form (decision 0031).

Django's default wording ("This field is required.", "Ensure this value is greater than or equal to
0.") does not say which field is wrong: five of them in an error summary are five identical lines.
Here is the one table of messages that replaces it, in the NHS.UK style ("Enter your e-mail
address", "Number of places must be 1 or more"), and the one place it is applied: after any form
has cleaned (`BaseForm.full_clean`), each error that still carries Django's own default wording is
rewritten to name its field. Messages a form writes itself are left alone.

`install()` is called once from `CoreConfig.ready`, so the forms of every app, allauth's sign-in
forms and the admin site's forms all get the same wording without each form having to opt in.
`tests/core/test_form_messages.py` walks every form class and fails on default wording.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

Named = Callable[[str, dict[str, Any], forms.Field], str]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def label_phrase(label: str) -> str:
    """A label as it reads inside a sentence: "E-mail address" → "e-mail address", but "VAT number"
    and "PDF" keep their capitals; a question ("How many places?") becomes "the answer to “How many
    places?”"."""
    text = label.strip().rstrip(":").strip()
    if _is_question(text):
        return f"the answer to “{text}”"
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    first = text.split(" ", 1)[0].lower()
    if first in _NO_ARTICLE:
        return text
    return f"the {text}"


# Labels starting with one of these read without "the" ("Enter your name", "Select who can see it").
_NO_ARTICLE = frozenset(
    [
        "the",
        "a",
        "an",
        "your",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "each",
        "any",
        "all",
        "our",
        "my",
        "his",
        "her",
        "some",
        "who",
        "which",
        "what",
        "how",
        "when",
        "where",
        "why",
        "whether",
    ]
)


def _is_question(label: str) -> bool:
    return label.strip().endswith("?")


def _required(label: str, params: dict[str, Any], field: forms.Field) -> str:
    widget = field.widget
    if _is_question(label):
        return f"Answer “{label.strip()}”"
    if isinstance(widget, forms.CheckboxInput):
        return f"Tick the box: {label.strip()}"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return f"Choose a file for {label_phrase(label)}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple
    ):
        return f"Select {label_phrase(label)}"
    return f"Enter {label_phrase(label)}"


def _invalid(label: str, params: dict[str, Any], field: forms.Field) -> str:
    phrase = label_phrase(label)
    if isinstance(field, forms.EmailField):
        return f"Enter {phrase} in the correct format, like name@example.com"
    if isinstance(field, forms.URLField):
        return f"Enter {phrase} as a full web address, like https://www.example.org"
    if isinstance(field, forms.DateTimeField):
        return f"Enter {phrase} as a real date and time"
    if isinstance(field, forms.DateField):
        return f"Enter {phrase} as a real date"
    if isinstance(field, forms.TimeField):
        return f"Enter {phrase} as a time, like 14:30"
    if isinstance(field, forms.IntegerField):
        return f"Enter {phrase} as a whole number, like 12"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"Enter {phrase} as a number, like 12.50"
    if isinstance(field, forms.FileField):
        return f"Choose a file for {phrase}: what was sent was not a file"
    return f"Enter {phrase} in the correct format"


def _table() -> dict[str, Named]:
    def cap(template: str) -> Named:
        return lambda label, params, field: _cap(
            template.format(label=label_phrase(label), **params)
        )

    return {
        "required": _required,
        "invalid": _invalid,
        "invalid_choice": cap("Select {label} from the list"),
        "invalid_list": cap("Select {label} from the list"),
        "invalid_pk_value": cap("Select {label} from the list"),
        "max_length": cap("{label} must be {limit_value} characters or fewer"),
        "min_length": cap("{label} must be {limit_value} characters or more"),
        "max_value": cap("{label} must be {limit_value} or less"),
        "min_value": cap("{label} must be {limit_value} or more"),
        "step_size": cap("{label} must be a multiple of {limit_value}"),
        "max_digits": cap("{label} must have {max} digits or fewer"),
        "max_decimal_places": cap("{label} must have {max} decimal places or fewer"),
        "max_whole_digits": cap("{label} must have {max} digits or fewer before the decimal point"),
        "null_characters_not_allowed": cap(
            "{label} holds a character that cannot be saved (a NUL byte): remove it"
        ),
        "empty": cap("The file chosen for {label} is empty: choose another"),
        "missing": cap("Choose a file for {label}"),
        "contradiction": cap("Either choose a new file for {label} or tick Clear, not both"),
        "invalid_image": cap("Choose a picture for {label}: the file is not an image we can read"),
        "invalid_date": cap("Enter the date of {label} as a real date"),
        "invalid_time": cap("Enter the time of {label} as a time, like 14:30"),
        "overflow": cap("Enter {label} as a real date"),
        "unique": cap("Another {model_name} already has this {label}"),
        "unique_for_date": cap("Another entry already has this {label} on that date"),
        "invalid_extension": cap("Choose a file of an allowed type for {label}"),
    }


MESSAGES: dict[str, Named] = _table()


def _default_field_classes() -> Iterator[type[forms.Field]]:
    seen: set[type] = set()
    stack: list[type] = [forms.Field]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if cls.__module__.startswith("django."):
            yield cls
        stack.extend(cls.__subclasses__())


@functools.cache
def django_default_messages() -> frozenset[str]:
    """Every message template Django's own form fields and validators use, unformatted."""
    found: set[str] = set()
    for cls in _default_field_classes():
        for klass in cls.__mro__:
            found.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    for name in dir(validators):
        obj = getattr(validators, name)
        message = getattr(obj, "message", None)
        if isinstance(obj, type) and message is not None:
            found.add(str(message))
        messages = getattr(obj, "messages", None)
        if isinstance(obj, type) and isinstance(messages, dict):
            found.update(str(m) for m in messages.values())
    from django.db.models import Field as ModelField

    found.update(str(m) for m in ModelField.default_error_messages.values())
    return frozenset(found)


def is_default_wording(error: ValidationError) -> bool:
    return str(error.message) in django_default_messages()


def named_message(
    *, label: str, code: str | None, params: dict[str, Any], field: forms.Field
) -> str:
    """The message for one error, naming the field; falls back to "Label: Django's message"."""
    params = {k: v for k, v in (params or {}).items() if k != "label"}
    make = MESSAGES.get(code or "")
    if make is not None:
        try:
            return make(label, params, field)
        except (KeyError, IndexError):
            pass
    return ""


def field_label(form: forms.BaseForm, name: str) -> str:
    field = form.fields[name]
    label = field.label if field.label else pretty_name(name)
    return str(label)


def _rename(form: forms.BaseForm, name: str, errors: Iterable[Any]) -> list[Any]:
    field = form.fields[name]
    label = field_label(form, name)
    out: list[Any] = []
    for error in errors:
        if isinstance(error, ValidationError) and is_default_wording(error):
            text = named_message(
                label=label, code=error.code, params=dict(error.params or {}), field=field
            )
            if not text:
                text = f"{_cap(label_phrase(label))}: {error.message % (error.params or {})}"
            out.append(ValidationError(text, code=error.code))
        else:
            out.append(error)
    return out


def name_the_fields(form: forms.BaseForm) -> None:
    """Rewrite, in place, each of the form's errors that uses Django's default wording."""
    found: dict[str, Any] | None = getattr(form, "_errors", None)  # set by full_clean
    for name, errors in list(found.items()) if found else []:
        if name not in form.fields:
            continue
        errors.data[:] = _rename(form, name, errors.data)


_installed = False


def install() -> None:
    """Apply the table to every form (once per process)."""
    global _installed
    if _installed:
        return
    original = forms.BaseForm.full_clean

    def full_clean(self: forms.BaseForm) -> None:
        original(self)
        name_the_fields(self)

    forms.BaseForm.full_clean = full_clean  # type: ignore[method-assign]
    _installed = True
