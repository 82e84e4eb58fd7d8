"""What the feedback app announces. Only ids, counts and links: never an answer or a vote."""

from recoverynet.core.domain_events import define

FORM_CLOSED = define(
    "feedback_form.closed",
    summary="A feedback form closed (by its organisers or when its closing time passed); its "
    "answers are final and can no longer be linked to anyone.",
    payload={
        "form_id": "The form's public id.",
        "target_kind": "What the form is attached to (e.g. event).",
        "target_id": "The public id of the thing it is attached to.",
        "responses": "How many people answered.",
    },
)

ROUND_CLOSED = define(
    "debate_round.closed",
    summary="The chair closed a voting round of a critical debate (before or after).",
    payload={
        "debate_id": "The debate's public id.",
        "round": "before or after.",
        "target_kind": "What the debate belongs to (e.g. event).",
        "target_id": "The public id of the thing it belongs to.",
        "url": "The debate's report page.",
    },
)
