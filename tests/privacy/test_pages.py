"""The privacy pages: the public page, the record of processing, retention rules with dry run and
approval by a second team member, and requests received by post (issue #16)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.core.models import AuditEntry, DataExport, ErasureRecord, RuleApproval
from recoverynet.core.privacy import purge
from recoverynet.events import services as event_services
from recoverynet.events.models import Delegate, Event
from recoverynet.events.services import DelegateInput
from tests.conftest import make_user, sign_in
from tests.events.conftest import event  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

RULE = "events.Delegate:events.delegate_needs"


def test_public_privacy_page_is_made_from_the_map(client):
    page = client.get("/privacy/").content.decode()
    assert "How we use your information" in page
    assert "So the venue and the organisers can meet your access needs." in page
    assert "30 days after the event ends" in page
    assert "Special category" in page


def test_record_of_processing_for_the_network_team_only(world):
    team = sign_in(Client(), world.coordinator_uk)
    page = team.get("/manage/privacy/").content.decode()
    assert "Record of processing" in page and "events.Delegate" in page
    assert "The law requires it (legal obligation)" in page
    for who in (world.lead_a, world.outsider):
        assert sign_in(Client(), who).get("/manage/privacy/").status_code == 403
    assert Client().get("/manage/privacy/").status_code == 302


def _book_past_event(world, event):  # noqa: F811
    event_services.booking_create(
        actor=world.outsider,
        event=event,
        delegates=[
            DelegateInput(
                name="A",
                email="a@example.org",
                rate_id=event.non_member_rate.pk,
                access_needs="Step-free",
                dietary_needs="Vegan",
            )
        ],
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=32),
        ends_at=timezone.now() - datetime.timedelta(days=31),
    )


def test_a_rule_runs_only_after_a_second_team_member_approves_it(world, event):  # noqa: F811
    _book_past_event(world, event)
    first = sign_in(Client(), world.coordinator_uk)
    second = sign_in(Client(), world.consultant_uk)
    page = first.get("/manage/privacy/retention/").content.decode()
    assert "New or changed: not yet proposed" in page
    # The dry run counts the delegate whose needs are due, and changes nothing.
    (preview,) = [p for p in purge.dry_run() if p.rule.key == RULE]
    assert preview.count == 1 and not preview.approved
    assert purge.run().counts.get(RULE) is None
    assert Delegate.objects.get().access_needs == "Step-free"

    assert first.post("/manage/privacy/retention/propose/", {"rule": RULE}).status_code == 302
    # The proposer cannot approve their own proposal.
    response = first.post("/manage/privacy/retention/approve/", {"rule": RULE})
    assert response.status_code == 400
    assert "second team member" in response.content.decode()
    assert purge.run().counts.get(RULE) is None

    assert second.post("/manage/privacy/retention/approve/", {"rule": RULE}).status_code == 302
    approval = RuleApproval.objects.get(rule_key=RULE)
    assert approval.proposed_by == world.coordinator_uk
    assert approval.approved_by == world.consultant_uk
    assert purge.run().counts[RULE] == 1
    assert Delegate.objects.get().access_needs == ""
    assert "Approved: runs daily" in first.get("/manage/privacy/retention/").content.decode()
    # Counts only, never contents, in the audit log.
    entry = AuditEntry.objects.filter(action="core.privacy.purged").latest("id")
    assert entry.changes["counts"][RULE] == 1 and "Vegan" not in str(entry.changes)


def test_a_changed_rule_needs_approval_again(world, monkeypatch):
    from recoverynet.core.privacy import registry

    rule = registry.rule(RULE)
    RuleApproval.objects.create(
        rule_key=RULE,
        fingerprint=rule.fingerprint(),
        proposed_by=world.coordinator_uk,
        approved_by=world.consultant_uk,
        approved_at=timezone.now(),
    )
    assert purge.is_approved(rule)
    changed = registry.Rule(
        rule.model, registry.Retention(**{**rule.retention.__dict__, "days": 1}), rule.actions
    )
    assert not purge.is_approved(changed)


def test_only_the_team_may_propose_or_approve(world):
    for who in (world.lead_a, world.outsider):
        client = sign_in(Client(), who)
        assert client.post("/manage/privacy/retention/propose/", {"rule": RULE}).status_code == 403
        assert client.get("/manage/privacy/retention/").status_code == 403
    team = sign_in(Client(), world.coordinator_uk)
    assert team.post("/manage/privacy/retention/propose/", {"rule": "nope"}).status_code == 404
    assert team.post("/manage/privacy/retention/propose/", {"rule": " "}).status_code == 400
    assert not RuleApproval.objects.exists()


def test_postal_request_export_and_erasure(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_user("posted@example.org", full_name="Posted Person")
    team = sign_in(Client(), world.coordinator_uk)
    assert team.get("/manage/privacy/requests/").status_code == 200
    # Bad input: a clear message naming the field, nothing written.
    for bad in ("", "not-an-address", "nobody@example.org"):
        response = team.post("/manage/privacy/requests/export/", {"export-email": bad})
        assert response.status_code == 400
        assert 'href="#id_export-email"' in response.content.decode()
    assert not DataExport.objects.exists()

    assert (
        team.post(
            "/manage/privacy/requests/export/", {"export-email": "Posted@example.org"}
        ).status_code
        == 302
    )
    export = DataExport.objects.get()
    assert export.by_post and export.person == person and export.status == "ready"
    assert AuditEntry.objects.filter(action="privacy.export.by_post").count() == 1
    pdf = team.get(f"/manage/privacy/exports/{export.public_id}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert (
        sign_in(Client(), world.lead_a)
        .get(f"/manage/privacy/exports/{export.public_id}/pdf/")
        .status_code
        == 403
    )

    response = team.post("/manage/privacy/requests/erase/", {"erase-email": "posted@example.org"})
    assert response.status_code == 400  # the confirmation box
    assert (
        team.post(
            "/manage/privacy/requests/erase/",
            {"erase-email": "posted@example.org", "erase-confirm": "on"},
        ).status_code
        == 302
    )
    person.refresh_from_db()
    assert person.full_name == "" and not person.is_active and person.erased_at
    record = ErasureRecord.objects.get()
    assert record.reason == "request" and record.recorded_by == world.coordinator_uk
    assert not DataExport.objects.exists()  # their prepared copy went too


def test_a_failing_rule_does_not_stop_the_others(world, monkeypatch):
    from tests.privacy.helpers import approve_rules

    approve_rules(world.coordinator_uk, world.consultant_uk)
    real = purge.apply

    def flaky(rule, now=None):
        if rule.key == RULE:
            raise RuntimeError("boom")
        return real(rule, now)

    monkeypatch.setattr(purge, "apply", flaky)
    run = purge.run()
    assert RULE not in run.counts and len(run.counts) == len(purge.dry_run()) - 1
    entry = AuditEntry.objects.filter(action="core.privacy.purged").latest("id")
    assert entry.changes["failed"] == [RULE]
