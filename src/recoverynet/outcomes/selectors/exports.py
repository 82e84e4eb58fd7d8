"""The de-identified export: one row per finished questionnaire with the pseudonym, the month it
was finished (never the day), the instrument, the timepoint and the item values and scores. No
names, no e-mail addresses, no wording, no free text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound

from .. import access
from ..instruments import parse
from ..models import Collection, Response, ResponseStatus

HEADER = [
    "pseudonym",
    "timepoint",
    "month",
    "instrument",
    "version",
    "raw_score",
    "score",
    "items_not_answered",
]


def export_table(*, actor: Actor, collection: Collection) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and the rows (read as the download is sent)."""
    if not access.can_plan(actor, collection.organisation):
        raise NotFound("We could not find that collection.")
    width = max((parse(i.definition).item_count for i in collection.instruments.all()), default=0)
    return [*HEADER, *[f"item_{n}" for n in range(1, width + 1)]], _rows(collection, width)


def _rows(collection: Collection, width: int) -> Iterator[list[Any]]:
    responses = (
        Response.objects.filter(timepoint__collection=collection, status=ResponseStatus.COMPLETE)
        .select_related("pseudonym", "timepoint", "instrument")
        .prefetch_related("answers")
        .order_by("pseudonym__code", "timepoint__position", "instrument__code")
    )
    for response in responses:
        values: dict[int, Any] = {a.item: a.value for a in response.answers.all()}
        month = response.completed_on.strftime("%Y-%m") if response.completed_on else ""
        items = [
            ("declined" if values[n] is None else values[n]) if n in values else ""
            for n in range(1, width + 1)
        ]
        yield [
            str(response.pseudonym.code),
            response.timepoint.kind,
            month,
            response.instrument.code,
            response.instrument.version,
            float(response.raw_score) if response.raw_score is not None else "",
            float(response.score) if response.score is not None else "",
            response.missing,
            *items,
        ]
