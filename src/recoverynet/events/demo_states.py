"""Demo events in the states people otherwise rarely see (issue #15, for the crawl too): a full
event with a cancelled place (and its credit note), an offer waiting for the demo's "member" and
someone still waiting; registrations of interest; and a picture on every event. Idempotent."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from recoverynet.core.models import AuditEntry
from recoverynet.network.models import Network, Organisation

from . import services
from .demo import LONDON, _event
from .models import Event
from .services import DelegateInput

User = get_user_model()


def load(
    admin: Any, network: Network, orgs: dict[str, Organisation], created: dict[str, int]
) -> None:
    _waiting_list(admin, network, orgs, created)
    _interest(network)
    _pictures(admin, network)


def _waiting_list(
    admin: Any, network: Network, orgs: dict[str, Organisation], created: dict[str, int]
) -> None:
    """The soonest event: full, a place cancelled (so a credit note), offered to the first person
    waiting (the demo's "member") and someone still waiting, so the offer, the manual offer and
    credit notes can be seen. The cancellation is dated the day before, past its undo."""
    soon = timezone.localdate() + datetime.timedelta(days=10)
    event, new = _event(
        admin,
        network,
        "Workshop: writing your recovery story",
        kind="workshop",
        starts_at=datetime.datetime(soon.year, soon.month, soon.day, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(soon.year, soon.month, soon.day, 12, 30, tzinfo=LONDON),
        summary="Two places only, so there is a waiting list. Bring a notebook.",
        venue_name="Nottingham Recovery College",
        venue_address="Mandela Centre\nNottingham\nNG3 1FP",
        host=orgs["nottinghamshire-healthcare"],
        capacity=2,
        status="published",
        booking_mode="open",
    )
    if not new:
        return
    created["events"] += 1
    rate = services.rate_create(
        actor=admin, event=event, kind="non_member", name="All", net_amount=Decimal("30.00")
    )
    lead = User.objects.get(email="lead.nottingham@demo.recoverynet.example")
    booking = services.booking_create(
        actor=lead,
        event=event,
        organisation=orgs["nottinghamshire-healthcare"],
        delegates=[
            DelegateInput(name="Grace Wilson", email=lead.email, rate_id=rate.pk),
            DelegateInput(
                name="Daniel Hughes",
                email="staff.nottingham@demo.recoverynet.example",
                rate_id=rate.pk,
            ),
        ],
    ).booking
    for email, name in [
        ("member@demo.recoverynet.example", "Pat Morgan"),
        ("volunteer.restore@demo.recoverynet.example", "Chris Doyle"),
    ]:
        services.booking_create(
            actor=User.objects.get(email=email),
            event=event,
            delegates=[DelegateInput(name=name, email=email, rate_id=rate.pk)],
        )
    created["bookings"] += 3
    daniel = booking.delegates.get(name="Daniel Hughes")
    services.delegate_cancel(actor=lead, delegate=daniel, reason="Daniel is on leave that day")
    # Dated the day before, so the demo shows no undo that would run out while it is looked at.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    AuditEntry.objects.filter(
        object_type="events.booking", object_id=str(booking.pk), action="events.delegate.cancelled"
    ).update(at=yesterday)


def _interest(network: Network) -> None:
    """People who registered interest in the demonstration day (booking opens by hand)."""
    event = Event.objects.filter(network=network, booking_mode="interest").first()
    if event is None or event.interest.exists():
        return
    for name, email, org in [
        ("Amira Khan", "amira.khan@demo.recoverynet.example", "Leeds and York Partnership"),
        ("Ben Carter", "ben.carter@demo.recoverynet.example", ""),
    ]:
        services.interest_register(
            actor=AnonymousUser(), event=event, name=name, email=email, organisation_name=org
        )


PALETTE = [(0, 94, 184), (0, 118, 112), (120, 190, 32), (237, 139, 0), (51, 0, 114), (174, 37, 115)]


def _banner(colour: tuple[int, int, int]) -> bytes:
    """A plain banner in one of the palette's colours, with a lighter band (decoration only)."""
    image = Image.new("RGB", (640, 240), colour)
    light = tuple(min(255, c + 90) for c in colour)
    ImageDraw.Draw(image).rectangle((0, 170, 640, 200), fill=light)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pictures(admin: Any, network: Network) -> None:
    """A picture for each demo event that has none: plain banners, so marked as decoration."""
    events = Event.objects.filter(network=network, picture__isnull=True).exclude(status="cancelled")
    for i, event in enumerate(events.order_by("starts_at")):
        upload = SimpleUploadedFile("banner.png", _banner(PALETTE[i % len(PALETTE)]), "image/png")
        services.event_picture_set(
            actor=admin, event=event, upload=upload, alt_text="", decorative=True
        )
