"""The webhooks API: coordinators only, the secret once, SSRF refusals, the event catalogue."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from recoverynet.core import domain_events
from recoverynet.webhooks.models import Delivery, Endpoint
from tests.conftest import token_client

from .conftest import verify

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def _create(client: Client, **overrides: Any) -> Any:
    body = {
        "url": "https://hooks.example.org/in",
        "event_types": ["resource.published"],
        "description": "CRM",
        **overrides,
    }
    return client.post(
        f"{BASE}/networks/uk/webhooks", data=json.dumps(body), content_type="application/json"
    )


def test_the_catalogue_lists_every_event_with_its_fields() -> None:
    answer = Client().get(f"{BASE}/webhooks/event-types")
    assert answer.status_code == 200
    listed = {e["name"]: e for e in answer.json()}
    assert set(listed) == {t.name for t in domain_events.catalogue()}
    assert {"resource.published", "article.published", "network.created"} <= set(listed)
    assert listed["resource.published"]["payload"]["title"] == "Its title."


def test_a_coordinator_adds_an_endpoint_and_sees_the_secret_once(
    world: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = token_client(world.coordinator_uk)
    answer = _create(client)
    assert answer.status_code == 201, answer.content
    made = answer.json()
    secret = made["secret"]
    assert secret.startswith("whsec_") and made["is_active"] and made["network"] == "uk"
    again = client.get(f"{BASE}/webhooks/{made['id']}")
    assert again.status_code == 200 and "secret" not in again.json()
    assert secret not in client.get(f"{BASE}/networks/uk/webhooks").content.decode()
    # A test event arrives signed with that secret and shows in the log.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{BASE}/webhooks/{made['id']}/test")
    assert sent.status_code == 202 and sent.json()["event_type"] == "webhook.test"
    request = receiver.got[-1]
    assert verify(secret, request.headers, request.body)
    log = client.get(f"{BASE}/webhooks/{made['id']}/deliveries").json()
    assert log["count"] == 1 and log["items"][0]["event_type"] == "webhook.test"
    detail = client.get(f"{BASE}/webhook-deliveries/{log['items'][0]['id']}").json()
    assert detail["log"][0]["status_code"] == 200 and detail["webhook_id"].startswith("msg_")


def test_rotate_patch_resend_and_delete(
    world: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = token_client(world.coordinator_uk)
    made = _create(client).json()
    rotated = client.post(f"{BASE}/webhooks/{made['id']}/secret").json()
    assert rotated["secret"] != made["secret"] and rotated["previous_secret_signs_until"]
    patched = client.patch(
        f"{BASE}/webhooks/{made['id']}",
        data=json.dumps({"is_active": False, "event_types": ["article.published"]}),
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["event_types"] == ["article.published"]
    assert not patched.json()["is_active"]
    refused = client.post(f"{BASE}/webhooks/{made['id']}/test")
    assert refused.status_code == 409
    client.patch(
        f"{BASE}/webhooks/{made['id']}",
        data=json.dumps({"is_active": True}),
        content_type="application/json",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}/webhooks/{made['id']}/test")
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"{BASE}/webhook-deliveries/{delivery.public_id}/resend")
    assert resent.status_code == 202 and len(receiver.got) == 2
    assert client.delete(f"{BASE}/webhooks/{made['id']}").status_code == 204
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/in",
        "https://10.2.3.4/in",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/in",
        "https://[::ffff:10.0.0.1]/in",
        "http://hooks.example.org/in",
        "https://inside.example.org/in",  # resolves to a private address
        "https://unknown.example.org/in",  # does not resolve
    ],
)
def test_unsafe_addresses_are_refused_naming_the_field(world: Any, receiver: Any, url: str) -> None:
    receiver.dns["inside.example.org"] = ["192.168.5.5"]
    answer = _create(token_client(world.coordinator_uk), url=url)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "url"
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event_types": []}, "event_types"),
        ({"event_types": ["booking.invented"]}, "event_types"),
        ({"url": "https://hooks.example.org/\u0000"}, "url"),
        ({"description": "   x" + "y" * 300}, "description"),
        ({"url": None}, "url"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    world: Any, receiver: Any, body: dict[str, Any], field: str
) -> None:
    answer = _create(token_client(world.coordinator_uk), **body)
    assert answer.status_code == 422, answer.content
    assert field in json.dumps(answer.json()["errors"])
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("who", ["consultant_uk", "editor_uk", "coordinator_ie", "lead_a"])
def test_only_the_networks_coordinators_get_in(world: Any, receiver: Any, who: str) -> None:
    coordinator = token_client(world.coordinator_uk)
    made = _create(coordinator).json()
    other = token_client(getattr(world, who))
    assert _create(other).status_code == 403
    assert other.get(f"{BASE}/networks/uk/webhooks").status_code == 403
    assert other.get(f"{BASE}/webhooks/{made['id']}").status_code == 403
    assert other.delete(f"{BASE}/webhooks/{made['id']}").status_code == 403
    assert other.post(f"{BASE}/webhooks/{made['id']}/secret").status_code == 403
    assert Client().get(f"{BASE}/networks/uk/webhooks").status_code == 401


def test_a_token_needs_the_webhooks_area(world: Any, receiver: Any) -> None:
    reader = token_client(world.coordinator_uk, scopes=("library:write",))
    assert reader.get(f"{BASE}/networks/uk/webhooks").status_code == 403
    writer = token_client(world.coordinator_uk, scopes=("webhooks:write",))
    assert _create(writer).status_code == 201
