"""Demo data registry. Each app registers a loader in its AppConfig.ready(); `recoverynet load_demo`
runs them in order. Loaders must be idempotent: running the demo again adds no duplicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Callable[[], dict[str, int]]
    logins: Callable[[], list[tuple[str, str, str]]] | None = None
    notes: str = ""


_LOADERS: dict[str, DemoLoader] = {}


def register(
    name: str,
    order: int,
    load: Callable[[], dict[str, int]],
    *,
    logins: Callable[[], list[tuple[str, str, str]]] | None = None,
    notes: str = "",
) -> None:
    _LOADERS[name] = DemoLoader(name=name, order=order, load=load, logins=logins, notes=notes)


def loaders() -> list[DemoLoader]:
    return sorted(_LOADERS.values(), key=lambda loader: loader.order)
