"""Pages of the feedback app (a module per audience)."""

from .answering import answer, my_feedback, short_link
from .cards import debate_cards, form_cards
from .cards import join as card_join
from .debates import (
    debate_action,
    debate_add,
    debate_manage,
    debate_report,
    debate_report_pdf,
    projector,
)
from .live import projector_live, projector_stream
from .manage import (
    for_target,
    form_create,
    form_manage,
    form_status,
    manage_index,
    question_action,
    question_edit,
)
from .results import answer_moderate, export, results, summary
from .speakers import speaker_leave, speaker_manage
from .voting import join, vote
from .voting import short_link as debate_short_link

__all__ = [
    "answer",
    "answer_moderate",
    "card_join",
    "debate_action",
    "debate_add",
    "debate_cards",
    "debate_manage",
    "debate_report",
    "debate_report_pdf",
    "debate_short_link",
    "export",
    "for_target",
    "form_cards",
    "form_create",
    "form_manage",
    "form_status",
    "join",
    "manage_index",
    "my_feedback",
    "projector",
    "projector_live",
    "projector_stream",
    "question_action",
    "question_edit",
    "results",
    "short_link",
    "speaker_leave",
    "speaker_manage",
    "summary",
    "vote",
]
