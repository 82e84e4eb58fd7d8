"""How the Learning Network part plugs into the rest: the `plans` topics of its plan sources
(called from `apps.CollegesConfig.ready`)."""

from __future__ import annotations

from recoverynet.plans import topics

from . import fidelity as structure
from .network_sources import PLAN_SOURCES


def _recollect_topics(source_id: str) -> list[topics.Topic]:
    """Actions in a plan from a fidelity review or a learning day can work on a RECOLLECT component."""
    return [
        topics.Topic(ref=f"recollect:{c.key}", label=c.name, group="RECOLLECT components")
        for c in structure.COMPONENTS
    ]


def ready() -> None:
    from recoverynet.core import demo

    from . import network_demo, network_slots, occasions

    network_slots.register()
    occasions.register()  # learning days as occasions of plans and their reviews
    for kind in PLAN_SOURCES:
        topics.register(kind, _recollect_topics)
    demo.register("Learning Network", 75, network_demo.load_demo, logins=network_demo.demo_logins)
