"""The linkage key: the one place that joins a person to their pseudonym (decision 0027).

Nothing else in the code base imports `LinkageKey` (a test checks it), and nothing here returns a
pseudonym or a person to a page, a report, an export or the API: callers get the `Pseudonym` row
to store answers against (inside a service), or a person's own pseudonyms for their own results.
The personal-data map's purge deletes a collection's keys at the end of its retention period
(`personal_data.py`, whose hook in `services/retention.py` marks the collection)."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from .models import LinkageKey, Participant, Pseudonym


def pseudonym_for(participant: Participant) -> Pseudonym:
    """The participant's pseudonym in their collection, made at their first answer."""
    if participant.collection.key_destroyed_at is not None:
        raise ValueError("This collection's linkage key has been destroyed.")
    key = LinkageKey.objects.select_related("pseudonym").filter(participant=participant).first()
    if key is not None:
        return key.pseudonym
    try:
        with transaction.atomic():
            pseudonym = Pseudonym.objects.create(collection_id=participant.collection_id)
            LinkageKey.objects.create(participant=participant, pseudonym=pseudonym)
            return pseudonym
    except IntegrityError:  # made by a concurrent first answer
        return LinkageKey.objects.select_related("pseudonym").get(participant=participant).pseudonym


def pseudonyms_create(participants: list[Participant], codes: list[uuid.UUID]) -> list[Pseudonym]:
    """For `generate_scale` only (a large installation's first answers in bulk): each participant's
    pseudonym, with the code given, and its key, in the order given; none may have one yet."""
    made = Pseudonym.objects.bulk_create(
        [
            Pseudonym(collection_id=p.collection_id, code=code)
            for p, code in zip(participants, codes, strict=True)
        ],
        batch_size=5_000,
    )
    LinkageKey.objects.bulk_create(
        [LinkageKey(participant=p, pseudonym=s) for p, s in zip(participants, made, strict=True)],
        batch_size=5_000,
    )
    return made


def own_pseudonym_ids(user_id: int) -> list[int]:
    """The pseudonyms of one person (for that person's own results page only)."""
    return list(
        LinkageKey.objects.filter(participant__user_id=user_id).values_list(
            "pseudonym_id", flat=True
        )
    )


def existing_pseudonym_id(participant: Participant) -> int | None:
    """The participant's pseudonym id if they have answered anything (to show saved answers back
    to them on their own questionnaire), without making one."""
    return (
        LinkageKey.objects.filter(participant=participant)
        .values_list("pseudonym_id", flat=True)
        .first()
    )
