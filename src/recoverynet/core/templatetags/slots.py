"""`{% slot_items "name" network=… organisation=… as items %}`: the contributions to a UI slot that
the person may use (see `core.slots`). The page keeps its own markup; it loops over the items."""

from __future__ import annotations

from typing import Any

from django import template

from recoverynet.core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot_items(
    context: template.Context, name: str, network: Any = None, organisation: Any = None
) -> list[slots.SlotItem]:
    request = context.get("request")
    if request is None:  # a template rendered outside a request (e-mail, PDF) shows no slots
        return []
    return slots.items(name, request, network=network, organisation=organisation)
