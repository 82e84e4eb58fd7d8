import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry, OutboxMessage
from recoverynet.network import services
from recoverynet.network.models import (
    Affiliation,
    AffiliationRole,
    Invitation,
    Membership,
    MembershipStatus,
    NetworkRole,
    NetworkRoleKind,
    OrganisationKind,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 1)


def test_network_created_with_tax_rate_and_audit(world):
    assert world.ie.tax_rate_on() == Decimal("0.2300")
    assert AuditEntry.objects.filter(
        action="network.network.created", object_id=str(world.uk.pk)
    ).exists()


def test_only_admins_create_networks(world):
    with pytest.raises(ApplicationError) as exc:
        services.network_create(
            actor=world.coordinator_uk,
            name="X",
            currency="GBP",
            tax_name="VAT",
            tax_rate=Decimal("0.2"),
            time_zone="Europe/London",
        )
    assert exc.value.status == 403


def test_bad_time_zone_is_refused(world):
    with pytest.raises(ApplicationError) as exc:
        services.network_update(
            actor=world.coordinator_uk, network=world.uk, time_zone="Mars/Olympus"
        )
    assert exc.value.field == "time_zone"


def test_currency_cannot_change(world):
    with pytest.raises(ApplicationError, match="currency"):
        services.network_update(actor=world.coordinator_uk, network=world.uk, currency="EUR")


def test_tax_rate_changes_from_a_date(world):
    services.tax_rate_set(
        actor=world.coordinator_uk,
        network=world.uk,
        rate=Decimal("0.175"),
        valid_from=datetime.date(2030, 1, 1),
    )
    assert world.uk.tax_rate_on(datetime.date(2029, 12, 31)) == Decimal("0.2")
    assert world.uk.tax_rate_on(datetime.date(2030, 1, 1)) == Decimal("0.175")
    with pytest.raises(ApplicationError):
        services.tax_rate_set(
            actor=world.coordinator_uk, network=world.uk, rate=Decimal("1.5"), valid_from=TODAY
        )


def test_one_current_membership_per_organisation_and_network(world):
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(
            actor=world.coordinator_uk,
            organisation=world.org_a,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=TODAY,
        )
    assert exc.value.status == 409
    assert Membership.objects.filter(organisation=world.org_a, network=world.uk).count() == 1


def test_database_enforces_one_current_membership(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            organisation=world.org_a, network=world.uk, tier=world.uk_member_tier, valid_from=TODAY
        )


def test_end_then_renew_membership(world):
    services.membership_end(
        actor=world.coordinator_uk, membership=world.membership_a, end_date=TODAY
    )
    world.membership_a.refresh_from_db()
    assert (
        world.membership_a.status == MembershipStatus.ENDED and world.membership_a.valid_to == TODAY
    )
    renewed = services.membership_create(
        actor=world.coordinator_uk,
        organisation=world.org_a,
        network=world.uk,
        tier=world.uk_non_member_tier,
        valid_from=TODAY + datetime.timedelta(days=1),
    )
    assert renewed.status == MembershipStatus.ACTIVE
    with pytest.raises(ApplicationError, match="already ended"):
        services.membership_end(
            actor=world.coordinator_uk, membership=world.membership_a, end_date=TODAY
        )


def test_membership_rules(world):
    org = services.organisation_create(
        actor=world.coordinator_uk, name="Gamma", kind=OrganisationKind.OTHER, country="Wales"
    )
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(
            actor=world.coordinator_uk,
            organisation=org,
            network=world.uk,
            tier=world.ie_tier,
            valid_from=TODAY,
        )
    assert exc.value.field == "tier"
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(
            actor=world.coordinator_uk,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=TODAY,
            valid_to=TODAY - datetime.timedelta(days=1),
        )
    assert exc.value.field == "valid_to"
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(
            actor=world.coordinator_ie,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=TODAY,
        )
    assert exc.value.status == 403
    assert not Membership.objects.filter(organisation=org).exists()


def test_organisation_names_unique_and_parent_cannot_loop(world):
    with pytest.raises(ApplicationError) as exc:
        services.organisation_create(
            actor=world.coordinator_uk, name="alpha nhs trust", kind="nhs", country="England"
        )
    assert exc.value.field == "name"
    services.organisation_update(
        actor=world.coordinator_uk, organisation=world.org_b, parent=world.org_a
    )
    with pytest.raises(ApplicationError) as exc:
        services.organisation_update(
            actor=world.coordinator_uk, organisation=world.org_a, parent=world.org_b
        )
    assert exc.value.field == "parent"


def test_coordinator_of_another_network_cannot_edit_organisation(world):
    with pytest.raises(ApplicationError) as exc:
        services.organisation_update(
            actor=world.coordinator_ie, organisation=world.org_a, name="Hijacked"
        )
    assert exc.value.status == 403


def test_recovery_lead_adds_existing_person(world):
    person = make_user("new.colleague@example.org")
    result = services.affiliation_add(
        actor=world.lead_a,
        organisation=world.org_a,
        email="NEW.colleague@example.org",
        role=AffiliationRole.PEER_WORKER,
    )
    assert result.affiliation.user == person and result.invitation is None
    with pytest.raises(ApplicationError, match="already part"):
        services.affiliation_add(
            actor=world.lead_a, organisation=world.org_a, email=person.email, role="staff"
        )


def test_recovery_lead_invites_unknown_person(world):
    result = services.affiliation_add(
        actor=world.lead_a, organisation=world.org_a, email="stranger@example.org", role="staff"
    )
    assert result.invitation is not None and result.invitation.network == world.uk
    message = OutboxMessage.objects.get(to=["stranger@example.org"])
    assert "Alpha NHS Trust" in message.body_text and "/invitations/" in message.body_text


def test_recovery_lead_cannot_manage_another_organisation(world):
    with pytest.raises(ApplicationError) as exc:
        services.affiliation_add(
            actor=world.lead_b, organisation=world.org_a, email="x@example.org", role="staff"
        )
    assert exc.value.status == 403


def test_last_recovery_lead_cannot_step_down_alone(world):
    lead = Affiliation.objects.get(user=world.lead_a, organisation=world.org_a)
    with pytest.raises(ApplicationError, match="only recovery lead"):
        services.affiliation_change_role(actor=world.lead_a, affiliation=lead, role="staff")
    with pytest.raises(ApplicationError, match="only recovery lead"):
        services.affiliation_remove(actor=world.lead_a, affiliation=lead)
    staff = Affiliation.objects.get(user=world.staff_a, organisation=world.org_a)
    services.affiliation_change_role(
        actor=world.lead_a, affiliation=staff, role=AffiliationRole.RECOVERY_LEAD
    )
    services.affiliation_change_role(actor=world.lead_a, affiliation=lead, role="staff")
    assert Affiliation.objects.get(pk=lead.pk).role == "staff"


def test_invitation_is_single_use_and_for_the_invited_address(world):
    invitation = services.invitation_create(
        actor=world.coordinator_uk,
        network=world.uk,
        email="team@example.org",
        network_role=NetworkRoleKind.EDITOR,
    )
    raw = _raw_token_from_outbox("team@example.org")
    wrong = make_user("someone.else@example.org")
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(user=wrong, raw_token=raw)
    assert exc.value.code == "wrong_person"
    right = make_user("team@example.org")
    services.invitation_accept(user=right, raw_token=raw)
    assert NetworkRole.objects.filter(user=right, network=world.uk, role="editor").exists()
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(user=right, raw_token=raw)
    assert exc.value.code == "used"
    invitation.refresh_from_db()
    assert invitation.accepted_by == right


def test_new_invitation_replaces_old_one(world):
    services.invitation_create(actor=world.coordinator_uk, network=world.uk, email="p@example.org")
    first = _raw_token_from_outbox("p@example.org")
    services.invitation_create(actor=world.coordinator_uk, network=world.uk, email="p@example.org")
    person = make_user("p@example.org")
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(user=person, raw_token=first)
    assert exc.value.code == "expired"
    assert Invitation.objects.filter(email="p@example.org", revoked_at__isnull=True).count() == 1


def test_unknown_invitation_token_is_404(world):
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(user=world.outsider, raw_token="nope")
    assert exc.value.status == 404


def test_team_role_grant_and_revoke(world):
    person = make_user("helper@example.org")
    services.network_role_grant(
        actor=world.coordinator_uk, network=world.uk, email=person.email, role="consultant"
    )
    with pytest.raises(ApplicationError, match="already"):
        services.network_role_grant(
            actor=world.coordinator_uk, network=world.uk, email=person.email, role="consultant"
        )
    role = NetworkRole.objects.get(user=person)
    services.network_role_revoke(actor=world.coordinator_uk, network_role=role)
    assert not NetworkRole.objects.filter(user=person).exists()
    own = NetworkRole.objects.get(user=world.coordinator_uk)
    with pytest.raises(ApplicationError, match="only coordinator"):
        services.network_role_revoke(actor=world.coordinator_uk, network_role=own)


def test_every_change_is_audited(world):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "network.network.created",
        "network.tier.created",
        "network.organisation.created",
        "network.membership.created",
        "network.team_role.granted",
        "network.affiliation.added",
    } <= actions


def _raw_token_from_outbox(email):
    import re

    body = OutboxMessage.objects.filter(to=[email]).latest("created_at").body_text
    return re.search(r"/invitations/([^/\s]+)/", body).group(1)
