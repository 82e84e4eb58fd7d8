"""Instrument definitions (immutable versions) and the licensed wording organisations load."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network, Organisation

from .. import access
from ..instruments import BUILTIN_CODES, DefinitionError, builtin, parse
from ..models import InstrumentVersion, LicenceType, Signpost, Wording

MAX_DEFINITION_BYTES = 200_000
ITEM_MAX = 1000
LABEL_MAX = 200


def instruments_install_builtin() -> int:
    """Store the shipped definitions that are not stored yet (idempotent; run after migrate)."""
    added = 0
    for code in BUILTIN_CODES:
        definition = builtin(code)
        _, created = InstrumentVersion.objects.get_or_create(
            code=code,
            version=definition.version,
            defaults={"name": definition.name, "definition": definition.raw, "builtin": True},
        )
        added += int(created)
    return added


@transaction.atomic
def instrument_load(*, actor: Actor, text: str) -> InstrumentVersion:
    """Load a definition from a JSON file's text: validated, and a new version only — a stored
    version is never changed."""
    if not access.can_load_definitions(actor):
        raise PermissionDenied("Only administrators can load instrument definitions.")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DEFINITION_BYTES:
        raise ApplicationError(
            "invalid", "The definition file must be 200 KB or smaller.", field="file", status=422
        )
    try:
        data: Any = json.loads(text)
        definition = parse(data)
    except (ValueError, DefinitionError) as exc:
        message = str(exc) if isinstance(exc, DefinitionError) else "The file is not valid JSON."
        raise ApplicationError("invalid", message, field="file", status=422) from exc
    if InstrumentVersion.objects.filter(code=definition.code, version=definition.version).exists():
        raise ApplicationError(
            "version_exists",
            f"{definition.code} version {definition.version} is already loaded, and a version "
            "never changes once loaded. Give the file the next version number.",
            field="file",
            status=409,
        )
    try:
        with transaction.atomic():
            instrument = InstrumentVersion.objects.create(
                code=definition.code,
                version=definition.version,
                name=definition.name,
                definition=definition.raw,
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "version_exists", "That version was loaded just now.", field="file", status=409
        ) from exc
    audit.record(
        actor=actor,
        action="outcomes.instrument.loaded",
        obj=instrument,
        changes={"code": definition.code, "version": definition.version},
    )
    return instrument


def _lines(value: str, *, field: str, count: int, max_length: int, what: str) -> list[str]:
    text = clean_text(value, field=field, required=True)
    lines = [line.strip() for line in text.splitlines()]
    if any(not line for line in lines):
        raise ApplicationError(
            "invalid", f"Leave no empty lines: write one {what} per line.", field=field, status=422
        )
    if len(lines) != count:
        raise ApplicationError(
            "invalid",
            f"Write exactly {count} {what}s, one per line (you wrote {len(lines)}).",
            field=field,
            status=422,
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > max_length:
            raise ApplicationError(
                "invalid",
                f"Line {number} must be {max_length} characters or fewer.",
                field=field,
                status=422,
            )
    return lines


@transaction.atomic
def wording_load(
    *,
    actor: Actor,
    instrument: InstrumentVersion,
    organisation: Organisation | None = None,
    network: Network | None = None,
    licence_type: str,
    licence_reference: str,
    licence_expires: datetime.date | None,
    licence_confirmed: bool,
    items: str,
    labels: str,
    introduction: str = "",
    placeholder: bool = False,
) -> Wording:
    """Load (or replace) the wording an organisation or a network holds a licence for: one item
    per line, one response label per line. The licence must be confirmed and not expired."""
    user = person(actor)
    if (organisation is None) == (network is None):
        raise ValueError("Give an organisation or a network.")
    allowed = (
        access.can_plan(actor, organisation)
        if organisation is not None
        else access.can_load_network_wording(actor, network)  # type: ignore[arg-type]
    )
    if not allowed:
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    if not licence_confirmed:
        raise ApplicationError(
            "licence_not_confirmed",
            "Confirm that you hold a licence to use this wording.",
            field="licence_confirmed",
            status=422,
        )
    if licence_type not in LicenceType.values:
        raise ApplicationError(
            "invalid", "Choose the type of licence.", field="licence_type", status=422
        )
    reference = clean_text(
        licence_reference,
        field="licence_reference",
        max_length=200,
        required=True,
        single_line=True,
    )
    if licence_expires is not None and licence_expires <= timezone.localdate():
        raise ApplicationError(
            "invalid",
            "The licence expiry date must be in the future.",
            field="licence_expires",
            status=422,
        )
    definition = parse(instrument.definition)
    item_lines = _lines(
        items, field="items", count=definition.item_count, max_length=ITEM_MAX, what="question"
    )
    label_lines = _lines(
        labels, field="labels", count=len(definition.values), max_length=LABEL_MAX, what="label"
    )
    intro = clean_text(introduction, field="introduction", max_length=2000)
    holder: dict[str, Any] = (
        {"organisation": organisation} if organisation is not None else {"network": network}
    )
    wording, created = Wording.objects.select_for_update().update_or_create(
        instrument=instrument,
        **holder,
        defaults={
            "licence_type": licence_type,
            "licence_reference": reference,
            "licence_expires": licence_expires,
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
            "introduction": intro,
            "items": item_lines,
            "labels": label_lines,
            "placeholder": placeholder,
        },
    )
    audit.record(
        actor=actor,
        action="outcomes.wording.loaded" if created else "outcomes.wording.replaced",
        obj=wording,
        # The licence, never the wording itself.
        changes={
            "instrument": f"{instrument.code} v{instrument.version}",
            "licence_type": licence_type,
            "licence_reference": reference,
            "licence_expires": licence_expires,
        },
    )
    return wording


@transaction.atomic
def signpost_set(
    *,
    actor: Actor,
    organisation: Organisation,
    instrument: InstrumentVersion,
    item: int,
    values: list[int],
    message: str,
) -> Signpost:
    """The message shown when `item` is answered with one of `values` (organisation's own)."""
    if not access.can_plan(actor, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    definition = parse(instrument.definition)
    if not 1 <= item <= definition.item_count:
        raise ApplicationError(
            "invalid",
            f"Choose a question from 1 to {definition.item_count}.",
            field="item",
            status=422,
        )
    if not values or any(v not in definition.values for v in values):
        raise ApplicationError(
            "invalid",
            f"Choose answers from {definition.scale_min} to {definition.scale_max}.",
            field="values",
            status=422,
        )
    text = clean_text(message, field="message", max_length=2000, required=True)
    signpost, _ = Signpost.objects.update_or_create(
        organisation=organisation,
        instrument_code=instrument.code,
        item=item,
        defaults={"values": sorted(set(values)), "message": text},
    )
    audit.record(
        actor=actor,
        action="outcomes.signpost.set",
        obj=signpost,
        changes={"instrument": instrument.code, "item": item},
    )
    return signpost
