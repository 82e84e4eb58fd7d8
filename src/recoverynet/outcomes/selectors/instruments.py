"""Reads about instruments and their wording."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Organisation

from .. import access
from ..instruments import Definition, parse
from ..models import InstrumentVersion, Signpost, Wording


def instrument_list(*, actor: Actor) -> QuerySet[InstrumentVersion]:
    """Every instrument version's structure (anyone signed in: it holds no wording)."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see the instruments.")
    return InstrumentVersion.objects.order_by("code", "-version")


def instrument_get(*, actor: Actor, code: str, version: int) -> InstrumentVersion:
    found = instrument_list(actor=actor).filter(code=code, version=version).first()
    if found is None:
        raise NotFound("We could not find that instrument version.")
    return found


def definition_of(instrument: InstrumentVersion) -> Definition:
    return parse(instrument.definition)


def wording_for(*, organisation: Organisation, instrument: InstrumentVersion) -> Wording | None:
    """The organisation's current licensed wording (its own first, else one of its networks'),
    or None: without it the organisation cannot use the instrument."""
    today = timezone.localdate()
    networks = network_access.organisation_network_ids(organisation)
    candidates = (
        Wording.objects.filter(instrument=instrument)
        .filter(Q(organisation=organisation) | Q(network_id__in=networks))
        .filter(Q(licence_expires__isnull=True) | Q(licence_expires__gt=today))
        .order_by("network_id", "id")  # NULL network (the organisation's own) first
    )
    own = [w for w in candidates if w.organisation_id == organisation.pk]
    return own[0] if own else next(iter(candidates), None)


def wording_for_actor(
    *, actor: Actor, organisation: Organisation, instrument: InstrumentVersion
) -> Wording:
    """The wording, for someone in a position to use it (API: "wording only to licensed
    organisations")."""
    if not access.can_follow_up(actor, organisation):
        raise PermissionDenied("Only the organisation's people can see its licensed wording.")
    wording = wording_for(organisation=organisation, instrument=instrument)
    if wording is None:
        raise NotFound(f"{organisation.name} has no licensed wording for this instrument.")
    return wording


def usable_instruments(
    *, actor: Actor, organisation: Organisation
) -> list[tuple[InstrumentVersion, Wording]]:
    if not access.can_plan(actor, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    found = []
    for instrument in InstrumentVersion.objects.order_by("code", "-version"):
        wording = wording_for(organisation=organisation, instrument=instrument)
        if wording is not None:
            found.append((instrument, wording))
    return found


def signposts_for(*, organisation: Organisation) -> list[Signpost]:
    return list(Signpost.objects.filter(organisation=organisation))
