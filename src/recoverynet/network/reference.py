"""Networks and their tax rates, read on almost every page (a network by its address, every
network's time zone for "current membership"), kept in the shared cache until a network or a tax
rate is saved or deleted (`core.versioned`; the signals are connected in apps.py). A network
changes a few times a year; the pages read them thousands of times a minute."""

from __future__ import annotations

from typing import Any

from recoverynet.core import versioned

from .models import Network, TaxRate

TOPIC = "networks"


def network_by_slug(slug: str) -> Network | None:
    """The network with this address and its tax rates (prefetched), or None."""
    return versioned.read(TOPIC, lambda: _read_network(slug), part=slug)


def network_by_pk(pk: int) -> Network | None:
    """The network with this id and its tax rates (prefetched), or None."""
    return versioned.read(TOPIC, lambda: _read_network_pk(pk), part=f"pk:{pk}")


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


def networks_changed(sender: Any, instance: Network | TaxRate, **kwargs: Any) -> None:
    """A network or one of its tax rates was saved or deleted (signal receiver, apps.py)."""
    versioned.changed(TOPIC)
