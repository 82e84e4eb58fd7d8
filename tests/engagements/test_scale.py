"""`generate_scale` for engagements: every kind in proportion, as the services leave them (agreed
before any session, days in halves drawn down within the allocation and approved top-ups unless a
session says why it over-ran, a buddying pair's two clients, goals and log), the busy programme,
and the pages the benchmark asks for (the network team's and the client's)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db.models import Count, F, Q
from django.test import Client

from recoverynet.engagements.arithmetic import is_half_days
from recoverynet.engagements.models import (
    AGREED_STATUSES,
    ConsultantMonth,
    Engagement,
    EngagementKind,
    EngagementStatus,
    LogEntry,
    Milestone,
    Output,
    OutputKind,
    Session,
    SessionState,
    SharedGoal,
    TopUp,
)
from recoverynet.engagements.plan_source import SOURCE_KIND
from recoverynet.network.models import Affiliation, AffiliationRole, Membership, NetworkRole
from recoverynet.plans.models import ActionPlan
from tests.conftest import TOTP_SECRET, sign_in, token_client
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

APPS = "network,events,challenges,engagements"
TODAY = datetime.date(2026, 12, 4)


def _generate() -> None:
    generate_scale(APPS, anchor=TODAY.isoformat())


def _engagements() -> list[Engagement]:
    return list(
        Engagement.objects.order_by("pk").prefetch_related(
            "clients", "team", "sessions", "allocation__top_ups", "shared_goals", "log"
        )
    )


def test_every_kind_in_proportion() -> None:
    _generate()
    engagements = _engagements()
    assert len(engagements) == 12  # 3,000 at factor 1.0
    assert {e.kind for e in engagements} >= {EngagementKind.PROGRAMME, EngagementKind.BUDDYING}
    assert Session.objects.count() >= 100  # the busy programme's, and the others'
    assert 220 <= LogEntry.objects.count() <= 260  # 60,000 at factor 1.0
    team = set(NetworkRole.objects.values_list("network_id", "user_id"))
    assert ConsultantMonth.objects.count() == 36 * len(team)


def test_engagements_are_as_the_services_leave_them() -> None:
    _generate()
    team = set(NetworkRole.objects.values_list("network_id", "user_id"))
    members = set(Membership.objects.values_list("network_id", "organisation_id"))
    for e in _engagements():
        assert (e.network_id, e.lead_consultant_id) in team
        assert all((e.network_id, m.consultant_id) in team for m in e.team.all())
        assert all((e.network_id, c.organisation_id) in members for c in e.clients.all())
        if e.kind == EngagementKind.BUDDYING:
            assert e.clients.count() == 2
        else:
            assert not e.shared_goals.exists() and not e.log.exists()
        sessions = list(e.sessions.all())
        delivered = [s for s in sessions if s.state == SessionState.DELIVERED]
        if e.status not in AGREED_STATUSES:
            assert not sessions and not _agreed_days(e)
            continue
        allocation = e.allocation
        assert allocation.agreed_by_id == e.lead_consultant_id
        # The first delivered session moves an agreed engagement on.
        assert e.status != EngagementStatus.AGREED or not delivered
        consultants = {e.lead_consultant_id, *(m.consultant_id for m in e.team.all())}
        for s in sessions:
            assert e.starts_on <= s.on <= e.ends_on
            assert s.consultant_id in consultants and is_half_days(s.days)
            assert s.state != SessionState.DELIVERED or s.on <= TODAY
            assert (s.state == SessionState.CANCELLED) == bool(s.cancel_reason)
        top_ups = allocation.top_ups.all()
        approved = sum((t.days for t in top_ups if t.approved_at), Decimal(0))
        used = sum((s.days for s in delivered), Decimal(0))
        if used > allocation.days + approved:
            assert any(s.over_run_reason for s in delivered)
        else:
            assert not any(s.over_run_reason for s in delivered)
    assert not TopUp.objects.filter(approved_at__isnull=False, rejected_at__isnull=False).exists()
    assert not TopUp.objects.filter(rejected_at__isnull=False, rejection_reason="").exists()
    assert not Milestone.objects.filter(
        Q(due_on__lt=F("engagement__starts_on")) | Q(due_on__gt=F("engagement__ends_on"))
    ).exists()


def _agreed_days(e: Engagement) -> bool:
    """An engagement not yet agreed may have days proposed, never agreed by anyone."""
    try:
        return e.allocation.agreed_by_id is not None
    except Engagement.allocation.RelatedObjectDoesNotExist:
        return False


def test_the_busy_programme_and_its_outputs() -> None:
    _generate()
    busy = Engagement.objects.order_by("pk").first()
    assert busy is not None and busy.kind == EngagementKind.PROGRAMME
    assert busy.status == EngagementStatus.IN_PROGRESS and busy.clients.count() == 4
    assert 90 <= busy.sessions.count() <= 110
    assert busy.sessions.filter(state=SessionState.PLANNED, on__gt=TODAY).exists()
    assert busy.phases.count() == 3 and busy.milestones.exists()
    # Action plans started for a client are the plans app's, sourced from the engagement.
    for output in Output.objects.filter(kind=OutputKind.ACTION_PLAN).select_related("engagement"):
        plan = ActionPlan.objects.get(public_id=output.reference)
        assert plan.source_kind == SOURCE_KIND
        assert plan.source_id == str(output.engagement.public_id)
        assert output.engagement.clients.filter(organisation_id=plan.organisation_id).exists()
        if plan.occasion_id:
            assert output.engagement.sessions.filter(
                public_id=plan.occasion_id, state=SessionState.DELIVERED
            ).exists()
    assert Output.objects.filter(engagement=busy, kind=OutputKind.ACTION_PLAN).exists()
    pairs = Engagement.objects.filter(kind=EngagementKind.BUDDYING).annotate(n=Count("log"))
    assert SharedGoal.objects.exists() and any(p.n for p in pairs)


def test_the_benchmark_pages_answer_for_the_team_and_the_client() -> None:
    _generate()
    busy = Engagement.objects.order_by("pk").select_related("lead_consultant").first()
    assert busy is not None
    consultant = busy.lead_consultant
    TOTP.activate(consultant, TOTP_SECRET)  # the network team signs in with two steps
    client_lead = (
        Affiliation.objects.filter(
            organisation__engagements__engagement=busy, role=AffiliationRole.RECOVERY_LEAD
        )
        .order_by("organisation_id")
        .first()
    )
    assert client_lead is not None
    detail = f"/engagements/{busy.public_id}/"
    team = sign_in(Client(), consultant)
    for path in ("/engagements/", detail, f"/engagements/capacity/{busy.network.slug}/"):
        assert team.get(path).status_code == 200, path
    ours = sign_in(Client(), client_lead.user)
    for path in ("/engagements/ours/", detail):
        assert ours.get(path).status_code == 200, path
    api = token_client(consultant)
    listed = api.get("/api/v1/engagements")
    assert listed.status_code == 200 and listed.json()["count"] >= 1
    assert api.get(f"/api/v1/engagements/{busy.public_id}").status_code == 200
    client_api = token_client(client_lead.user)
    assert client_api.get("/api/v1/engagements/ours").json()["count"] >= 1


def test_a_networks_engagements_are_listed_a_page_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A network's lead sees every engagement (2,100 at full size): the page and the API shape one
    page of them, in the same queries whatever the number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recoverynet.engagements.views import engagements as pages

    _generate()
    busy = Engagement.objects.order_by("pk").select_related("lead_consultant").first()
    assert busy is not None
    lead = busy.lead_consultant
    TOTP.activate(lead, TOTP_SECRET)
    team = sign_in(Client(), lead)
    api = token_client(lead)
    total = api.get("/api/v1/engagements").json()["count"]
    assert total >= 5
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 2)
    first = team.get("/engagements/").content.decode()
    pages_count = -(-total // 2)
    assert f"Page 2 of {pages_count}" in first and first.count('class="nhsuk-table__row"') <= 3
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/engagements?page_size=1")
    with CaptureQueriesContext(connection) as more:
        body = api.get("/api/v1/engagements?page_size=5").json()
    assert len(body["items"]) == 5 and body["count"] == total
    assert len(more) == len(one)
