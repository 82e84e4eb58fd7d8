"""A reusable permission matrix: every role × every page or endpoint, with who may get in.

Later capabilities add their own `Rule`s and call `assert_matrix`. A role is allowed when the
response is 200; anyone else must be refused: 302 to sign-in for anonymous pages, 401 for the
anonymous API, and 403 or 404 for signed-in people without the right role (never a 200, never a 500).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "outsider",
    "staff_a",
    "lead_a",
    "lead_b",
    "lead_ie",
    "editor_uk",
    "consultant_uk",
    "coordinator_uk",
    "coordinator_ie",
    "admin",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
UK_TEAM = frozenset({"editor_uk", "consultant_uk", "coordinator_uk", "admin"})
TEAM = UK_TEAM | {"coordinator_ie"}
COORDINATORS = frozenset({"coordinator_uk", "coordinator_ie", "admin"})


@dataclass(frozen=True)
class Rule:
    """`path` may be a callable taking the world, for paths that need object ids."""

    path: str | Callable[[Any], str]
    allowed: frozenset[str]
    api: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def resolve(self, world: Any) -> str:
        return self.path(world) if callable(self.path) else self.path


def _refused(role: str, rule: Rule, status: int, location: str) -> bool:
    if role == "anonymous":
        if rule.api:
            return status == 401
        return status == 302 and "/accounts/login/" in location
    if rule.api:
        return status in (403, 404)
    return status in (403, 404)


def assert_matrix(world: Any, rules: Iterable[Rule], roles: Iterable[str] = ROLES) -> None:
    failures: list[str] = []
    clients = {role: world.client_for(role) for role in roles}
    for rule in rules:
        path = rule.resolve(world)
        for role, client in clients.items():
            response = client.get(path, **rule.extra)
            location = response.get("Location", "")
            if role in rule.allowed:
                if response.status_code != 200:
                    failures.append(
                        f"{role} should see {path} but got {response.status_code} {location}"
                    )
            elif not _refused(role, rule, response.status_code, location):
                failures.append(
                    f"{role} must not see {path} but got {response.status_code} {location}"
                )
    assert not failures, "Permission matrix failures:\n" + "\n".join(failures)


# Consultancy engagements (engagements app): the UK network's consultants and its lead (coordinator).
UK_CONSULTING = frozenset({"consultant_uk", "coordinator_uk", "admin"})

# Recovery College roles, beside the network roles above (tests/colleges/test_permission_matrix.py
# builds a world with them): a student and another student of the college, its manager, a peer
# trainer, the learning advisor the student shares their plan with, and another college's manager.
COLLEGE_ROLES = (
    "student",
    "other_student",
    "college_manager",
    "peer_trainer",
    "learning_advisor",
    "other_college_manager",
)
# Who runs the college (its manager; site administrators), and who manages its public page and
# staff list (also the coordinators of its network).
COLLEGE_RUNNERS = frozenset({"college_manager", "admin"})
COLLEGE_MANAGERS = COLLEGE_RUNNERS | {"coordinator_uk"}


# --- Learning Network (colleges) -----------------------------------------------------------------
# People at member colleges, beyond ROLES: a college's manager and peer trainer, a student of it, and
# the manager of another member college. tests/colleges/test_network_permission_matrix.py gives them
# to `assert_matrix` with ROLES.
COLLEGE_NETWORK_ROLES = (
    "college_manager",
    "college_peer_trainer",
    "college_student",
    "other_college_manager",
)
