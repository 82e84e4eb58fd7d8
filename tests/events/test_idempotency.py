"""An Idempotency-Key stands for one request: the same request again gets the same booking; the
same key with a different request is refused and writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from recoverynet.billing.models import Invoice
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from recoverynet.events import services
from recoverynet.events.models import Booking, Delegate
from recoverynet.events.services import DelegateInput
from tests.conftest import sign_in

from .conftest import delegates
from .test_api import api, post_booking

pytestmark = pytest.mark.django_db


def _body(world, event, emails=("p0@example.org", "p1@example.org"), po="PO-1"):
    return {
        "organisation": world.org_a.slug,
        "purchase_order": po,
        "delegates": [
            {"name": f"P{i}", "email": e, "rate": event.member_rate.pk}
            for i, e in enumerate(emails)
        ],
    }


def _written():
    return (
        Booking.objects.count(),
        Delegate.objects.count(),
        Invoice.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.parametrize(
    "change",
    [
        {"emails": ("p0@example.org", "someone.else@example.org")},
        {"emails": ("p0@example.org",)},
        {"po": "PO-2"},
    ],
)
def test_same_key_different_body_is_422_and_writes_nothing(world, event, change):
    client = api(world.lead_a)
    first = post_booking(client, event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    before = _written()
    again = post_booking(client, event, _body(world, event, **change), HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 422, again.content
    assert again.json()["code"] == "idempotency_mismatch"
    assert _written() == before


def test_same_key_same_body_answers_with_the_same_booking(world, event):
    client = api(world.lead_a)
    first = post_booking(client, event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-2")
    # The same request, with an e-mail address in capitals: still the same request.
    body = _body(world, event, emails=("P0@example.org", "p1@example.org"))
    again = post_booking(client, event, body, HTTP_IDEMPOTENCY_KEY="k-2")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1


def test_service_refuses_a_changed_request(world, event):
    services.booking_create(
        actor=world.outsider,
        event=event,
        delegates=delegates(2, event.non_member_rate),
        idempotency_key="abc",
    )
    with pytest.raises(ApplicationError) as exc:
        services.booking_create(
            actor=world.outsider,
            event=event,
            delegates=delegates(1, event.non_member_rate),
            idempotency_key="abc",
        )
    assert exc.value.code == "idempotency_mismatch" and exc.value.status == 422
    # Another person's key is their own: the same key from someone else books as usual.
    other = services.booking_create(
        actor=world.lead_b,
        event=event,
        delegates=[
            DelegateInput(name="B", email="b@example.org", rate_id=event.non_member_rate.pk)
        ],
        idempotency_key="abc",
    )
    assert other.created


def test_booking_page_with_a_reused_key_and_changed_delegates_says_so(world, event):
    client = sign_in(Client(), world.outsider)
    form = {
        "idempotency_key": "page-k",
        "delegates-TOTAL_FORMS": "1",
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
        "delegates-0-name": "Olive",
        "delegates-0-email": "olive@example.org",
        "delegates-0-rate": str(event.non_member_rate.pk),
        "confirmed": "yes",
    }
    first = client.post(f"/events/{event.public_id}/book/", form)
    assert first.status_code == 302, first.content.decode()[:2000]
    form["delegates-0-email"] = "other@example.org"
    again = client.post(f"/events/{event.public_id}/book/", form)
    assert again.status_code in (400, 409, 422)
    body = again.content.decode()
    assert "nothing new was booked" in body and 'value="page-k"' not in body
    assert Booking.objects.count() == 1
    # The form now carries a new key, so sending it again books the changed details.
    form["idempotency_key"] = again.context["idempotency_key"]
    assert client.post(f"/events/{event.public_id}/book/", form).status_code == 302
    assert Booking.objects.count() == 2


@pytest.mark.parametrize("change", ["closed", "full", "left_organisation"])
def test_a_retry_gets_its_booking_whatever_changed_since(world, event, change):
    # The key is not looked up before booking (issue #17): a retry is recognised when it fails.
    client = api(world.lead_a)
    first = post_booking(client, event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-9")
    assert first.status_code == 201
    if change == "closed":
        event.booking_mode = "closed"
        event.save(update_fields=["booking_mode"])
    elif change == "full":
        event.capacity = 2
        event.save(update_fields=["capacity"])
    else:
        world.lead_a.affiliations.all().delete()
    before = _written()
    again = post_booking(client, event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-9")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["status"] == "confirmed"
    assert _written() == before


def test_a_key_used_for_another_event_is_refused_even_when_this_one_is_closed(world, event):
    from .conftest import make_event

    client = api(world.lead_a)
    assert (
        post_booking(client, event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-8").status_code
        == 201
    )
    other = make_event(world, title="Another day", booking_mode="closed")
    answer = post_booking(client, other, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-8")
    assert answer.status_code == 422 and answer.json()["code"] == "idempotency_conflict"


def test_a_refusal_without_an_earlier_booking_is_still_the_refusal(world, event):
    event.booking_mode = "closed"
    event.save(update_fields=["booking_mode"])
    answer = post_booking(api(world.lead_a), event, _body(world, event), HTTP_IDEMPOTENCY_KEY="k-7")
    assert answer.status_code == 409 and answer.json()["code"] == "closed"
