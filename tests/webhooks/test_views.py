"""The webhook pages: coordinators only; the secret shown once; rotate, log, re-send, test, delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.webhooks import services
from recoverynet.webhooks.models import Delivery, Endpoint
from tests.conftest import sign_in

from .conftest import verify

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def endpoint(world: Any, receiver: Any) -> tuple[Endpoint, str]:
    return services.endpoint_create(
        actor=world.coordinator_uk,
        network=world.uk,
        url="https://hooks.example.org/in",
        event_types=["resource.published"],
    )


def test_adding_shows_the_secret_once_and_it_signs(
    world: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(world.coordinator_uk)
    form = client.get(reverse("webhooks:endpoint-add", args=["uk"]))
    assert form.status_code == 200 and "resource.published" in form.content.decode()
    answer = client.post(
        reverse("webhooks:endpoint-add", args=["uk"]),
        {"url": "https://hooks.example.org/in", "event_types": ["resource.published"]},
    )
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in answer.content.decode()
    detail = client.get(reverse("webhooks:endpoint", args=["uk", endpoint.public_id]))
    assert detail.status_code == 200 and endpoint.secret not in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("webhooks:endpoint-test", args=["uk", endpoint.public_id]))
    assert sent.status_code == 302
    assert verify(endpoint.secret, receiver.got[-1].headers, receiver.got[-1].body)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "https://169.254.169.254/", "event_types": ["resource.published"]}, "public"),
        ({"url": "http://hooks.example.org/", "event_types": ["resource.published"]}, "https"),
        ({"url": "https://hooks.example.org/", "event_types": []}, "Choose at least one"),
        ({"url": "   ", "event_types": ["resource.published"]}, "Enter the web address"),
    ],
)
def test_bad_input_shows_an_error_summary_and_writes_nothing(
    world: Any, receiver: Any, data: dict[str, Any], message: str
) -> None:
    answer = _client(world.coordinator_uk).post(reverse("webhooks:endpoint-add", args=["uk"]), data)
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "nhsuk-error-summary" in body and message in body
    assert not Endpoint.objects.exists()


def test_rotate_shows_the_new_secret_and_the_old_one_overlaps(world: Any, endpoint: Any) -> None:
    ep, old = endpoint
    client = _client(world.coordinator_uk)
    confirm = client.get(reverse("webhooks:endpoint-rotate", args=["uk", ep.public_id]))
    assert "24 hours" in confirm.content.decode()
    answer = client.post(reverse("webhooks:endpoint-rotate", args=["uk", ep.public_id]))
    ep.refresh_from_db()
    assert ep.secret != old and ep.secret in answer.content.decode()
    assert old not in answer.content.decode() and ep.previous_secret == old


def test_the_delivery_log_and_resend(
    world: Any,
    endpoint: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    ep, _ = endpoint
    receiver.answers = [500, 200]
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.endpoint_send_test(actor=world.coordinator_uk, endpoint=ep)
    client = _client(world.coordinator_uk)
    client.get(reverse("webhooks:endpoint-list", args=["uk"]))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("webhooks:endpoint", args=["uk", ep.public_id]))
    assert page.content.decode().count("webhook.test") == 3
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("webhooks:endpoint-list", args=["uk"]))
    assert "1 waiting" in listing.content.decode()
    failed = Delivery.objects.get(attempts=1, status="pending")
    detail = client.get(reverse("webhooks:delivery", args=["uk", failed.public_id]))
    assert "500 (failed)" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:delivery-resend", args=["uk", failed.public_id]))
    failed.refresh_from_db()
    assert failed.status == "succeeded"


def test_edit_turns_off_and_on_and_delete(world: Any, endpoint: Any) -> None:
    ep, _ = endpoint
    client = _client(world.coordinator_uk)
    answer = client.post(
        reverse("webhooks:endpoint-edit", args=["uk", ep.public_id]),
        {"url": ep.url, "event_types": ["article.published"], "description": "New"},
    )
    assert answer.status_code == 302
    ep.refresh_from_db()
    assert not ep.is_active and ep.event_types == ["article.published"]
    page = client.get(reverse("webhooks:endpoint", args=["uk", ep.public_id])).content.decode()
    assert "turned off" in page
    client.post(reverse("webhooks:endpoint-delete", args=["uk", ep.public_id]))
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("who", ["consultant_uk", "editor_uk", "coordinator_ie", "staff_a"])
def test_nobody_but_the_networks_coordinators_gets_in(world: Any, endpoint: Any, who: str) -> None:
    ep, _ = endpoint
    client = _client(getattr(world, who))
    assert client.get(reverse("webhooks:endpoint-list", args=["uk"])).status_code == 403
    assert client.get(reverse("webhooks:endpoint", args=["uk", ep.public_id])).status_code == 403
    rotate = client.post(reverse("webhooks:endpoint-rotate", args=["uk", ep.public_id]))
    assert rotate.status_code == 403
    assert Client().get(reverse("webhooks:endpoint-list", args=["uk"])).status_code == 302
    # The endpoint under another network's address is not found.
    other = _client(world.coordinator_ie)
    assert other.get(reverse("webhooks:endpoint", args=["ie", ep.public_id])).status_code == 403


def test_the_event_catalogue_page_is_public() -> None:
    page = Client().get(reverse("webhooks:event-catalogue"))
    assert page.status_code == 200
    assert "resource.published" in page.content.decode()


def test_the_manage_page_links_coordinators_to_their_networks_webhooks(world: Any) -> None:
    page = _client(world.coordinator_uk).get(reverse("network:manage")).content.decode()
    assert reverse("webhooks:endpoint-list", args=["uk"]) in page
    assert reverse("webhooks:endpoint-list", args=["ie"]) not in page
    editor = _client(world.editor_uk).get(reverse("network:manage")).content.decode()
    assert "Webhooks for" not in editor
