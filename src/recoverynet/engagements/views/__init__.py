"""Pages of the engagements app (thin: each calls one selector or service)."""

from .actions import (
    allocation_set,
    days_invoice,
    log_add,
    output_add,
    output_document,
    output_plan,
    rounds_link,
    session_log,
    status_set,
    top_up_approve,
    top_up_request,
)
from .capacity import capacity, consultant_calendar
from .corrections import session_cancel, session_edit, top_up_reject
from .engagements import client_list, engagement_create, engagement_detail, engagement_list
from .feeds import calendar_feed, feed, rounds_compared
from .structure import item_form, item_remove, milestone_reach, quote_form

__all__ = [
    "allocation_set",
    "calendar_feed",
    "capacity",
    "client_list",
    "consultant_calendar",
    "days_invoice",
    "engagement_create",
    "engagement_detail",
    "engagement_list",
    "feed",
    "item_form",
    "item_remove",
    "log_add",
    "milestone_reach",
    "output_add",
    "output_document",
    "output_plan",
    "quote_form",
    "rounds_compared",
    "rounds_link",
    "session_cancel",
    "session_edit",
    "session_log",
    "status_set",
    "top_up_approve",
    "top_up_reject",
    "top_up_request",
]
