"""Demo billing: this year's membership fees raised for the UK network (one fee run, so the fee
run's page and the membership invoices can be seen). Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from recoverynet.network.models import Network

from .models import MembershipFeeRun
from .services import membership_fee_run_start

User = get_user_model()


def load_demo() -> dict[str, int]:
    network = Network.objects.filter(slug="uk").first()
    if network is None or MembershipFeeRun.objects.filter(network=network).exists():
        return {"fee_runs": 0}
    coordinator = User.objects.get(email="coordinator.uk@demo.recoverynet.example")
    membership_fee_run_start(actor=coordinator, network=network, year=network.today().year)
    return {"fee_runs": 1}
