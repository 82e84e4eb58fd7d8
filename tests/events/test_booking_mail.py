"""A booking's own e-mails (confirmed, waiting list, invoice) are small outbox rows written with the
booking and built when they are sent, so no template is rendered while the event is locked; what
they were about having gone by then means they are not sent (issue #17)."""

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone

from recoverynet.core import outbox
from recoverynet.core.models import OutboxMessage
from recoverynet.events import services

from .conftest import delegates

pytestmark = pytest.mark.django_db


def _book(world, event, n=2, prefix="d"):
    return services.booking_create(
        actor=world.lead_a, event=event, delegates=delegates(n, event.non_member_rate, prefix)
    ).booking


def _rows(subject_start):
    return list(OutboxMessage.objects.filter(subject__startswith=subject_start).order_by("id"))


def test_nothing_is_rendered_inside_the_booking(world, event, django_capture_on_commit_callbacks):
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        with django_capture_on_commit_callbacks(execute=False):
            _book(world, event)
    finally:
        template_rendered.disconnect(seen)
    assert not [name for name in rendered if name and "email" in name]
    rows = _rows("Booking confirmed") + _rows("Invoice")
    assert len(rows) == 4  # the booker, two delegates, the invoice
    assert all(r.renderer == "events.booking" and r.body_text == "" for r in rows)
    # Ids only: no name, address or need is copied into the payload.
    assert all(set(r.payload) <= {"kind", "booking", "delegate", "invoice"} for r in rows)


def test_each_is_built_when_sent_with_only_what_its_reader_may_see(world, event):
    booking = _book(world, event)
    outbox.flush_due()
    by_to = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Booking confirmed")}
    assert set(by_to) == {"lead.a@example.org", "d0@example.org", "d1@example.org"}
    assert "Delegate 0" in by_to["lead.a@example.org"].body
    assert "Delegate 1" in by_to["lead.a@example.org"].body
    assert "Delegate 0" in by_to["d0@example.org"].body
    assert "Delegate 1" not in by_to["d0@example.org"].body
    assert all(m.attachments[0][0] == "event.ics" for m in by_to.values())
    invoice = booking.invoices.get()
    (sent,) = [m for m in mail.outbox if m.subject == f"Invoice {invoice.number}"]
    assert invoice.number in sent.body and sent.to == ["lead.a@example.org"]


def test_a_place_cancelled_before_sending_gets_no_confirmation(
    world, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        booking = _book(world, event)
    d0 = booking.delegates.get(email="d0@example.org")
    d0.cancelled_at = timezone.now()
    d0.save(update_fields=["cancelled_at"])
    statuses = {r.to[0]: outbox.deliver(r.pk) for r in _rows("Booking confirmed")}
    assert statuses == {
        "lead.a@example.org": "sent",
        "d0@example.org": "cancelled",
        "d1@example.org": "sent",
    }
    (booker,) = [m for m in mail.outbox if m.to == ["lead.a@example.org"]]
    assert "Delegate 1" in booker.body and "Delegate 0" not in booker.body


def test_the_waiting_list_message(world, event, django_capture_on_commit_callbacks):
    event.capacity = 1
    event.save(update_fields=["capacity"])
    _book(world, event, n=1, prefix="first")
    with django_capture_on_commit_callbacks(execute=False):
        waiting = _book(world, event, n=1, prefix="second")
    assert waiting.status == "waiting"
    (row,) = _rows("You are on the waiting list")
    assert row.body_text == "" and row.payload == {"kind": "waiting", "booking": waiting.pk}
    email = outbox.preview(row)
    assert event.title in email.subject and "waiting list" in email.body


def test_a_message_about_an_erased_booking_is_not_sent(
    world, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        booking = _book(world, event, n=1)
    invoice_row = _rows("Invoice")[0]
    confirmation = _rows("Booking confirmed")[0]
    confirmation.payload = {**confirmation.payload, "booking": booking.pk + 1000}
    confirmation.save(update_fields=["payload"])
    invoice_row.payload = {"kind": "invoice", "invoice": 0}
    invoice_row.save(update_fields=["payload"])
    assert outbox.deliver(confirmation.pk) == "cancelled"
    assert outbox.deliver(invoice_row.pk) == "cancelled"
