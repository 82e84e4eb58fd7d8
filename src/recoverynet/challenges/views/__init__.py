"""Pages for frameworks and co-produced self-assessment rounds. Thin: each view validates a form,
calls services or selectors, and renders.

The tone matters: this is a group looking at itself together, not a management audit. Pages speak
of "rating", "agreeing" and "priorities", and every rater's view counts the same."""

from .agree import agree_many
from .deadline import round_deadline
from .frameworks import framework_detail, framework_list
from .grid import round_grid
from .rating import rate, rate_by_link
from .rounds import (
    organisation_rounds,
    plan_from_round,
    round_close,
    round_close_undo,
    round_detail,
    round_priorities,
    round_start,
)

__all__ = [
    "agree_many",
    "framework_detail",
    "framework_list",
    "organisation_rounds",
    "plan_from_round",
    "rate",
    "rate_by_link",
    "round_close",
    "round_close_undo",
    "round_deadline",
    "round_detail",
    "round_grid",
    "round_priorities",
    "round_start",
]
