"""Frameworks (their levels, challenges and scale), read by every self-assessment, progress and
benchmark page and the library's challenge picker, kept in the shared cache until a framework or
one of its parts is saved or deleted (`core.versioned`; the signals are connected in apps.py). A
framework changes when a new version is installed, a few times in its life."""

from __future__ import annotations

from typing import Any

from recoverynet.core import versioned

from .models import Challenge, Framework, Level, ScalePoint

TOPIC = "frameworks"
PARTS = (Framework, Level, Challenge, ScalePoint)


def framework(pk: int) -> Framework | None:
    """The framework with its levels, challenges and scale (prefetched), or None."""
    return versioned.read(TOPIC, lambda: _read_framework(pk), part=f"framework:{pk}")


def current_frameworks() -> list[Framework]:
    """The current version of every framework, by name."""
    return versioned.read(
        TOPIC,
        lambda: list(Framework.objects.filter(is_current=True).order_by("name")),
        part="current",
    )


def current_id(family: str) -> int | None:
    """The id of the current version of a family of frameworks, if it is installed."""
    return versioned.read(
        TOPIC,
        lambda: (
            Framework.objects.filter(family=family, is_current=True)
            .values_list("pk", flat=True)
            .first()
        ),
        part=f"current-id:{family}",
    )


def current_titles(family: str) -> dict[int, str]:
    """The challenges of a family's current version by number (empty if it is not installed)."""
    return versioned.read(
        TOPIC,
        lambda: dict(
            Challenge.objects.filter(
                framework__family=family, framework__is_current=True
            ).values_list("number", "title")
        ),
        part=f"titles:{family}",
    )


def _read_framework(pk: int) -> Framework | None:
    return Framework.objects.prefetch_related("levels", "challenges", "scale").filter(pk=pk).first()


def frameworks_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A framework or one of its parts was saved or deleted (signal receiver, apps.py)."""
    versioned.changed(TOPIC)
