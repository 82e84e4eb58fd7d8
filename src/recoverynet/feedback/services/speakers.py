"""Linking a debate's speaker to their account (optional; decision 0036).

The organisers link a speaker by the e-mail address of the speaker's account. A linked speaker
sees the debate on their own feedback page and may read its report (the same suppressed results
the hosts see); they may remove the link themselves at any time. The link is never shown to the
room or in the report: the report names speakers as typed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import Debate, Speaker
from .common import require_organiser


def _speaker(debate: Debate, speaker_id: int) -> Speaker:
    speaker = (
        Speaker.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(debate=debate, pk=speaker_id)
        .first()
    )
    if speaker is None:
        raise ApplicationError("not_found", "We could not find that speaker.", status=404)
    return speaker


@transaction.atomic
def speaker_link(*, actor: Actor, debate: Debate, speaker_id: int, email: str) -> Speaker:
    """Link the speaker to the account with this e-mail address (organisers only)."""
    require_organiser(actor, debate)
    speaker = _speaker(debate, speaker_id)
    address = clean_text(email, field="email", max_length=254, required=True, single_line=True)
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ApplicationError(
            "invalid",
            "Enter an e-mail address in the right format, like name@example.org.",
            field="email",
            status=422,
        ) from exc
    person = get_user_model().objects.filter(email__iexact=address, is_active=True).first()
    if person is None:
        raise ApplicationError(
            "invalid",
            "There is no account with that e-mail address. Ask the speaker to make one, then "
            "link it.",
            field="email",
            status=422,
        )
    if speaker.person_id == person.pk:
        return speaker
    speaker.person = person
    speaker.save(update_fields=["person", "updated_at"])
    audit.record(
        actor=actor,
        action="feedback.speaker.linked",
        obj=debate,
        changes={"speaker": speaker.name, "account": person.pk},
    )
    return speaker


@transaction.atomic
def speaker_unlink(*, actor: Actor, debate: Debate, speaker_id: int) -> Speaker:
    """Remove the link: the organisers, or the linked speaker themselves."""
    speaker = _speaker(debate, speaker_id)
    own = is_person(actor) and speaker.person_id == actor.pk
    if not own and not access.is_organiser(actor, debate):
        raise PermissionDenied("Only the organisers or the speaker can do this.")
    if speaker.person_id is None:
        return speaker
    speaker.person = None
    speaker.save(update_fields=["person", "updated_at"])
    audit.record(
        actor=actor,
        action="feedback.speaker.unlinked",
        obj=debate,
        changes={"speaker": speaker.name, "by": "the speaker" if own else "the organisers"},
    )
    return speaker
