"""Template helpers that render Django forms with NHS.UK frontend markup (error summary pattern,
hints, per-field errors), so every form in the product looks and behaves the same."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..money import format_money

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CLASSES = {
    "input": "nhsuk-input",
    "select": "nhsuk-select",
    "textarea": "nhsuk-textarea",
    "file": "nhsuk-file-upload",
    "checkbox": "nhsuk-checkboxes__input",
}


@register.simple_tag
def field(bound: forms.BoundField, width: str = "", label_size: str = "") -> SafeString:
    """Render one field. `width` is an NHS.UK width class suffix such as "10" or "one-half"."""
    kind = _kind(bound.field.widget)
    attrs: dict[str, Any] = {}
    css = _CLASSES.get(kind, "")
    if bound.errors and kind in {"input", "select", "textarea", "file"}:
        css += f" {_CLASSES[kind]}--error"
    if width and kind == "input":
        css += f" nhsuk-input--width-{width}" if width.isdigit() else f" nhsuk-u-width-{width}"
    if css:
        attrs["class"] = css.strip()
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}-hint")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    if described and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described)
    widget_html = bound.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes"} else ""
    return render_to_string(
        "core/includes/field.html",
        {
            "f": bound,
            "kind": kind,
            "widget_html": widget_html,
            "described": " ".join(described),
            "label_size": label_size,
            # A hint that holds a link (the sign-in form's "Forgot your password?") follows the
            # input, so Tab goes from one field to the next before reaching the link.
            "hint_after": "<a " in str(bound.help_text),
        },
    )


@register.inclusion_tag("core/includes/error_summary.html")
def error_summary(*forms_: forms.BaseForm | None) -> dict[str, Any]:
    """The NHS.UK error summary: one link per problem, pointing at the field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"href": "", "text": str(error)})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bf = form[name]
            anchor = bf.auto_id
            if _kind(bf.field.widget) in {"radios", "checkboxes"}:
                anchor = f"{bf.auto_id}_0"
            for error in errors:
                items.append({"href": f"#{anchor}", "text": str(error)})
    return {"items": items}


@register.filter
def money(amount: Any, currency: str) -> str:
    return format_money(amount, currency)


@register.filter
def percent(rate: Any) -> str:
    """0.2 → "20%", 0.135 → "13.5%" (a tax rate stored as a fraction)."""
    value = (Decimal(str(rate)) * 100).normalize()
    return f"{value:f}%"
