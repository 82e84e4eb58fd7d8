"""Instrument structures (anyone signed in), loading a definition (administrators) and an
organisation's licensed wording (its own people only)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.network import selectors as network_selectors

from .. import selectors, services
from ..instruments import Definition
from ..models import InstrumentVersion
from .router import router
from .schemas import DefinitionIn, InstrumentOut, WordingOut


def instrument_out(instrument: InstrumentVersion) -> dict[str, Any]:
    d: Definition = selectors.definition_of(instrument)
    return {
        "code": d.code,
        "version": d.version,
        "name": d.name,
        "timeframe": d.timeframe,
        "scale_min": d.scale_min,
        "scale_max": d.scale_max,
        "items": [
            {"number": i.number, "subscale": i.subscale, "reverse": i.reverse} for i in d.items
        ],
        "allows_decline": d.allows_decline,
        "max_missing": d.max_missing,
        "scored": d.scored,
        "conversion": {str(k): float(v) for k, v in d.conversion.items()} if d.conversion else None,
        "higher_is_better": d.higher_is_better,
        "change": {
            "sem": d.change.sem,
            "meaningful": d.change.meaningful,
            "source": d.change.source,
        },
    }


@router.get(
    "/outcomes/instruments",
    response=list[InstrumentOut],
    auth=api_auth,
    summary="Instrument definitions (structure and scoring, never wording)",
)
def instrument_list(request: HttpRequest) -> Any:
    return [instrument_out(i) for i in selectors.instrument_list(actor=request.user)]


@router.get(
    "/outcomes/instruments/{code}/{version}",
    response=InstrumentOut,
    auth=api_auth,
    summary="One instrument definition",
)
def instrument_detail(request: HttpRequest, code: str, version: int) -> Any:
    return instrument_out(selectors.instrument_get(actor=request.user, code=code, version=version))


@router.post(
    "/outcomes/instruments",
    response={201: InstrumentOut, **errors(409)},
    auth=api_auth,
    summary="Load a new instrument version (administrators; versions never change)",
)
def instrument_load(request: HttpRequest, payload: DefinitionIn) -> Any:
    instrument = services.instrument_load(actor=request.user, text=json.dumps(payload.definition))
    return Status(201, instrument_out(instrument))


@router.get(
    "/organisations/{slug}/outcomes/wording/{code}/{version}",
    response=WordingOut,
    auth=api_auth,
    summary="The organisation's licensed wording for an instrument (its own people only)",
)
def wording_detail(request: HttpRequest, slug: str, code: str, version: int) -> Any:
    organisation = network_selectors.organisation_public(slug)
    instrument = selectors.instrument_get(actor=request.user, code=code, version=version)
    wording = selectors.wording_for_actor(
        actor=request.user, organisation=organisation, instrument=instrument
    )
    return {
        "instrument": instrument.code,
        "version": instrument.version,
        "introduction": wording.introduction,
        "items": wording.items,
        "labels": wording.labels,
        "placeholder": wording.placeholder,
        "licence_type": wording.licence_type,
        "licence_expires": wording.licence_expires,
    }
