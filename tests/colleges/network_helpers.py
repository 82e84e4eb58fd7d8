"""Helpers for the Learning Network tests: more member colleges, a closed fidelity review."""

from __future__ import annotations

from typing import Any

from recoverynet.colleges import fidelity as structure
from recoverynet.colleges.models import College, StaffRole
from recoverynet.colleges.services import college as college_services
from recoverynet.colleges.services import fidelity as fidelity_services
from recoverynet.network import services as network_services
from recoverynet.network.models import OrganisationKind
from tests.conftest import World, make_user


def add_college(world: World, name: str, slug: str, *, parent: Any = None) -> College:
    organisation = network_services.organisation_create(
        actor=world.admin,
        name=f"{name} Trust",
        kind=OrganisationKind.NHS,
        country="England",
        parent=parent,
    )
    return college_services.college_create(
        actor=world.admin, organisation=organisation, networks=[world.uk], name=name, slug=slug
    )


def staff(world: World, email: str, college: College, role: str = StaffRole.MANAGER) -> Any:
    from recoverynet.accounts.models import User

    user = User.objects.filter(email=email).first() or make_user(
        email, full_name=email.split("@")[0].title()
    )
    college_services.staff_role_grant(actor=world.admin, college=college, user=user, role=role)
    return user


def agree_all(actor: Any, review: Any, score: int = 2, type_: int = 1) -> None:
    for c in structure.COMPONENTS:
        fidelity_services.fidelity_agree(
            actor=actor,
            review=review,
            component=c.key,
            score=score if c.scored else None,
            type=None if c.scored else type_,
        )


def closed_review(world: World, college: College, actor: Any, score: int = 2) -> Any:
    review = fidelity_services.fidelity_review_start(
        actor=actor, college=college, network=world.uk, title=f"Review at {college.name}"
    )
    agree_all(actor, review, score=score)
    return fidelity_services.fidelity_review_close(actor=actor, review=review)
