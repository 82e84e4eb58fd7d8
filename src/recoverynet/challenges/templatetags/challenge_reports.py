"""Template helpers for the self-assessment reports."""

from __future__ import annotations

from typing import Any

from django import template

from recoverynet.network.models import Network, Organisation

from .. import benchmarks, reports

register = template.Library()


@register.filter
def rating(value: float | None) -> str:
    """A rating or statistic as the charts write it: 3, 2.5 (never 3.0)."""
    return reports.number(value)


@register.simple_tag(takes_context=True)
def benchmark_networks(context: dict[str, Any], organisation: Organisation) -> list[Network]:
    """The networks, among the organisation's current memberships, whose benchmark the person
    looking may see. Needs `organisation_public` (it prefetches the current memberships)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return [
        m.network
        for m in getattr(organisation, "current_memberships", [])
        if benchmarks.can_view(user, m.network)
    ]
