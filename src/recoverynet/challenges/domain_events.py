"""What the self-assessment app announces. Never ratings, raters or perspectives: only ids.

(`action.overdue` moved to the `plans` app with action plans.)"""

from recoverynet.core.domain_events import define

ASSESSMENT_CLOSED = define(
    "assessment.closed",
    summary="A self-assessment round closed; its results are final.",
    payload={
        "round_id": "The round's id.",
        "organisation_id": "The assessed organisation's id.",
        "scope": "organisation, or team for a team's round (the team is not named).",
        "framework": "The framework's family, e.g. ten-organisational-challenges.",
        "url": "The round's results page.",
    },
)

ASSESSMENT_CLOSE_UNDONE = define(
    "assessment.close_undone",
    summary="A round closed by mistake was opened again within minutes; its results are not final.",
    payload={
        "round_id": "The round's id.",
        "organisation_id": "The assessed organisation's id.",
        "scope": "organisation, or team for a team's round (the team is not named).",
        "framework": "The framework's family, e.g. ten-organisational-challenges.",
        "url": "The round's page.",
    },
)
