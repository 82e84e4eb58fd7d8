"""Event and booking e-mails go one per person: nobody sees another delegate's or booker's address,
in the headers or anywhere in the message."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.core import outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from recoverynet.events import services
from recoverynet.events.models import Event
from recoverynet.events.selectors import event_people_emails
from recoverynet.events.services import DelegateInput, notify

from .conftest import delegates, future
from .test_api import api, post_booking

pytestmark = pytest.mark.django_db


def _book(world, event, actor, prefix, n=2, organisation=None):
    return services.booking_create(
        actor=actor,
        event=event,
        organisation=organisation,
        delegates=delegates(n, event.non_member_rate, prefix),
    ).booking


def _sent(subject_start):
    """Send what is queued, then the e-mails with this subject as they left (full MIME text)."""
    outbox.flush_due()
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


def _assert_one_each(sent, expected, everyone):
    """Exactly one message per expected person, each naming only that person anywhere in it."""
    assert sorted(m.to[0] for m in sent) == sorted(expected)
    for message in sent:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        raw = message.message().as_string()
        for other in set(everyone) - {message.to[0]}:
            assert other not in raw, f"{other} appears in the message to {message.to[0]}"


def _busy_event(world, event):
    """Two bookings of two delegates each, and a waiting booking of one."""
    services.event_update(actor=world.coordinator_uk, event=event, capacity=4)
    _book(world, event, world.lead_a, "a", organisation=world.org_a)
    _book(world, event, world.lead_b, "b", organisation=world.org_b)
    _book(world, event, world.outsider, "w", n=1)
    everyone = [
        "lead.a@example.org",
        "a0@example.org",
        "a1@example.org",
        "lead.b@example.org",
        "b0@example.org",
        "b1@example.org",
        "outsider@example.org",
        "w0@example.org",
    ]
    mail.outbox.clear()
    return everyone


def test_changing_an_event_tells_each_person_in_their_own_message(world, event):
    everyone = _busy_event(world, event)
    services.event_update(
        actor=world.coordinator_uk,
        event=event,
        starts_at=future(days=31),
        ends_at=future(days=31, hour=16),
    )
    sent = _sent("Changes to")
    _assert_one_each(sent, everyone, everyone)
    assert all("date and time" in m.body for m in sent)
    assert all(m.attachments[0][0] == "event.ics" for m in sent)


def test_cancelling_an_event_tells_each_person_including_the_waiting_list(world, event):
    everyone = _busy_event(world, event)
    services.event_cancel(actor=world.coordinator_uk, event=event, reason="The venue flooded")
    sent = _sent("Cancelled:")
    _assert_one_each(sent, everyone, everyone)
    assert all("venue flooded" in m.body for m in sent)


def test_reminders_go_to_each_confirmed_delegate_alone(world, event):
    everyone = _busy_event(world, event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=1, hours=4),
    )
    assert services.reminders_send() == 1
    sent = _sent("Reminder:")
    confirmed = ["a0@example.org", "a1@example.org", "b0@example.org", "b1@example.org"]
    _assert_one_each(sent, confirmed, everyone)


def test_event_wide_mail_is_one_insert_and_one_task(world, event, django_assert_max_num_queries):
    _busy_event(world, event)
    with django_assert_max_num_queries(3):  # the people (2 queries), then one insert
        notify.event_cancelled(event, event_people_emails(event), "Flood")
    assert OutboxMessage.objects.filter(subject__startswith="Cancelled:").count() == 8


def test_a_booking_confirmation_is_one_message_per_person(world, event):
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=[
            DelegateInput(name="Dee Zero", email="d0@example.org", rate_id=event.member_rate.pk),
            DelegateInput(name="Dan One", email="d1@example.org", rate_id=event.member_rate.pk),
            # The booker has a place too: one message, the booker's.
            DelegateInput(
                name="Lee Lead", email="LEAD.A@example.org", rate_id=event.member_rate.pk
            ),
        ],
    ).booking
    sent = _sent("Booking confirmed")
    everyone = ["lead.a@example.org", "d0@example.org", "d1@example.org"]
    assert sorted(m.to[0].lower() for m in sent) == sorted(everyone)
    by_person = {m.to[0].lower(): m for m in sent}
    # The booker sees the whole booking.
    booker = by_person["lead.a@example.org"].body
    assert all(name in booker for name in ["Dee Zero", "Dan One", "Lee Lead"])
    assert str(booking.public_id) in booker
    # A delegate sees their own places only: no other delegate's name or address.
    d0 = by_person["d0@example.org"]
    assert "Dee Zero" in d0.body and "booked a place for you" in d0.body
    raw = d0.message().as_string()
    for other in ["Dan One", "Lee Lead", "d1@example.org"]:
        assert other not in raw
    assert all(m.attachments[0][0] == "event.ics" and len(m.to) == 1 for m in sent)


def test_booking_through_the_api_confirms_to_each_person(world, event):
    body = {
        "organisation": world.org_a.slug,
        "delegates": [
            {"name": f"P{i}", "email": f"p{i}@example.org", "rate": event.member_rate.pk}
            for i in range(3)
        ],
    }
    assert post_booking(api(world.lead_a), event, body).status_code == 201
    everyone = ["lead.a@example.org", "p0@example.org", "p1@example.org", "p2@example.org"]
    _assert_one_each(_sent("Booking confirmed"), everyone, everyone)


def test_cancelling_an_event_on_the_web_tells_each_person_alone(world, event):
    everyone = _busy_event(world, event)
    client: Client = world.client_for("coordinator_uk")
    response = client.post(
        reverse("events:event-cancel", args=[event.public_id]), {"reason": "Snow"}
    )
    assert response.status_code == 302
    _assert_one_each(_sent("Cancelled:"), everyone, everyone)


def test_someone_without_access_cannot_mail_everyone(world, event):
    _busy_event(world, event)
    with pytest.raises(ApplicationError) as exc:
        services.event_cancel(actor=world.lead_a, event=event, reason="Not mine to cancel")
    assert exc.value.status == 403
    assert not OutboxMessage.objects.filter(subject__startswith="Cancelled:").exists()
