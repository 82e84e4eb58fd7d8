"""Every read of the engagements app: access checked in each."""

from .calendar_feeds import Feed, calendar_feed, has_calendar_feed
from .cancel import Attached, CancelCheck, session_attachments, session_cancel_check
from .capacity import CapacityCell, CapacityRow, Forecast, calendar_sessions, capacity, forecast
from .choices import client_choices, consultant_choices, setup_network, team_networks
from .engagements import (
    Found,
    View,
    burn_chart,
    client_rounds,
    drawdown,
    engagement_burn,
    engagement_get,
    engagements_for_client,
    engagements_for_team,
    invoices,
    rounds_side_by_side,
)
from .pooled import PooledFeedback, ShownBlock, published_blocks, session_feedback_pooled
from .rounds import ChallengeChange, LevelChange, RoundComparison, rounds_compared
from .sessions import (
    SessionFeedback,
    delivered_sessions_for_organisation,
    openable_engagement_ids,
    openable_session_ids,
    session_feedback,
    sessions_by_public_ids,
)

__all__ = [
    "Attached",
    "CancelCheck",
    "CapacityCell",
    "CapacityRow",
    "ChallengeChange",
    "Feed",
    "Forecast",
    "Found",
    "LevelChange",
    "PooledFeedback",
    "RoundComparison",
    "SessionFeedback",
    "ShownBlock",
    "View",
    "burn_chart",
    "calendar_feed",
    "calendar_sessions",
    "capacity",
    "client_choices",
    "client_rounds",
    "consultant_choices",
    "delivered_sessions_for_organisation",
    "drawdown",
    "engagement_burn",
    "engagement_get",
    "engagements_for_client",
    "engagements_for_team",
    "forecast",
    "has_calendar_feed",
    "invoices",
    "openable_engagement_ids",
    "openable_session_ids",
    "published_blocks",
    "rounds_compared",
    "rounds_side_by_side",
    "session_attachments",
    "session_cancel_check",
    "session_feedback",
    "session_feedback_pooled",
    "sessions_by_public_ids",
    "setup_network",
    "team_networks",
]
