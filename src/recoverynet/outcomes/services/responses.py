"""Answering a questionnaire: save and continue later, finish, score; stored against the person's
pseudonym in the collection, never against the person."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError

from .. import linkage
from ..domain_events import QUESTIONNAIRE_COMPLETED
from ..instruments import parse
from ..instruments.scoring import AnswerError, check_answers, score
from ..models import Answer, Invitation, Response, ResponseStatus

# (instrument version id, item number) → value, or None for "prefer not to answer"
Answers = Mapping[tuple[int, int], int | None]


def _gone(message: str) -> ApplicationError:
    return ApplicationError("link_gone", message, status=410)


@transaction.atomic
def answers_save(
    *, actor: Actor, invitation: Invitation, answers: Answers, finish: bool
) -> list[str]:
    """Store the answers given so far (`finish` False: save and continue later) or all of them
    (`finish` True: every question answered or declined, then scored and the link used up).
    Returns the organisation's signposting messages that the answers call for. The caller has
    found the invitation by its link or as the signed-in person's own."""
    locked = (
        Invitation.objects.select_for_update()
        .select_related("participant__collection__organisation", "timepoint")
        .get(pk=invitation.pk)
    )
    collection = locked.participant.collection
    if locked.done:
        raise _gone("This questionnaire has already been answered. Thank you.")
    if collection.key_destroyed_at is not None:
        raise _gone("This questionnaire has closed.")
    instruments = list(collection.instruments.order_by("code", "version"))
    by_id = {i.pk: i for i in instruments}
    grouped: dict[int, dict[int, int | None]] = {i.pk: {} for i in instruments}
    for (instrument_id, item), value in answers.items():
        if instrument_id not in by_id:
            raise ApplicationError(
                "invalid", "These answers are for another questionnaire.", status=422
            )
        grouped[instrument_id][item] = value
    definitions = {i.pk: parse(i.definition) for i in instruments}
    saved: dict[int, dict[int, int | None]] = {i.pk: {} for i in instruments}
    existing = linkage.existing_pseudonym_id(locked.participant)
    if existing is not None:
        for instrument_id, item, value in Answer.objects.filter(
            response__pseudonym_id=existing, response__timepoint=locked.timepoint
        ).values_list("response__instrument_id", "item", "value"):
            if instrument_id in saved:
                saved[instrument_id][item] = value
    for instrument_id, given in grouped.items():
        try:
            check_answers(definitions[instrument_id], given, complete=False)
            if finish:
                check_answers(
                    definitions[instrument_id], saved[instrument_id] | given, complete=True
                )
        except AnswerError as exc:
            field = f"q-{instrument_id}-{exc.item}" if exc.item else None
            raise ApplicationError("invalid", str(exc), field=field, status=422) from exc
    pseudonym = linkage.pseudonym_for(locked.participant)
    today = timezone.localdate()
    for instrument in instruments:
        response, _ = Response.objects.select_for_update().get_or_create(
            pseudonym=pseudonym, timepoint=locked.timepoint, instrument=instrument
        )
        given = grouped[instrument.pk]
        for item, value in given.items():
            Answer.objects.update_or_create(response=response, item=item, defaults={"value": value})
        if finish:
            stored = dict(response.answers.values_list("item", "value"))
            result = score(definitions[instrument.pk], stored)
            response.status = ResponseStatus.COMPLETE
            response.completed_on = today
            response.raw_score = result.raw
            response.score = result.score
            response.missing = result.missing
            response.save()
    if finish:
        locked.done = True
        locked.token_hash = ""
        locked.save(update_fields=["done", "token_hash"])
        domain_events.emit(
            QUESTIONNAIRE_COMPLETED.name,
            network_slug=None,
            data={"collection_id": str(collection.public_id), "timepoint": locked.timepoint.kind},
        )
    # Who answered is not recorded (the audit names no person and no answer).
    audit.record(
        actor=None,
        actor_label="a participant",
        action="outcomes.questionnaire.finished" if finish else "outcomes.questionnaire.saved",
        obj=collection,
        changes={"timepoint": locked.timepoint.kind},
    )
    from ..selectors.instruments import signposts_for

    messages = []
    for signpost in signposts_for(organisation=collection.organisation):
        for instrument in instruments:
            if instrument.code == signpost.instrument_code:
                value = grouped[instrument.pk].get(signpost.item)
                if value is not None and value in signpost.values:
                    messages.append(signpost.message)
    return list(dict.fromkeys(messages))
