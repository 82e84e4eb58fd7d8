"""The end of a collection's retention, as part of the personal-data map's purge (decision 0039).

The map's rules delete the linkage keys, the invitations and the list of people once the
collection's "forget who answered" date has passed (`outcomes/personal_data.py`). This hook of the
linkage rule marks each such collection as forgotten (no more people can be added or reminded) and
audits it, in the same transaction as the keys' deletion."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.core import audit
from recoverynet.core.privacy.purge import Due

from ..models import Collection, Participant


def forget_collections(due: Due) -> None:
    """For the purge: each collection past its date, not yet marked, is marked and audited with
    how many keys and people go (the invitations rule runs first, so they are not counted here) (`due.rows` are the collections' linkage keys, still there)."""
    collections = due.parents("participant__collection").filter(key_destroyed_at=None)
    for collection in collections.order_by("pk"):
        keys = due.rows.filter(participant__collection=collection).count()
        people = Participant.objects.filter(collection=collection).count()
        Collection.objects.filter(pk=collection.pk).update(
            key_destroyed_at=timezone.now(), updated_at=timezone.now()
        )
        audit.record(
            actor=None,
            action="outcomes.linkage.destroyed",
            obj=collection,
            changes={"keys": keys, "rows": people},
        )
