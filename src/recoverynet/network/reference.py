"""Networks and their tax rates, read on almost every page (a network by its address, every
network's time zone for "current membership"), kept in the shared cache until a network or a tax
rate is saved or deleted (`core.versioned`; the signals are connected in apps.py). A network
changes a few times a year; the pages read them thousands of times a minute."""

from __future__ import annotations

import time
from typing import Any

from recoverynet.core import versioned

from .models import Network

TOPIC = "networks"
BOUND_SECONDS = 300


def network_by_slug(slug: str) -> Network | None:
    """The network with this address and its tax rates (prefetched), or None."""
    return versioned.read(TOPIC, lambda: _read_network(slug), part=slug)


def network_by_pk(pk: int) -> Network | None:
    """The network with this id and its tax rates (prefetched), or None. For a booking's price
    (`events.kept_events`), so kept at most `BOUND_SECONDS`: a change that sends no signal (a data
    migration's historical models, `QuerySet.update`) is seen within that time."""
    slot = int((time.time() + pk) // BOUND_SECONDS)
    return versioned.read(
        TOPIC, lambda: _read_network_pk(pk), part=f"pk:{pk}:{slot}", seconds=BOUND_SECONDS
    )


def networks() -> list[Network]:
    """Every network by name (without counts: `selectors.network_list` counts members)."""
    return versioned.read(TOPIC, lambda: list(Network.objects.order_by("name")), part="all")


def time_zones() -> list[str]:
    """Every network's time zone, each once, sorted."""
    return versioned.read(
        TOPIC,
        lambda: sorted(set(Network.objects.values_list("time_zone", flat=True))),
        part="time-zones",
    )


def _read_network(slug: str) -> Network | None:
    return Network.objects.prefetch_related("tax_rates").filter(slug=slug).first()


def _read_network_pk(pk: int) -> Network | None:
    return Network.objects.prefetch_related("tax_rates").filter(pk=pk).first()


def networks_changed(sender: Any, **kwargs: Any) -> None:
    """A network or one of its tax rates was saved or deleted, or `migrate` ran (signal
    receivers, apps.py)."""
    versioned.changed(TOPIC)
