"""A NUL byte (or another control character, or a lone surrogate) anywhere in a request is refused
with a 4xx naming the field, never a 500 and never stored: every API operation, as several roles."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from recoverynet.api import api
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import bad_character, clean_text

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "lead_a", "coordinator_uk", "admin"]
NUL = "\x00"


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]


def _sample(param: dict[str, Any]) -> str:
    return "1" if param["schema"].get("type") == "integer" else "uk"


def _url(path: str, params: list[dict[str, Any]], bad: str | None = None) -> str:
    for p in params:
        if p["in"] == "path":
            value = "%00" if p["name"] == bad else _sample(p)
            path = path.replace("{" + p["name"] + "}", value)
    return path


def _body_properties(op: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    content = op.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or content.get("multipart/form-data") or {}
    ref = body.get("schema", {})
    while "$ref" in ref:
        ref = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
    return sorted(ref.get("properties", {})) or ["anything"]


def _cases() -> list[tuple[str, str, str, str, Any]]:
    """(method, url, field, content_type, data) — one per path parameter, query parameter and body
    property of every operation, each carrying a NUL in that one place."""
    schema = api.get_openapi_schema()
    cases = []
    for method, path, op in _operations():
        params = op.get("parameters", [])
        for p in params:
            if p["in"] == "path":
                cases.append((method, _url(path, params, p["name"]), p["name"], "", None))
            elif p["in"] == "query":
                cases.append((method, f"{_url(path, params)}?{p['name']}=%00", p["name"], "", None))
            elif p["in"] == "header":
                cases.append((method, _url(path, params), p["name"], "header", None))
        content = op.get("requestBody", {}).get("content", {})
        for prop in _body_properties(op, schema) if content else []:
            kind = "multipart" if "multipart/form-data" in content else "json"
            cases.append((method, _url(path, params), prop, kind, {prop: f"a{NUL}b"}))
    return cases


def _send(client: Any, method: str, url: str, field: str, kind: str, data: Any) -> Any:
    call = getattr(client, method.lower())
    if kind == "json":
        return call(url, data=json.dumps(data), content_type="application/json")
    if kind == "multipart":
        return call(url, data=data)
    if kind == "header":
        return call(url, headers={field: f"k{NUL}"})
    return call(url)


def test_every_operation_has_cases() -> None:
    cases = _cases()
    assert len(_operations()) >= 80
    # Every operation that takes any input appears at least once.
    covered = {(m, re.sub(r"\?.*", "", u)) for m, u, *_ in cases}
    assert len(covered) >= 70


@pytest.mark.parametrize("role", ROLES)
def test_nul_anywhere_in_an_api_request_is_a_422_naming_the_field(world: Any, role: str) -> None:
    client = world.client_for(role)
    failures = []
    for method, url, field, kind, data in _cases():
        response = _send(client, method, url, field, kind, data)
        body = response.json() if response["Content-Type"].startswith("application/json") else {}
        fields = [e["field"] for e in body.get("errors", [])]
        if response.status_code != 422 or fields != [field]:
            failures.append(
                f"{method} {url} [{kind or 'param'} {field}] → {response.status_code} {fields}"
            )
    assert not failures, "\n".join(failures)


def test_json_escape_for_nul_and_lone_surrogate_are_refused(world: Any) -> None:
    client = world.client_for("lead_a")
    for raw in ('{"full_name": "Ann\\u0000"}', '{"full_name": "Ann\\ud800"}'):
        response = client.patch("/api/v1/me", data=raw, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "full_name", "message": response.json()["detail"]}
        ]
    world.lead_a.refresh_from_db()
    assert world.lead_a.full_name == "Lead.A"


def test_nul_in_a_nested_json_field_names_the_path(world: Any) -> None:
    client = world.client_for("lead_a")
    body = {"delegates": [{"name": "Ann", "email": "ann@example.org"}, {"name": f"B{NUL}"}]}
    response = client.post(
        "/api/v1/events/x/bookings", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "delegates.1.name"


def _plain_urls() -> list[str]:
    """Every page URL without parameters (not the API, not the admin)."""
    urls: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith(("api/", "admin/")):
                    continue
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and not route.startswith("^"):
                urls.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(urls))


@pytest.mark.parametrize("role", ["anonymous", "lead_a", "coordinator_uk"])
def test_nul_in_a_page_query_string_is_a_400_page(world: Any, role: str) -> None:
    client = world.client_for(role)
    urls = _plain_urls()
    assert "/events/past/" in urls and len(urls) > 20
    failures = []
    for url in urls:
        response = client.get(url + "?q=%00&network=%00")
        if response.status_code != 400:
            failures.append(f"{url} → {response.status_code}")
    assert not failures, "\n".join(failures)
    response = client.get("/events/past/?q=%00")
    assert "cannot accept" in response.content.decode()
    assert "“q”" in response.content.decode()


def test_nul_in_a_page_path_or_form_is_a_400_and_nothing_changes(world: Any) -> None:
    client = world.client_for("coordinator_uk")
    assert client.get("/invitations/abc%00/").status_code == 400
    # Django's CharField refuses NUL itself, but not other control characters (an escape code).
    response = client.post(
        f"/organisations/{world.org_a.slug}/edit/",
        {"name": "Alpha\x1b[2J", "kind": "nhs", "country": "England"},
    )
    assert response.status_code == 400
    assert "“name”" in response.content.decode()
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Alpha NHS Trust"


def test_bad_character_rules() -> None:
    assert bad_character("Line one\nline two\ttabbed\r\n") is None
    assert bad_character("a\nb", single_line=True) == "\\n"
    assert bad_character("a\x00") == "\\x00"
    assert bad_character("a\x1b[31m") == "\\x1b"
    assert bad_character("\ud800") == "\\ud800"
    assert bad_character("Zoë 👋 — ok") is None


def test_clean_text_strips_requires_and_refuses_without_cutting() -> None:
    assert clean_text("  Ann  ", field="name", required=True, max_length=10) == "Ann"
    with pytest.raises(ApplicationError) as blank:
        clean_text("   ", field="delegates.0.name", required=True)
    assert blank.value.field == "delegates.0.name" and blank.value.status == 422
    assert blank.value.message == "Name cannot be empty or only spaces."
    with pytest.raises(ApplicationError) as long:
        clean_text("x" * 61, field="purchase_order", max_length=60)
    assert long.value.message == "Purchase order must be 60 characters or fewer."
    with pytest.raises(ApplicationError) as nul:
        clean_text("a\x00", field="title")
    assert nul.value.field == "title"
