"""Background work for webhooks (a task per committed batch; the scheduler sweeps retries)."""

from __future__ import annotations

from django_tasks import task

from . import deliveries


@task(queue_name="webhooks")
def send_deliveries(delivery_ids: list[int]) -> list[str]:
    """Send the deliveries one event (or one re-send) wrote. Each is claimed before sending, so a
    delivery the sweeper has already picked up is not sent twice."""
    return [deliveries.deliver(pk) for pk in delivery_ids]
