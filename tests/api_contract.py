"""The OpenAPI schema must declare every error an operation really answers.

While the tests run, every API operation's answer is recorded as (operationId, status). At the end
of the session (or of each xdist worker's share of it) any 4xx that an operation answered but the
schema does not declare for it fails the run, naming the operation and the status. So a new rule
that answers 409 without `**errors(409)` on its operation is caught by the test that exercises it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from ninja.operation import Operation


def declared_statuses() -> dict[str, set[str]]:
    from recoverynet.api import api

    schema = api.get_openapi_schema(path_prefix="")
    return {
        details["operationId"]: {str(status) for status in details["responses"]}
        for operations in schema["paths"].values()
        for details in operations.values()
    }


def undeclared(seen: dict[str, set[int]]) -> list[str]:
    declared = declared_statuses()
    return sorted(
        f"{operation_id} answered {status}"
        for operation_id, statuses in seen.items()
        for status in statuses
        if 400 <= status < 500 and str(status) not in declared.get(operation_id, set())
    )


@pytest.fixture(scope="session", autouse=True)
def api_errors_are_declared() -> Iterator[dict[str, set[int]]]:
    seen: dict[str, set[int]] = defaultdict(set)
    original = Operation.run

    def run(self: Operation, request: Any, **kw: Any) -> Any:
        response = original(self, request, **kw)
        operation_id = self.operation_id or self.api.get_openapi_operation_id(self)
        seen[operation_id].add(response.status_code)
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Operation, "run", run)
        yield seen
    missing = undeclared(seen)
    if missing:
        pytest.fail(
            "The OpenAPI schema does not declare these errors (add **errors(...) to the "
            "operation's response):\n  " + "\n  ".join(missing),
            pytrace=False,
        )
