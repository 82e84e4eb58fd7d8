"""Organisations: creating and changing them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_name

from .. import access
from ..models import (
    Network,
    Organisation,
)
from .common import _require, _unique_slug

ORGANISATION_FIELDS = ("name", "kind", "country", "website", "description", "parent")

# --- Organisations --------------------------------------------------------------------------------


def _check_parent(organisation: Organisation | None, parent: Organisation | None) -> None:
    node = parent
    while node is not None:
        if organisation is not None and node.pk == organisation.pk:
            raise ApplicationError(
                "invalid", "An organisation cannot be part of itself.", field="parent"
            )
        node = node.parent


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    country: str,
    website: str = "",
    description: str = "",
    parent: Organisation | None = None,
    slug: str = "",
    network: Network | None = None,
) -> Organisation:
    """Add an organisation. `network` is the network adding it (needed when the actor coordinates
    more than one); until it has a membership, only that network's coordinators manage it."""
    _require(access.is_any_coordinator(actor), "Only the network team can add organisations.")
    if network is not None:
        _require(
            access.can_manage_network(actor, network.pk),
            "You can only add organisations for a network you coordinate.",
        )
        added_by_id: int | None = network.pk
    else:
        coordinated = access.roles(actor).coordinator_network_ids()
        if len(coordinated) > 1 and not access.is_admin(actor):
            raise ApplicationError(
                "invalid",
                "Choose which network is adding this organisation.",
                field="network",
                status=422,
            )
        added_by_id = next(iter(coordinated)) if len(coordinated) == 1 else None
    name, country = (
        clean_name(name, field="name", max_length=200),
        clean_name(country, field="country", max_length=60),
    )
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ApplicationError(
            "duplicate", "An organisation with that name already exists.", field="name"
        )
    organisation = Organisation.objects.create(
        name=name,
        slug=slug or _unique_slug(Organisation, name, max_length=80),
        kind=kind,
        country=country,
        website=website,
        description=description,
        parent=parent,
        added_by_network_id=added_by_id,
    )
    audit.record(
        actor=actor,
        action="network.organisation.created",
        obj=organisation,
        changes={
            "name": name,
            "kind": kind,
            "country": organisation.country,
            "added_by_network": added_by_id,
        },
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: Actor, organisation: Organisation, **values: Any) -> Organisation:
    _require(access.can_manage_organisation(actor, organisation))
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    if "parent" in values:
        _check_parent(organisation, values["parent"])
    for key, limit in (("name", 200), ("country", 60)):
        if key in values:
            values[key] = clean_name(values[key], field=key, max_length=limit)
    if "name" in values:
        clash = Organisation.objects.filter(name__iexact=values["name"]).exclude(pk=organisation.pk)
        if clash.exists():
            raise ApplicationError(
                "duplicate", "An organisation with that name already exists.", field="name"
            )
    before = audit.snapshot(organisation, values)
    for key, value in values.items():
        setattr(organisation, key, value)
    organisation.save()
    changes = audit.diff(organisation, before, values)
    if changes:
        audit.record(
            actor=actor, action="network.organisation.updated", obj=organisation, changes=changes
        )
    return organisation
