"""PDF documents for events: certificates of attendance (invoices and credit notes are in billing)."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.core.pdf import render_pdf

from .models import Delegate


def certificate_pdf(delegate: Delegate) -> bytes:
    event = delegate.booking.event
    return render_pdf(
        "events/pdf/certificate.html",
        {
            "delegate": delegate,
            "event": event,
            "starts": timezone.localtime(event.starts_at, event.network.tz),
        },
    )
