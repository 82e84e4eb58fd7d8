"""Names are stripped and required, `null` in a PATCH is refused for fields that cannot be empty, and
over-long text is refused naming the field and its limit — never cut."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.library import services as library
from recoverynet.library.models import Resource
from recoverynet.network.models import Organisation
from recoverynet.plans import services as plans
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def _api(user: Any) -> Client:
    return token_client(user)


def _patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/networks/uk", {"time_zone": None}, "time_zone"),
        ("/api/v1/networks/uk", {"name": None}, "name"),
        ("/api/v1/networks/uk", {"tax_name": None}, "tax_name"),
        ("/api/v1/networks/uk", {"description": None}, "description"),
        ("/api/v1/organisations/alpha-nhs-trust", {"name": None}, "name"),
        ("/api/v1/organisations/alpha-nhs-trust", {"country": None}, "country"),
        ("/api/v1/organisations/alpha-nhs-trust", {"description": None}, "description"),
        ("/api/v1/me", {"full_name": None}, "full_name"),
    ],
)
def test_null_for_a_field_that_cannot_be_empty_is_a_422(
    world: Any, url: str, body: dict[str, Any], field: str
) -> None:
    response = _patch(_api(world.coordinator_uk), url, body)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert "cannot be null" in response.json()["errors"][0]["message"]
    world.uk.refresh_from_db()
    assert (world.uk.name, world.uk.time_zone) == ("UK Network", "Europe/London")


def test_null_still_clears_a_field_that_may_be_empty(world: Any) -> None:
    child = Organisation.objects.get(slug="beta-charity")
    client = _api(world.coordinator_uk)
    set_parent = {"parent": "alpha-nhs-trust"}
    assert _patch(client, f"/api/v1/organisations/{child.slug}", set_parent).status_code == 200
    response = _patch(client, f"/api/v1/organisations/{child.slug}", {"parent": None})
    assert response.status_code == 200 and response.json()["parent"] is None


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/networks/uk", {"name": "   "}, "name"),
        ("/api/v1/organisations/alpha-nhs-trust", {"name": " \t "}, "name"),
        ("/api/v1/me", {"full_name": "   "}, "full_name"),
        ("/api/v1/networks/uk", {"name": "Two\nlines"}, "name"),
    ],
)
def test_blank_or_multi_line_names_are_refused(
    world: Any, url: str, body: dict[str, Any], field: str
) -> None:
    response = _patch(_api(world.coordinator_uk), url, body)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    world.uk.refresh_from_db()
    world.org_a.refresh_from_db()
    assert (world.uk.name, world.org_a.name) == ("UK Network", "Alpha NHS Trust")


def test_names_are_stored_stripped(world: Any) -> None:
    response = _patch(_api(world.lead_a), "/api/v1/me", {"full_name": "  Lee Ahmed  "})
    assert response.status_code == 200 and response.json()["full_name"] == "Lee Ahmed"


def test_services_refuse_blank_names_whatever_the_caller(world: Any) -> None:
    from recoverynet.accounts.services import profile_update
    from recoverynet.network.services import organisation_update

    with pytest.raises(ApplicationError) as error:
        organisation_update(actor=world.coordinator_uk, organisation=world.org_a, name="   ")
    assert error.value.field == "name" and error.value.status == 422
    with pytest.raises(ApplicationError):
        profile_update(
            actor=world.lead_a, user=world.lead_a, full_name=" ", preferred_name="", job_title=""
        )


def test_long_resource_title_is_refused_naming_the_field_and_limit(world: Any) -> None:
    response = _api(world.lead_a).post(
        "/api/v1/networks/uk/resources",
        {"title": "x" * 350, "summary": "s", "kind": "tool", "link": "https://example.org/"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "title", "message": "Title must be 200 characters or fewer."}
    ]
    # The service refuses too (it used to cut the title to 200 characters and store it).
    with pytest.raises(ApplicationError) as error:
        library.resource_submit(
            actor=world.lead_a,
            network=world.uk,
            data=library.ResourceInput(title="x" * 350, summary="s", kind="tool"),
            content=library.Content(link="https://example.org/"),
        )
    assert error.value.message == "Title must be 200 characters or fewer."
    assert not Resource.objects.exists()


def test_long_plan_title_is_refused_not_cut(world: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        plans.plan_create(actor=world.lead_a, organisation=world.org_a, title="t" * 201)
    assert (error.value.field, error.value.message) == (
        "title",
        "Title must be 200 characters or fewer.",
    )
    response = _api(world.lead_a).post(
        f"/api/v1/organisations/{world.org_a.slug}/action-plans",
        data=json.dumps({"title": "t" * 201}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Title must be 200 characters or fewer."


def _schema_classes() -> dict[str, type]:
    from ninja import Schema

    found: dict[str, type] = {}
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("recoverynet."):
            found[cls.__name__] = cls
    return found


def test_every_patch_operation_refuses_null_for_optional_fields() -> None:
    """A partial update whose optional fields would take `null` must be a PatchSchema, so `null`
    is refused (422) unless the field lists itself as clearable."""
    from recoverynet.api import api
    from recoverynet.core.schemas import PatchSchema

    classes = _schema_classes()
    schema = api.get_openapi_schema()
    patches = [
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for ops in schema["paths"].values()
        for method, op in ops.items()
        if method == "patch"
    ]
    assert len(patches) >= 6
    for name in patches:
        cls = classes[name]
        takes_null = [
            f
            for f, info in cls.model_fields.items()
            if type(None) in typing.get_args(info.annotation)
        ]
        if takes_null:
            assert issubclass(cls, PatchSchema), f"{name} takes null for {takes_null}"


def test_a_name_with_a_line_break_is_refused_on_the_page(world: Any) -> None:
    client = world.client_for("coordinator_uk")
    response = client.post(
        f"/organisations/{world.org_a.slug}/edit/",
        {"name": "Alpha\nBeta", "kind": "nhs", "country": "England"},
    )
    assert response.status_code == 400
    assert "Write this on one line" in response.content.decode()
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Alpha NHS Trust"
