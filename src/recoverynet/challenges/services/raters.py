"""Raters: invite the organisation's people or anyone with a single-use link; a rater's perspective."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import Perspective
from recoverynet.core import audit, outbox, tokens
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network import access as network_access

from .. import access
from ..models import (
    AssessmentRound,
    Rater,
)
from ._common import require_open


def _not_one_of_its_people(email: str, round_: AssessmentRound) -> ApplicationError:
    """The one answer for an address that is not one of the organisation's people, whether or not
    it has an account here: the facilitator must not learn who has one (issue #9)."""
    return ApplicationError(
        "not_affiliated",
        f"{email} is not the address of anyone at {round_.organisation.name}. Check the address, "
        "or invite them with a link instead.",
        field="email",
        status=422,
    )


def rater_invite_by_email(*, actor: Actor, round_: AssessmentRound, email: str) -> Rater:
    """Invite one of the organisation's people by their e-mail address. An address that has no
    account and one whose account is not at the organisation get the same answer, with nothing
    written or sent for either."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    email = email.strip().lower()
    user = (
        get_user_model()
        .objects.filter(
            email__iexact=email, is_active=True, affiliations__organisation=round_.organisation
        )
        .first()
    )
    if user is None:
        raise _not_one_of_its_people(email, round_)
    return rater_invite_member(actor=actor, round_=round_, user=user)


@transaction.atomic
def rater_invite_member(*, actor: Actor, round_: AssessmentRound, user: Any) -> Rater:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    require_open(round_)
    if not network_access.roles(user).orgs.get(round_.organisation_id):
        raise _not_one_of_its_people(user.email, round_)
    rater, created = Rater.objects.get_or_create(
        round=round_,
        user=user,
        # No perspective: the rater states it for the round themselves (never from their profile).
        defaults={"name": user.display_name, "email": user.email},
    )
    if not created:
        raise ApplicationError(
            "duplicate", f"{user.email} is already a rater.", field="email", status=409
        )
    link = settings.SITE_URL + reverse("challenges:rate", args=[round_.public_id])
    outbox.enqueue(
        to=[user.email],
        subject=f"Please rate: {round_.title}",
        body_text=render_to_string(
            "challenges/email/invited.txt",
            {"round": round_, "rater": rater, "link": link, "inviter": actor},
        ),
    )
    audit.record(
        actor=actor, action="challenges.rater.invited", obj=round_, changes={"rater": user.email}
    )
    return rater


@dataclass(frozen=True)
class LinkInvitation:
    rater: Rater
    raw_token: str  # goes into the link; only its hash is stored


@transaction.atomic
def rater_invite_by_link(
    *, actor: Actor, round_: AssessmentRound, name: str, email: str = ""
) -> LinkInvitation:
    """Invite someone without an account (e.g. a person who uses services, or a carer) with a
    single-use link. If an address is given we e-mail the link; otherwise the facilitator passes it on.
    The facilitator does not record the rater's perspective: the rater says it, if they wish."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    require_open(round_)
    name = clean_text(name, field="name", max_length=150, single_line=True)
    if not name:
        raise ApplicationError(
            "invalid", "Enter the rater's name (a first name is enough).", field="name", status=422
        )
    # The link works until the rater sends their ratings (or the round closes): no expiry of its own.
    token = tokens.issue("challenges.rater_link", ttl=None)
    raw = token.raw
    rater = Rater.objects.create(
        round=round_, name=name, email=email.strip().lower(), token_hash=token.hash
    )
    if rater.email:
        link = settings.SITE_URL + reverse("challenges:rate-by-link", args=[raw])
        outbox.enqueue(
            to=[rater.email],
            subject=f"Please rate: {round_.title}",
            body_text=render_to_string(
                "challenges/email/invited.txt",
                {"round": round_, "rater": rater, "link": link, "inviter": actor},
            ),
        )
    audit.record(
        actor=actor, action="challenges.rater.invited_by_link", obj=round_, changes={"rater": name}
    )
    return LinkInvitation(rater=rater, raw_token=raw)


def rater_by_link(raw_token: str) -> Rater:
    """The rater a link belongs to, while it still works (until that rater submits)."""
    rater = (
        Rater.objects.select_related("round__framework", "round__organisation")
        .filter(token_hash=tokens.digest(raw_token))
        .first()
        if raw_token
        else None
    )
    if rater is None:
        raise NotFound("This link is not valid. Ask the person who invited you for a new one.")
    if rater.submitted_at is not None:
        raise ApplicationError(
            "used", "These ratings have been sent, so this link has been used.", status=410
        )
    if rater.link_claimed_at is None:
        Rater.objects.filter(pk=rater.pk, link_claimed_at__isnull=True).update(
            link_claimed_at=timezone.now()
        )
    return rater


@transaction.atomic
def rater_perspective_set(*, rater: Rater, perspective: str) -> Rater:
    """A rater says (or stops saying) which perspective they bring. Optional, and only used to show
    where perspectives differ."""
    if perspective and perspective not in Perspective.values:
        raise ApplicationError(
            "invalid", "Choose a perspective from the list.", field="perspective", status=422
        )
    rater = Rater.objects.select_for_update().select_related("round").get(pk=rater.pk)
    require_open(rater.round)
    rater.perspective = "" if perspective == Perspective.PREFER_NOT else perspective
    rater.save(update_fields=["perspective", "updated_at"])
    return rater
