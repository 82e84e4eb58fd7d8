"""Every write in the engagements app."""

from .calendar_feeds import calendar_feed_reset, calendar_feed_revoke
from .capacity import consultant_month_set
from .engagements import (
    EngagementInput,
    allocation_set,
    engagement_create,
    engagement_status_set,
    top_up_approve,
    top_up_request,
)
from .invoicing import days_invoice
from .outputs import output_add, output_document_link, output_plan_start, rounds_link
from .pooled_feedback import session_feedback_publish
from .programme import (
    log_entry_add,
    milestone_add,
    milestone_reach,
    phase_add,
    quote_set,
    shared_goal_add,
)
from .session_edits import session_cancel, session_edit
from .sessions import SessionInput, session_deliver, session_log
from .structure import (
    milestone_edit,
    milestone_remove,
    phase_edit,
    phase_remove,
    shared_goal_edit,
    shared_goal_remove,
)
from .variations import top_up_reject

__all__ = [
    "EngagementInput",
    "SessionInput",
    "allocation_set",
    "calendar_feed_reset",
    "calendar_feed_revoke",
    "consultant_month_set",
    "days_invoice",
    "engagement_create",
    "engagement_status_set",
    "log_entry_add",
    "milestone_add",
    "milestone_edit",
    "milestone_reach",
    "milestone_remove",
    "output_add",
    "output_document_link",
    "output_plan_start",
    "phase_add",
    "phase_edit",
    "phase_remove",
    "quote_set",
    "rounds_link",
    "session_cancel",
    "session_deliver",
    "session_edit",
    "session_feedback_publish",
    "session_log",
    "shared_goal_add",
    "shared_goal_edit",
    "shared_goal_remove",
    "top_up_approve",
    "top_up_reject",
    "top_up_request",
]
