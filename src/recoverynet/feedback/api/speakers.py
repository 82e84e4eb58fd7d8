"""Linking a debate's speaker to their account over HTTP (decision 0036)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest

from recoverynet.accounts.api_auth import api_auth

from .. import selectors, services
from ..models import Speaker
from .routing import router
from .schemas import SpeakerLinkIn, SpeakerOut, SpeakingOut


def _out(speaker: Speaker) -> dict[str, Any]:
    return {
        "id": speaker.pk,
        "side": speaker.side,
        "name": speaker.name,
        "role": speaker.role,
        "linked": speaker.person_id is not None,
    }


@router.put(
    "/debates/{debate_id}/speakers/{speaker_id}/account",
    response=SpeakerOut,
    auth=api_auth,
    summary="Link a speaker to the account with this e-mail address (organisers)",
)
def speaker_link(
    request: HttpRequest, debate_id: UUID, speaker_id: int, payload: SpeakerLinkIn
) -> Any:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=debate_id)
    speaker = services.speaker_link(
        actor=request.user, debate=debate, speaker_id=speaker_id, email=payload.email
    )
    return _out(speaker)


@router.delete(
    "/debates/{debate_id}/speakers/{speaker_id}/account",
    response=SpeakerOut,
    auth=api_auth,
    summary="Remove a speaker's link to an account (organisers, or the speaker)",
)
def speaker_unlink(request: HttpRequest, debate_id: UUID, speaker_id: int) -> Any:
    mine = [s for s in selectors.speaking_in(actor=request.user) if s.pk == speaker_id]
    if mine and mine[0].debate.public_id == debate_id:
        debate = mine[0].debate
    else:
        debate = selectors.debate_for_organiser(actor=request.user, public_id=debate_id)
    speaker = services.speaker_unlink(actor=request.user, debate=debate, speaker_id=speaker_id)
    return _out(speaker)


@router.get(
    "/feedback/speaking",
    response=list[SpeakingOut],
    auth=api_auth,
    summary="The debates you were linked to as a speaker",
)
def speaking(request: HttpRequest) -> Any:
    return [
        {
            "speaker_id": s.pk,
            "side": s.side,
            "debate_id": s.debate.public_id,
            "motion": s.debate.motion,
            "target_label": s.debate.target_label,
        }
        for s in selectors.speaking_in(actor=request.user)
    ]
