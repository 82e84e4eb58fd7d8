"""Every error under /api/v1/ has the documented JSON shape, and the schema says which errors each
operation answers and which operations need credentials."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from tests.api_contract import undeclared
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

SHAPE = {"detail", "code", "errors"}


def _token_client(user: Any) -> Client:
    return token_client(user)


def test_a_crash_in_an_operation_answers_500_json_and_is_logged(world, client, monkeypatch, caplog):
    from recoverynet.network import selectors

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret database password in the message")

    monkeypatch.setattr(selectors, "network_list", boom)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/networks")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "server_error"
    assert body["errors"] == []
    assert body["detail"].startswith("Something went wrong on our side")
    assert "secret" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is RuntimeError


def test_a_method_the_path_does_not_take_answers_405_json(world):
    response = _token_client(world.lead_a).delete("/api/v1/me")
    assert response.status_code == 405
    body = response.json()
    assert set(body) == SHAPE
    assert body["code"] == "method_not_allowed"
    assert "DELETE" in body["detail"]
    assert {m.strip() for m in response["Allow"].split(",")} >= {"GET", "PATCH", "HEAD"}


def test_an_unknown_path_answers_404_json_not_the_html_page(client):
    for path in ("/api/v1/nope", "/api/v1/events/not-a-thing/at/all", "/api/v1/nope/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json"), path
        body = response.json()
        assert set(body) == SHAPE
        assert body["code"] == "not_found"
    # Pages outside the API keep the HTML 404 page.
    assert client.get("/nope/").headers["Content-Type"].startswith("text/html")


def test_head_is_a_get_without_the_body_and_options_lists_the_methods(world, client):
    get = client.get("/api/v1/networks")
    head = client.head("/api/v1/networks")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    options = client.options("/api/v1/networks")
    assert options.status_code == 204
    assert {m.strip() for m in options["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}
    # A path that only takes POST: HEAD is not allowed, in the JSON shape.
    head_post_only = client.head("/api/v1/subscriptions/confirm")
    assert head_post_only.status_code == 405
    assert client.head("/api/v1/nope").status_code == 404


def _operations(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): details
        for path, methods in schema["paths"].items()
        for method, details in methods.items()
    }


def test_schema_declares_each_operations_errors(client):
    ops = _operations(client.get("/api/v1/openapi.json").json())
    error_ref = "#/components/schemas/ErrorOut"
    for key, details in ops.items():
        responses = details["responses"]
        assert responses["default"]["content"]["application/json"]["schema"]["$ref"] == error_ref
        if "security" in details and {} not in details["security"]:
            assert {"401", "403"} <= set(responses), key
        if "{" in key[1]:
            assert "404" in responses, key
    booking = ops[("POST", "/api/v1/events/{event_id}/bookings")]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(booking)
    assert booking["409"]["content"]["application/json"]["schema"]["$ref"] == error_ref
    assert {"409", "410"} <= set(ops[("POST", "/api/v1/bookings/{booking_id}/accept")]["responses"])
    assert "429" in ops[("POST", "/api/v1/newsletters/{network}/subscriptions")]["responses"]
    # A public read does not claim to need a sign-in.
    assert "401" not in ops[("GET", "/api/v1/events/{event_id}")]["responses"]


def test_public_reads_need_no_credentials_in_the_schema(client):
    ops = _operations(client.get("/api/v1/openapi.json").json())
    for key in [
        ("GET", "/api/v1/events/{event_id}"),
        ("GET", "/api/v1/events/{event_id}/rates"),
        ("GET", "/api/v1/resources"),
        ("GET", "/api/v1/newsletters/{network}/issues/{slug}"),
    ]:
        security = ops[key]["security"]
        assert {} in security, key  # no credentials needed …
        assert {"TokenAuth": []} in security, key  # … but a token is read if sent
    assert {} not in ops[("GET", "/api/v1/me")]["security"]
    assert "security" not in ops[("GET", "/api/v1/events")]  # auth=None: plainly public


def test_the_contract_check_names_an_undeclared_error():
    assert undeclared({"recoverynet_events_api_event_detail": {200, 404}}) == []
    assert undeclared({"recoverynet_events_api_event_detail": {409, 500}}) == [
        "recoverynet_events_api_event_detail answered 409"
    ]


def test_health_503_carries_the_error_shape(client, monkeypatch):
    from django.db import connection

    def unreachable() -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    body = response.json()
    assert set(body) >= SHAPE and body["code"] == "unavailable"
    assert body["database"] == "unreachable"
