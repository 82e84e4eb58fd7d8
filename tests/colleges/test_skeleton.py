from __future__ import annotations

import pytest

from recoverynet.colleges import access
from recoverynet.colleges.models import StaffRole
from recoverynet.colleges.selectors import staff as staff_selectors
from recoverynet.colleges.services import college as college_services
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .conftest import CollegeWorld


def test_colleges_i_am_staff_of(cw: CollegeWorld) -> None:
    mine = staff_selectors.colleges_staffed_by(actor=cw.peer_trainer)
    assert [s.college.slug for s in mine] == ["alpha-college", "beta-college"]
    assert all(s.roles == {StaffRole.PEER_TRAINER} for s in mine)
    assert staff_selectors.colleges_staffed_by(actor=cw.world.outsider) == []


def test_role_of_actor_at_college(cw: CollegeWorld) -> None:
    assert staff_selectors.roles_of_actor_at(actor=cw.manager, college=cw.college) == {
        StaffRole.MANAGER
    }
    assert staff_selectors.roles_of_actor_at(actor=cw.manager, college=cw.other_college) == set()
    assert access.can_run_college(cw.manager, cw.college)
    assert not access.can_run_college(cw.manager, cw.other_college)
    assert access.can_take_register(cw.peer_trainer, cw.college)
    assert not access.can_run_college(cw.peer_trainer, cw.college)


def test_staff_list_is_for_staff_and_network_team(cw: CollegeWorld) -> None:
    assert staff_selectors.college_staff(actor=cw.world.coordinator_uk, college=cw.college)
    with pytest.raises(PermissionDenied):
        staff_selectors.college_staff(actor=cw.world.outsider, college=cw.college)
    with pytest.raises(PermissionDenied):
        staff_selectors.college_staff(actor=cw.other_manager, college=cw.college)


def test_only_network_coordinators_create_colleges(cw: CollegeWorld) -> None:
    with pytest.raises(PermissionDenied):
        college_services.college_create(
            actor=cw.world.lead_a,
            organisation=cw.world.org_a,
            networks=[cw.world.uk],
            name="Sneaky",
            slug="sneaky",
        )
    with pytest.raises(ApplicationError) as caught:
        college_services.college_create(
            actor=cw.world.admin,
            organisation=cw.world.org_a,
            networks=[cw.world.uk],
            name="   ",
            slug="blank",
        )
    assert caught.value.field == "name"


def test_granting_a_role_twice_is_refused(cw: CollegeWorld) -> None:
    with pytest.raises(ApplicationError) as caught:
        college_services.staff_role_grant(
            actor=cw.manager, college=cw.college, user=cw.peer_trainer, role=StaffRole.PEER_TRAINER
        )
    assert caught.value.code == "duplicate"
    with pytest.raises(PermissionDenied):
        college_services.staff_role_grant(
            actor=cw.peer_trainer, college=cw.college, user=cw.advisor, role=StaffRole.MANAGER
        )
