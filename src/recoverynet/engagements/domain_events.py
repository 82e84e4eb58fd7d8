"""What the engagements app announces. Ids, states, days and links only: never notes or names."""

from recoverynet.core.domain_events import define

ENGAGEMENT_AGREED = define(
    "engagement.agreed",
    summary="A consultancy engagement was agreed with its client (from the `engagements` app).",
    payload={
        "engagement_id": "The engagement's public id (UUID).",
        "kind": "day_package, programme, coaching, buddying, visit or workshop.",
        "organisation_ids": "The client organisations' ids.",
        "days": "The days allocated when agreed (a decimal string, in halves).",
        "url": "The engagement's page.",
    },
)

SESSION_DELIVERED = define(
    "engagement.session_delivered",
    summary="Days were delivered on an engagement and drawn down from its allocation "
    "(from the `engagements` app). Where feedback on a session will hang from.",
    payload={
        "engagement_id": "The engagement's public id (UUID).",
        "session_id": "The session's id.",
        "on": "The day it was delivered (ISO date).",
        "days": "Days used (a decimal string, in halves).",
        "level": "ok, nearly_used, used_up or over_running after this session.",
        "url": "The engagement's page.",
    },
)

SESSION_CANCELLED = define(
    "engagement.session_cancelled",
    summary="A session of an engagement was cancelled (it did not take place, or was logged by "
    "mistake): the days it drew down are free again (from the `engagements` app).",
    payload={
        "engagement_id": "The engagement's public id (UUID).",
        "session_id": "The session's id.",
        "on": "The session's day (ISO date).",
        "days_freed": "Days returned to the allocation (a decimal string; 0 for a planned one).",
        "feedback_form_closed": "Whether an unanswered feedback form on it was closed.",
        "url": "The engagement's page.",
    },
)

ENGAGEMENT_CLOSED = define(
    "engagement.closed",
    summary="A consultancy engagement was closed (from the `engagements` app).",
    payload={
        "engagement_id": "The engagement's public id (UUID).",
        "days_used": "Days used in all (a decimal string).",
        "url": "The engagement's page.",
    },
)
