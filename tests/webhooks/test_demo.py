"""The demo's webhooks: one endpoint on with a delivery that got through on its second try, one
turned off by a 410 answer; nothing the demo sends ever leaves the machine (issue #15's crawl
reaches every webhook page from them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recoverynet.network.models import Network
from recoverynet.webhooks import services
from recoverynet.webhooks.demo import CALENDAR_URL, CRM_URL, GONE, load_demo
from recoverynet.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def ari(world):
    Network.objects.filter(pk=world.ie.pk).update(slug="ari")
    world.ie.refresh_from_db()
    return world.ie


def test_one_endpoint_on_and_one_turned_off_each_with_its_log(world, ari):
    assert load_demo() == {"webhook endpoints": 2}
    crm = Endpoint.objects.get(url=CRM_URL)
    assert crm.network == world.uk and crm.is_active and crm.secret.startswith("whsec_")
    sent = Delivery.objects.get(endpoint=crm)
    assert (sent.status, sent.attempts) == ("succeeded", 2)
    assert sorted(Attempt.objects.filter(delivery=sent).values_list("status_code", flat=True)) == [
        200,
        503,
    ]
    calendar = Endpoint.objects.get(url=CALENDAR_URL)
    assert calendar.network == ari and not calendar.is_active and calendar.disabled_reason == GONE
    assert Delivery.objects.get(endpoint=calendar).last_status_code == 410
    assert load_demo() == {"webhook endpoints": 0}
    assert Endpoint.objects.count() == 2 and Delivery.objects.count() == 2


def test_the_pages_offer_each_action(world, ari):
    load_demo()
    crm = Endpoint.objects.get(url=CRM_URL)
    client = world.client_for("coordinator_uk")
    page = client.get(reverse("webhooks:endpoint", args=["uk", crm.public_id])).content.decode()
    assert reverse("webhooks:endpoint-test", args=["uk", crm.public_id]) in page
    delivery = Delivery.objects.get(endpoint=crm)
    detail = client.get(reverse("webhooks:delivery", args=["uk", delivery.public_id]))
    assert reverse("webhooks:delivery-resend", args=["uk", delivery.public_id]) in (
        detail.content.decode()
    )
    calendar = Endpoint.objects.get(url=CALENDAR_URL)
    off = world.client_for("admin").get(
        reverse("webhooks:endpoint", args=["ari", calendar.public_id])
    )
    assert reverse("webhooks:endpoint-enable", args=["ari", calendar.public_id]) in (
        off.content.decode()
    )


def test_sending_to_a_demo_endpoint_never_leaves_the_machine(
    world, ari, receiver, django_capture_on_commit_callbacks
):
    load_demo()
    crm = Endpoint.objects.get(url=CRM_URL)
    earlier = Delivery.objects.get(endpoint=crm)
    with django_capture_on_commit_callbacks(execute=True):
        tested = services.endpoint_send_test(actor=world.coordinator_uk, endpoint=crm)
        resent = services.delivery_resend(actor=world.coordinator_uk, delivery=earlier)
    assert receiver.lookups == [] and receiver.got == []  # no DNS question, no connection
    for done in (tested, resent):
        tried = Attempt.objects.filter(delivery=done).order_by("-at", "-pk").first()
        assert tried is not None and tried.error.startswith("Refused")
