import pytest
from django.core.management import call_command

from recoverynet.accounts.models import User
from recoverynet.network.models import Membership, Network, Organisation

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Network.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    )


def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    first = _counts()
    out = capsys.readouterr().out
    assert "coordinator.uk@demo.recoverynet.example" in out and "MFA" in out
    call_command("load_demo")
    assert _counts() == first
    assert first[0] == 3
    currencies = dict(Network.objects.values_list("slug", "currency"))
    assert currencies == {"uk": "GBP", "ari": "EUR", "australasia": "AUD"}
    assert str(Network.objects.get(slug="australasia").tax_rate_on()) == "0.1000"
    # NTW's plan made at the carers learning set's first day names the day as its occasion, once.
    from recoverynet.plans.models import ActionPlan

    at_day = ActionPlan.objects.filter(organisation__slug="ntw", occasion_kind="learning_day")
    assert at_day.count() == 1 and at_day.get().reviews.count() == 1


def test_demo_totp_only_for_demo_accounts(capsys):
    call_command("demo_totp", "admin@demo.recoverynet.example")
    assert capsys.readouterr().out.strip().isdigit()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_totp", "someone@nhs.example")
