"""Periodic jobs. Apps register a callable with `periodic`; the scheduler command runs them all.

Kept as plain functions (not cron strings) because every job here is "catch up on whatever is due",
which is safe to run as often as we like.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)

_JOBS: dict[str, Callable[[], Any]] = {}


def periodic(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        _JOBS[name] = func
        return func

    return register


def run_periodic_jobs() -> Iterator[tuple[str, Any]]:
    for name, job in sorted(_JOBS.items()):
        try:
            yield name, job()
        except Exception as exc:  # one failing job must not stop the others
            log.exception("Periodic job %s failed", name)
            yield name, f"failed: {exc}"


@periodic("core.flush_outbox")
def _flush_outbox() -> dict[str, int]:
    from .outbox import flush_due

    return flush_due()
