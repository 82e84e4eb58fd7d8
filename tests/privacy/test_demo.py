import pytest

from recoverynet.core.models import DataExport, RuleApproval
from recoverynet.core.privacy import purge
from recoverynet.network.models import NetworkRole, NetworkRoleKind
from recoverynet.privacy.demo import BY_POST, LEFT_WAITING, NOT_PROPOSED, load_demo
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_demo_approvals_are_idempotent_and_show_every_state():
    assert load_demo() == {"rule approvals": 0}  # no demo team yet
    make_user("coordinator.uk@demo.recoverynet.example")
    make_user("consultant.uk@demo.recoverynet.example")
    first = load_demo()["rule approvals"]
    assert first == len(purge.dry_run()) - 1  # all but the one nobody has proposed
    assert load_demo() == {"rule approvals": 0, "exports by post": 0}
    waiting = sorted(p.rule.key for p in purge.dry_run() if not p.approved)
    assert waiting == sorted([LEFT_WAITING, NOT_PROPOSED])
    assert RuleApproval.objects.filter(approved_at__isnull=True).count() == 1
    assert not RuleApproval.objects.filter(rule_key=NOT_PROPOSED).exists()


def test_demo_prepares_one_copy_by_post_ready_to_print(world):
    coordinator = make_user("coordinator.uk@demo.recoverynet.example")
    NetworkRole.objects.create(network=world.uk, user=coordinator, role=NetworkRoleKind.COORDINATOR)
    make_user("consultant.uk@demo.recoverynet.example")
    person = make_user(BY_POST)
    assert load_demo()["exports by post"] == 1
    made = DataExport.objects.get(person=person)
    assert made.by_post and made.status == DataExport.Status.READY
    assert made.pdf_name and made.json_name
    assert load_demo()["exports by post"] == 0
    assert DataExport.objects.filter(person=person).count() == 1
