import pytest

from recoverynet.core.models import RuleApproval
from recoverynet.core.privacy import purge
from recoverynet.privacy.demo import LEFT_WAITING, load_demo
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_demo_approvals_are_idempotent_and_leave_one_rule_waiting():
    assert load_demo() == {"rule approvals": 0}  # no demo team yet
    make_user("coordinator.uk@demo.recoverynet.example")
    make_user("consultant.uk@demo.recoverynet.example")
    first = load_demo()["rule approvals"]
    assert first == len(purge.dry_run())
    assert load_demo() == {"rule approvals": 0}
    waiting = [p.rule.key for p in purge.dry_run() if not p.approved]
    assert waiting == [LEFT_WAITING]
    assert RuleApproval.objects.filter(approved_at__isnull=True).count() == 1
