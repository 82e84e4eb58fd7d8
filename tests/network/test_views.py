import datetime

import pytest
from django.test import Client

from recoverynet.core.models import AuditEntry
from recoverynet.network import services
from recoverynet.network.models import (
    Affiliation,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
)
from tests.conftest import make_user, page_queries, sign_in

pytestmark = pytest.mark.django_db


def _add_members(world, n):
    for i in range(n):
        org = services.organisation_create(
            actor=world.admin, name=f"Org {i}", kind=OrganisationKind.CHARITY, country="England"
        )
        services.membership_create(
            actor=world.admin,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=datetime.date(2021, 1, 1),
        )


def test_home_lists_networks(world, client):
    body = client.get("/").content.decode()
    assert "UK Network" in body and "Irish Network" in body


def test_network_page_shows_tax_and_joining(world, client):
    body = client.get("/networks/ie/").content.decode()
    assert "VAT at 23%" in body and "By invitation" in body
    assert client.get("/networks/nope/").status_code == 404


def test_directory_public_details_only(world, client):
    body = client.get("/directory/").content.decode()
    assert "Alpha NHS Trust" in body and "Cork Services" in body
    assert "lead.a@example.org" not in body


def test_directory_filters(world, client):
    body = client.get("/directory/?network=ie").content.decode()
    assert "Cork Services" in body and "Alpha NHS Trust" not in body
    body = client.get("/directory/?kind=charity").content.decode()
    assert "Beta Charity" in body and "Alpha NHS Trust" not in body
    body = client.get("/directory/?q=alpha").content.decode()
    assert "Alpha NHS Trust" in body and "Beta Charity" not in body


def test_directory_hides_ended_memberships(world, client):
    services.membership_end(
        actor=world.admin, membership=world.membership_a, end_date=datetime.date(2021, 1, 1)
    )
    assert "Alpha NHS Trust" not in client.get("/directory/").content.decode()


def test_directory_bad_page_is_404_and_bad_filter_is_ignored_safely(world, client):
    assert client.get("/directory/?page=99").status_code == 404
    assert client.get("/directory/?page=abc").status_code == 404
    assert client.get("/directory/?network=<script>").status_code == 200


def test_directory_query_count_does_not_grow_with_members(world, client):
    few = page_queries(client, "/directory/")
    _add_members(world, 15)
    assert page_queries(client, "/directory/") == few


def test_manage_network_query_count_does_not_grow(world):
    client = sign_in(Client(), world.coordinator_uk)
    few = page_queries(client, "/manage/uk/")
    _add_members(world, 15)
    assert page_queries(client, "/manage/uk/") == few


def test_organisation_page_links_depend_on_role(world):
    path = f"/organisations/{world.org_a.slug}/"
    public = Client().get(path).content.decode()
    assert "People at" not in public and "Audit history" not in public
    lead = sign_in(Client(), world.lead_a).get(path).content.decode()
    assert "People at" in lead and "Audit history" not in lead
    coordinator = sign_in(Client(), world.coordinator_uk).get(path).content.decode()
    assert "Change these details" in coordinator and "Audit history" in coordinator


def test_recovery_lead_adds_and_invites_people_from_the_page(world):
    client = sign_in(Client(), world.lead_a)
    make_user("existing@example.org")
    response = client.post(
        f"/organisations/{world.org_a.slug}/people/",
        {"email": "existing@example.org", "role": "volunteer"},
    )
    assert response.status_code == 302
    assert Affiliation.objects.filter(user__email="existing@example.org", role="volunteer").exists()
    response = client.post(
        f"/organisations/{world.org_a.slug}/people/",
        {"email": "new@example.org", "role": "staff"},
        follow=True,
    )
    assert "sent an invitation" in response.content.decode()


def test_add_person_bad_input(world):
    client = sign_in(Client(), world.lead_a)
    response = client.post(
        f"/organisations/{world.org_a.slug}/people/", {"email": "nope", "role": "king"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the e-mail address in the correct format" in body
    assert "Select the role from the list" in body
    before = Affiliation.objects.count()
    response = client.post(
        f"/organisations/{world.org_a.slug}/people/",
        {"email": "staff.a@example.org", "role": "staff"},
    )
    assert response.status_code == 400 and "already part" in response.content.decode()
    assert Affiliation.objects.count() == before


def test_staff_member_cannot_post_to_people_page(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post(
        f"/organisations/{world.org_a.slug}/people/", {"email": "x@example.org", "role": "staff"}
    )
    assert response.status_code == 403


def test_change_role_and_remove_from_page(world):
    client = sign_in(Client(), world.lead_a)
    aff = Affiliation.objects.get(user=world.staff_a)
    path = f"/organisations/{world.org_a.slug}/people/{aff.pk}/"
    assert client.post(path, {"role": "peer_worker"}).status_code == 302
    assert Affiliation.objects.get(pk=aff.pk).role == "peer_worker"
    assert client.post(path, {"remove": "1"}).status_code == 302
    assert not Affiliation.objects.filter(pk=aff.pk).exists()


def test_lead_cannot_remove_themselves_as_only_lead(world):
    client = sign_in(Client(), world.lead_a)
    aff = Affiliation.objects.get(user=world.lead_a)
    response = client.post(f"/organisations/{world.org_a.slug}/people/{aff.pk}/", {"remove": "1"})
    assert response.status_code == 400 and "only recovery lead" in response.content.decode()


def test_coordinator_adds_and_ends_membership_through_pages(world):
    client = sign_in(Client(), world.coordinator_uk)
    org = services.organisation_create(
        actor=world.coordinator_uk, name="Delta", kind="other", country="Scotland"
    )
    response = client.post(
        "/manage/uk/memberships/add/",
        {
            "organisation": org.pk,
            "tier": world.uk_member_tier.pk,
            "valid_from": "2026-04-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=org)
    response = client.post(
        f"/manage/memberships/{membership.pk}/end/", {"end_date": "2027-03-31", "status": "lapsed"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LAPSED


def test_membership_add_bad_input(world):
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(
        "/manage/uk/memberships/add/",
        {
            "organisation": world.org_a.pk,
            "tier": world.ie_tier.pk,
            "valid_from": "2026-04-01",
            "valid_to": "2026-01-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "from the list" in body and "after the start date" in body
    response = client.post(
        "/manage/uk/memberships/add/",
        {
            "organisation": world.org_a.pk,
            "tier": world.uk_member_tier.pk,
            "valid_from": "2026-04-01",
        },
    )
    assert (
        response.status_code == 400
        and "already has a current membership" in response.content.decode()
    )
    assert Membership.objects.filter(organisation=world.org_a).count() == 1


def test_coordinator_adds_and_edits_organisation(world):
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(
        "/manage/organisations/add/",
        {
            "name": "Epsilon Recovery College",
            "kind": "recovery_college",
            "country": "England",
            "website": "example.org",
            "description": "A college.",
            "parent": world.org_b.pk,
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Epsilon Recovery College")
    assert org.website == "https://example.org" and org.parent == world.org_b
    response = client.post(
        f"/organisations/{world.org_a.slug}/edit/",
        {"name": "", "kind": "nhs", "country": "England"},
    )
    assert response.status_code == 400


def test_network_settings_and_tax_rate(world):
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(
        "/manage/uk/settings/",
        {
            "name": "UK Network",
            "tax_name": "VAT",
            "time_zone": "Europe/London",
            "self_registration": "",
            "payment_terms_days": "14",
        },
    )
    assert response.status_code == 302
    world.uk.refresh_from_db()
    assert world.uk.self_registration is False and world.uk.payment_terms_days == 14
    response = client.post(
        "/manage/uk/tax-rates/", {"tax-percent": "17.5", "tax-valid_from": "2030-01-01"}
    )
    assert response.status_code == 302
    response = client.post("/manage/uk/tax-rates/", {"tax-percent": "-1", "tax-valid_from": "x"})
    assert response.status_code == 400


def test_team_management_pages(world):
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(
        "/manage/uk/team/add/", {"email": "future@example.org", "role": "editor"}, follow=True
    )
    assert "sent an invitation" in response.content.decode()
    invitation = world.uk.invitations.get(email="future@example.org")
    assert client.post(f"/manage/uk/invitations/{invitation.pk}/revoke/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    role = world.editor_uk.network_roles.get()
    assert client.post(f"/manage/uk/team/{role.pk}/remove/").status_code == 302
    assert not world.editor_uk.network_roles.exists()


def test_coordinator_of_other_network_cannot_post_to_uk(world):
    client = sign_in(Client(), world.coordinator_ie)
    assert (
        client.post(
            "/manage/uk/team/add/", {"email": "x@example.org", "role": "editor"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/manage/memberships/{world.membership_a.pk}/end/",
            {"end_date": "2027-01-01", "status": "ended"},
        ).status_code
        == 404
    )


def test_audit_history_page_shows_changes(world):
    services.organisation_update(
        actor=world.coordinator_uk, organisation=world.org_a, website="https://alpha.example"
    )
    body = (
        sign_in(Client(), world.consultant_uk)
        .get(f"/organisations/{world.org_a.slug}/history/")
        .content.decode()
    )
    assert "network.organisation.updated" in body and "alpha.example" in body
    assert "network.membership.created" in body


def test_invitation_page_and_accept_when_signed_in(world):
    services.invitation_create(
        actor=world.coordinator_uk,
        network=world.uk,
        email="outsider@example.org",
        organisation=world.org_b,
        affiliation_role="volunteer",
    )
    import re

    from recoverynet.core.models import OutboxMessage

    body = OutboxMessage.objects.filter(to=["outsider@example.org"]).latest("created_at").body_text
    path = re.search(r"/invitations/[^/\s]+/", body).group(0)
    client = sign_in(Client(), world.outsider)
    assert "Beta Charity" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert Affiliation.objects.filter(
        user=world.outsider, organisation=world.org_b, role="volunteer"
    ).exists()
    assert client.post(path).status_code == 409
    assert AuditEntry.objects.filter(action="network.invitation.accepted").exists()


def test_unknown_pages_and_objects_are_404(world, client):
    assert client.get("/organisations/does-not-exist/").status_code == 404
    assert client.get("/invitations/nonsense/").status_code == 404
    signed = sign_in(Client(), world.coordinator_uk)
    assert signed.get("/manage/memberships/999999/end/").status_code == 404
    assert signed.get("/manage/people/999999/history/").status_code == 404


def test_admin_adds_a_network_from_the_page(world):
    client = sign_in(Client(), world.admin)
    response = client.post(
        "/manage/networks/add/",
        {
            "name": "Organisations",
            "currency": "AUD",
            "tax_name": "GST",
            "tax_percent": "10",
            "time_zone": "Australia/Sydney",
            "self_registration": "on",
        },
    )
    assert response.status_code == 302
    from recoverynet.network.models import Network

    network = Network.objects.get(name="Organisations")
    assert network.slug != "organisations"  # reserved for /manage/organisations/
    assert str(network.tax_rate_on()) == "0.1000"
    bad = client.post(
        "/manage/networks/add/",
        {
            "name": "Organisations",
            "currency": "USD",
            "tax_name": "",
            "tax_percent": "-5",
            "time_zone": "Mars/Base",
        },
    )
    assert bad.status_code == 400
    assert Network.objects.filter(name="Organisations").count() == 1
