"""What the outcomes app announces. Ids, dates and counts only: never answers, scores or who."""

from recoverynet.core.domain_events import define

COLLECTION_CREATED = define(
    "outcomes.collection.created",
    summary="An organisation planned an outcome questionnaire collection.",
    payload={
        "collection_id": "The collection's public id (UUID).",
        "organisation_id": "The organisation's id.",
        "instruments": "The instrument codes asked (list).",
        "participants": "How many people it asks.",
    },
)

QUESTIONNAIRE_COMPLETED = define(
    "outcomes.questionnaire.completed",
    summary="Someone finished a questionnaire in a collection (announced without saying who, "
    "only the timepoint, so that follow-up rates can be counted elsewhere).",
    payload={
        "collection_id": "The collection's public id (UUID).",
        "timepoint": "baseline, end or later.",
    },
)
