"""What the action-plans app announces. Only ids, dates and links: never notes or reviews."""

from recoverynet.core.domain_events import define

ACTION_OVERDUE = define(
    "action.overdue",
    summary="An action in an action plan passed its due date without being done "
    "(announced when its owner is reminded, at most once a week per action).",
    payload={
        "action_id": "The action's id.",
        "plan_id": "The action plan's id.",
        "organisation_id": "The organisation's id.",
        "due_on": "The due date (ISO date).",
        "url": "The action plan's page.",
    },
)
