"""Every write of the feedback app (forms, responses, moderation, debates, votes, schedules)."""

from .cards import Redeemed, card_redeem, cards_issue, walk_in_join
from .common import FieldsInvalid
from .debates import (
    SpeakerInput,
    debate_create,
    debate_update,
    round_close,
    round_open,
    speaker_add,
    speaker_remove,
)
from .forms import (
    QuestionInput,
    default_questions,
    form_close,
    form_create,
    form_open,
    form_update,
    question_add,
    question_move,
    question_remove,
    question_update,
)
from .responses import (
    answer_hide,
    answer_show,
    clean_answers,
    response_submit,
    response_submit_with_card,
)
from .scheduled import forms_close_due, invitations_send
from .speakers import speaker_link, speaker_unlink
from .votes import vote_cast, voter_token_for

__all__ = [
    "FieldsInvalid",
    "QuestionInput",
    "Redeemed",
    "SpeakerInput",
    "answer_hide",
    "answer_show",
    "card_redeem",
    "cards_issue",
    "clean_answers",
    "debate_create",
    "debate_update",
    "default_questions",
    "form_close",
    "form_create",
    "form_open",
    "form_update",
    "forms_close_due",
    "invitations_send",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "response_submit",
    "response_submit_with_card",
    "round_close",
    "round_open",
    "speaker_add",
    "speaker_link",
    "speaker_remove",
    "speaker_unlink",
    "vote_cast",
    "voter_token_for",
    "walk_in_join",
]
