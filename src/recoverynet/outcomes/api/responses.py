"""Answering: by single-use link (no sign-in: the link is the credential) or as yourself; and your
own scores."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError

from .. import access, selectors, services
from ..models import Invitation
from .router import router
from .schemas import OwnQuestionnaireOut, OwnScoreOut, QuestionnaireOut, ResponseIn, SavedOut


def questionnaire_out(invitation: Invitation) -> dict[str, Any]:
    parts = selectors.questionnaire(invitation)
    questions = []
    for part in parts:
        for item in part.definition.items:
            saved = part.answers.get(item.number, "unset")
            questions.append(
                {
                    "field": f"{part.instrument.code}:{part.instrument.version}",
                    "instrument": part.instrument.name,
                    "item": item.number,
                    "text": part.wording.items[item.number - 1],
                    "choices": part.wording.labels,
                    "allows_decline": part.definition.allows_decline,
                    "saved": saved if isinstance(saved, int) else None,
                    "declined": saved is None,
                }
            )
    collection = invitation.participant.collection
    return {
        "organisation": collection.organisation.name,
        "title": collection.title,
        "timepoint": invitation.timepoint.kind,
        "questions": questions,
    }


def _answers(invitation: Invitation, payload: ResponseIn) -> dict[tuple[int, int], int | None]:
    ids = {
        f"{i.code}:{i.version}": i.pk for i in invitation.participant.collection.instruments.all()
    }
    answers: dict[tuple[int, int], int | None] = {}
    for n, answer in enumerate(payload.answers):
        if answer.instrument not in ids:
            raise ApplicationError(
                "invalid",
                "These answers are for another questionnaire.",
                field=f"answers.{n}.instrument",
                status=422,
            )
        key = (ids[answer.instrument], answer.item)
        if key in answers:
            raise ApplicationError(
                "invalid", "Each question is answered once.", field=f"answers.{n}.item", status=422
            )
        answers[key] = answer.value
    return answers


@router.get(
    "/outcomes/questionnaires/{token}",
    response={200: QuestionnaireOut, **errors(409, 410)},
    auth=None,
    summary="The questionnaire a single-use link is for (with the organisation's wording)",
)
def questionnaire_by_link(request: HttpRequest, token: str) -> Any:
    return questionnaire_out(selectors.invitation_by_token(token))


@router.post(
    "/outcomes/questionnaires/{token}/responses",
    response={200: SavedOut, **errors(410)},
    auth=None,
    summary="Save answers by single-use link (finish: true uses the link up)",
)
def respond_by_link(request: HttpRequest, token: str, payload: ResponseIn) -> Any:
    invitation = selectors.invitation_by_token(token)
    messages = services.answers_save(
        actor=request.user,
        invitation=invitation,
        answers=_answers(invitation, payload),
        finish=payload.finish,
    )
    return {"finished": payload.finish, "signposts": messages}


@router.get(
    "/me/outcomes/questionnaires",
    response=list[OwnQuestionnaireOut],
    auth=api_auth,
    summary="Your own questionnaires that are open now",
)
@private_read(*access.PAGE_APPS)
def my_questionnaires(request: HttpRequest) -> Any:
    return [
        {
            "id": i.pk,
            "organisation": i.timepoint.collection.organisation.name,
            "title": i.timepoint.collection.title,
            "timepoint": i.timepoint.kind,
            "closes": selectors.window_closes(i.timepoint),
        }
        for i in selectors.invitations_for_self(actor=request.user)
    ]


@router.get(
    "/me/outcomes/questionnaires/{invitation_id}",
    response={200: QuestionnaireOut, **errors(409, 410)},
    auth=api_auth,
    summary="One of your own questionnaires, with the answers saved so far",
)
def my_questionnaire(request: HttpRequest, invitation_id: int) -> Any:
    return questionnaire_out(
        selectors.invitation_for_self(actor=request.user, invitation_id=invitation_id)
    )


@router.post(
    "/me/outcomes/questionnaires/{invitation_id}/responses",
    response={200: SavedOut, **errors(410)},
    auth=api_auth,
    summary="Save answers to one of your own questionnaires",
)
def respond_as_self(request: HttpRequest, invitation_id: int, payload: ResponseIn) -> Any:
    invitation = selectors.invitation_for_self(actor=request.user, invitation_id=invitation_id)
    messages = services.answers_save(
        actor=request.user,
        invitation=invitation,
        answers=_answers(invitation, payload),
        finish=payload.finish,
    )
    return {"finished": payload.finish, "signposts": messages}


@router.get(
    "/me/outcomes/results",
    response=list[OwnScoreOut],
    auth=api_auth,
    summary="Your own scores over time (only you see them)",
)
def my_results(request: HttpRequest) -> Any:
    return [own_score_out(r) for r in selectors.my_results(actor=request.user)]


def own_score_out(r: selectors.OwnScore) -> dict[str, Any]:
    return {
        "collection": r.collection_title,
        "organisation": r.organisation,
        "instrument": r.instrument,
        "timepoint": r.timepoint,
        "completed_on": r.completed_on,
        "score": r.score,
    }
