"""Every write of the outcomes app."""

from .collections import TimepointPlan, collection_create
from .instruments import instrument_load, instruments_install_builtin, signpost_set, wording_load
from .rescheduling import collections_reschedule
from .responses import answers_save
from .sending import (
    TOKEN_PURPOSE,
    first_links_send,
    invitations_send,
    participant_join,
    reminders_send,
)
from .shares import share_start, share_stop
from .snapshots import pool_publish, results_publish, snapshots_publish

__all__ = [
    "TOKEN_PURPOSE",
    "TimepointPlan",
    "answers_save",
    "collection_create",
    "collections_reschedule",
    "first_links_send",
    "instrument_load",
    "instruments_install_builtin",
    "invitations_send",
    "participant_join",
    "pool_publish",
    "reminders_send",
    "results_publish",
    "share_start",
    "share_stop",
    "signpost_set",
    "snapshots_publish",
    "wording_load",
]
