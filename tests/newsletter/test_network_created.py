"""A new network gets its newsletter by following `network.created` (no `post_save`), audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from recoverynet.core.models import AuditEntry
from recoverynet.network import services as network_services
from recoverynet.network.models import Network
from recoverynet.newsletter.models import Publication


def _create(world: Any, name: str = "Nordic Network") -> Network:
    return network_services.network_create(
        actor=world.admin,
        name=name,
        currency="EUR",
        tax_name="VAT",
        tax_rate=Decimal("0.25"),
        time_zone="Europe/Oslo",
    )


@pytest.mark.django_db
def test_a_new_network_gets_its_publication_after_commit_with_an_audit_entry(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as pending:
        network = _create(world)
    # Nothing is made until the network's transaction commits.
    assert not Publication.objects.filter(network=network).exists()
    for callback in pending:
        callback()
    publication = Publication.objects.get(network=network)
    assert publication.title == "Nordic Network newsletter"
    assert publication.sections.count() == 6
    entry = AuditEntry.objects.get(
        action="newsletter.publication.created", object_id=publication.pk
    )
    assert entry.actor_label == "system"


@pytest.mark.django_db
def test_saving_a_network_directly_no_longer_makes_a_publication(world: Any) -> None:
    network = Network.objects.create(name="Bare", slug="bare", currency="GBP", tax_name="VAT")
    assert not Publication.objects.filter(network=network).exists()


@pytest.mark.django_db
def test_the_demo_gives_every_network_its_newsletter(capsys: Any) -> None:
    call_command("load_demo")
    capsys.readouterr()
    slugs = set(Publication.objects.values_list("network__slug", flat=True))
    assert (
        slugs
        == set(Network.objects.values_list("slug", flat=True))
        == {
            "uk",
            "ari",
            "australasia",
        }
    )
    assert AuditEntry.objects.filter(action="newsletter.publication.created").count() == 3
