"""Background work for billing."""

from __future__ import annotations

from django_tasks import task


@task()
def raise_membership_fees(run_id: int) -> int:
    """Raise a year's membership invoices for one run (idempotent: see membership_fees_raise)."""
    from .services.membership import membership_fees_raise

    return membership_fees_raise(run_id)
