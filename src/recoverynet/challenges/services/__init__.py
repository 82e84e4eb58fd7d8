"""Every write for frameworks and self-assessment rounds, by sub-domain. Import from here:
`from recoverynet.challenges import services` then `services.round_start(...)`."""

from .agreeing import consensus_agree_many
from .closing import round_close_undo
from .deadlines import rater_reminders, round_deadline_set
from .frameworks import framework_edit, framework_install
from .plans import plan_from_priorities
from .raters import (
    LinkInvitation,
    rater_by_link,
    rater_invite_by_email,
    rater_invite_by_link,
    rater_invite_member,
    rater_perspective_set,
)
from .ratings import CellInput, consensus_set, rater_submit, rating_save, ratings_save
from .rounds import PriorityInput, priorities_set, round_close, round_start

__all__ = [
    "CellInput",
    "LinkInvitation",
    "PriorityInput",
    "consensus_agree_many",
    "consensus_set",
    "framework_edit",
    "framework_install",
    "plan_from_priorities",
    "priorities_set",
    "rater_by_link",
    "rater_invite_by_email",
    "rater_invite_by_link",
    "rater_invite_member",
    "rater_perspective_set",
    "rater_reminders",
    "rater_submit",
    "rating_save",
    "ratings_save",
    "round_close",
    "round_close_undo",
    "round_deadline_set",
    "round_start",
]
