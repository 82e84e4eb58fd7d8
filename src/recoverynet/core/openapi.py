"""The API's OpenAPI schema tells the truth about errors and security, by default.

Every operation documents the errors that every operation of its kind can answer, in the one
error shape (`ErrorOut`):

- 401 and 403 when it needs a signed-in caller (403: not allowed, or MFA not set up);
- 404 when its path names an object;
- 422 when it takes input (path, query, header or body);
- `default` (500 `server_error`) for everyone.

An operation adds what its own rules raise with `response={200: X, **errors(409, 410)}`
(`core.api.errors`). Public reads — `auth=optional_auth`, a token if you have one, else anyone —
show as `security: [{}, {"TokenAuth": []}]`: no credentials needed. A test (tests/api_contract.py)
records every 4xx that operations answer during the test run and fails when one is not declared.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from .api import ErrorOut

_DESCRIPTIONS = {
    400: "Bad request",
    401: "Not signed in: `not_authenticated`",
    403: "Not allowed: `permission_denied`; `mfa_required` for someone on a network team without "
    "multi-factor authentication (token or session); `insufficient_scope` for a token whose scopes "
    "do not cover the operation",
    404: "`not_found`: no such object, or one you may not know exists",
    409: "A business rule says no (the `code` says which)",
    410: "Gone (the `code` says what ran out)",
    413: "Too large",
    422: "`invalid` input (or a rule about one field): `errors` names each field",
    429: "`too_many_attempts`: wait and try again",
}


def anonymous(request: HttpRequest) -> bool:
    """An auth callback that lets anyone in; after a real scheme in a list it makes that scheme
    optional (`optional_auth = [TokenAuth(), anonymous]`)."""
    return True


def allows_anonymous(operation: Operation) -> bool:
    return any(callback is anonymous for callback in operation.auth_callbacks)


def needs_credentials(operation: Operation) -> bool:
    return bool(operation.auth_callbacks) and not allows_anonymous(operation)


def implied_errors(operation: Operation) -> set[int]:
    statuses: set[int] = set()
    if needs_credentials(operation):
        statuses |= {401, 403}
    elif operation.auth_callbacks:
        # A public read still checks a token that is sent: its scopes and its owner's MFA (403).
        statuses.add(403)
    sources = {model.__ninja_param_source__ for model in operation.models}
    if "path" in sources:
        statuses.add(404)
    if sources:
        statuses.add(422)
    return statuses


class ApiSchema(OpenAPISchema):
    def _error_schema(self) -> dict[str, Any]:
        if "ErrorOut" not in self.schemas:
            schema = ErrorOut.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema
            )
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas["ErrorOut"] = schema
        ref = {"$ref": REF_TEMPLATE.format(model="ErrorOut")}
        return {"content": {self.api.renderer.media_type: {"schema": ref}}}

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result: dict[int, dict[str, Any]] = super().responses(operation)
        declared = {s for s, model in operation.response_models.items() if model is ErrorOut}
        for status in sorted(implied_errors(operation) | declared):
            result[status] = {
                "description": _DESCRIPTIONS.get(status, "Error"),
                **self._error_schema(),
            }
        return result

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details: dict[str, Any] = super().operation_details(operation)
        details["responses"]["default"] = {
            "description": "Anything else, e.g. 500 `server_error` when something went wrong on "
            "our side",
            **self._error_schema(),
        }
        return details

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security: list[dict[str, Any]] | None = super().operation_security(operation)
        if security and allows_anonymous(operation):
            return [{}, *security]  # {} first: no credentials needed
        return security


class Api(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        # The docs page (templates/ninja/swagger.html adds a language, a main landmark, a heading and
        # core/api-docs.css): without deep links Swagger UI does not nest a link inside each
        # operation's button, which axe (nested-interactive) refuses.
        kwargs.setdefault("docs", Swagger(settings={"deepLinking": False}))
        super().__init__(**kwargs)
        self._schemas: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per process and path prefix: the routes are fixed once the URLs load, and
        building ~200 operations' schema takes seconds on a busy machine (the docs page waited
        for it on every visit)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = ApiSchema(api=self, path_prefix=path_prefix)
        return self._schemas[path_prefix]
