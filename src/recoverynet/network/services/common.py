"""What the network services share: permission checks, slugs, date checks."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from recoverynet.core import dates
from recoverynet.core.errors import PermissionDenied

from ..models import (
    Network,
)

User = get_user_model()


def _require(condition: bool, message: str = "You do not have permission to do that.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _unique_slug(model: Any, base: str, *, max_length: int) -> str:
    root = slugify(base)[: max_length - 4] or "item"
    slug, n = root, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


def _check_day(day: datetime.date | None, network: Network, field: str, label: str) -> None:
    """Refuse a date that makes no sense (year 206, or decades ahead) for rates and memberships."""
    latest = dates.latest_plausible(network.tz)
    dates.check_date(day, field=field, label=label, latest=latest, tz=network.tz)
