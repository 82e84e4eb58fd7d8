"""An organisation without a membership is managed by the network that added it, or by
administrators only: never by coordinators of any network (issue #9)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.network import access, selectors, services
from recoverynet.network.models import AffiliationRole, NetworkRoleKind, Organisation
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db


def _new_org(actor, name="Gamma Recovery College", **extra):
    return services.organisation_create(
        actor=actor, name=name, kind="college", country="England", **extra
    )


def _api(user):
    return token_client(user)


def test_the_adding_network_manages_it_and_other_coordinators_cannot(world):
    org = _new_org(world.coordinator_uk)
    assert org.added_by_network == world.uk
    assert access.can_manage_organisation(world.coordinator_uk, org)
    assert not access.can_manage_organisation(world.coordinator_ie, org)
    assert not access.can_view_private(world.coordinator_ie, org)
    # The Irish coordinator cannot make themselves its recovery lead, by service or API.
    with pytest.raises(ApplicationError):
        services.affiliation_add(
            actor=world.coordinator_ie,
            organisation=org,
            email=world.coordinator_ie.email,
            role=AffiliationRole.RECOVERY_LEAD,
        )
    response = _api(world.coordinator_ie).post(
        f"/api/v1/organisations/{org.slug}/people",
        {"email": world.coordinator_ie.email, "role": "recovery_lead"},
        content_type="application/json",
    )
    assert response.status_code == 403
    patch = _api(world.coordinator_ie).patch(
        f"/api/v1/organisations/{org.slug}", {"name": "Mine now"}, content_type="application/json"
    )
    assert patch.status_code == 403
    assert not org.affiliations.exists()
    # Its own network's coordinator can.
    ok = _api(world.coordinator_uk).patch(
        f"/api/v1/organisations/{org.slug}", {"country": "Wales"}, content_type="application/json"
    )
    assert ok.status_code == 200


def test_an_organisation_added_by_an_administrator_is_for_administrators_only(world):
    org = _new_org(world.admin)
    assert org.added_by_network is None
    assert not access.can_manage_organisation(world.coordinator_uk, org)
    assert not access.can_manage_organisation(world.coordinator_ie, org)
    assert access.can_manage_organisation(world.admin, org)


def test_a_coordinator_of_several_networks_says_which_network_adds_it(world):
    services.network_role_grant(
        actor=world.admin,
        network=world.ie,
        email=world.coordinator_uk.email,
        role=NetworkRoleKind.COORDINATOR,
    )
    access.forget_roles(world.coordinator_uk)
    with pytest.raises(ApplicationError) as error:
        _new_org(world.coordinator_uk)
    assert error.value.field == "network"
    assert not Organisation.objects.filter(name="Gamma Recovery College").exists()
    org = _new_org(world.coordinator_uk, network=world.ie)
    assert org.added_by_network == world.ie
    # Cannot claim a network they do not coordinate.
    with pytest.raises(ApplicationError):
        _new_org(world.coordinator_ie, name="Delta", network=world.uk)
    # The web form asks them which network.
    page = sign_in(Client(), world.coordinator_uk).get("/manage/organisations/add/")
    assert "Which network is adding it?" in page.content.decode()


def test_api_create_records_the_adding_network(world):
    response = _api(world.coordinator_ie).post(
        "/api/v1/organisations",
        {"name": "Galway Hub", "kind": "charity", "country": "Ireland", "network": "ie"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Organisation.objects.get(name="Galway Hub").added_by_network == world.ie
    bad = _api(world.coordinator_ie).post(
        "/api/v1/organisations",
        {"name": "Nowhere", "kind": "charity", "country": "Ireland", "network": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "network"


def test_data_migration_guesses_from_the_audit_log(world):
    org = _new_org(world.coordinator_uk)
    by_admin = _new_org(world.admin, name="Admin's")
    Organisation.objects.filter(pk__in=[org.pk, by_admin.pk]).update(added_by_network=None)
    migration = importlib.import_module(
        "recoverynet.network.migrations.0002_organisation_added_by_network"
    )
    migration.guess_adding_network(django_apps, None)
    org.refresh_from_db()
    by_admin.refresh_from_db()
    assert org.added_by_network == world.uk
    assert by_admin.added_by_network is None


def test_team_organisation_list_shows_it_only_to_the_adding_network(world):
    org = _new_org(world.coordinator_uk)
    assert org in selectors.organisations_for_team(actor=world.coordinator_uk)
    assert org not in selectors.organisations_for_team(actor=world.coordinator_ie)
    assert org in selectors.organisations_for_team(actor=world.admin)
