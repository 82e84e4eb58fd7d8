"""Reads of sessions for other apps' registries (plans occasions)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.feedback import selectors as feedback_selectors

from .. import access
from ..feedback import KIND
from ..models import Engagement, Session, SessionState


def sessions_by_public_ids(ids: Sequence[Any]) -> list[Session]:
    """Sessions by public id with their engagement, in one query (for the label and date of a
    plan's occasion: an engagement's title and a session's day are not private to anyone who holds
    the session's id)."""
    return list(Session.objects.select_related("engagement").filter(public_id__in=list(ids)))


def openable_engagement_ids(*, actor: Actor, ids: Sequence[str]) -> set[str]:
    """Of these engagements (public ids as text), those whose page the actor may open (the rule
    of `engagement_get`)."""
    valid = [i for i in ids if _is_uuid(i)]
    found = Engagement.objects.filter(public_id__in=valid).prefetch_related("clients", "team")
    return {
        str(e.public_id)
        for e in found
        if access.can_manage(actor, e) or access.is_client_lead(actor, e)
    }


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def openable_session_ids(*, actor: Actor, ids: Sequence[Any]) -> set[Any]:
    """Of these sessions, those whose engagement page the actor may open (the same rule as
    `engagement_get`: its team and network lead, or a client's recovery lead)."""
    sessions = Session.objects.filter(public_id__in=list(ids)).select_related("engagement")
    engagements = {
        e.pk: e
        for e in Engagement.objects.filter(
            pk__in={s.engagement_id for s in sessions}
        ).prefetch_related("clients", "team")
    }
    return {
        s.public_id
        for s in sessions
        if access.can_manage(actor, engagements[s.engagement_id])
        or access.is_client_lead(actor, engagements[s.engagement_id])
    }


def delivered_sessions_for_organisation(*, actor: Actor, organisation: Any) -> list[Session]:
    """Delivered sessions of the engagements with this client that the actor may see (as the
    network team or as a recovery lead of a client), newest first. Empty for anyone else."""
    if organisation is None:
        return []
    visible = access.team_q(actor) | access.client_q(actor)
    engagements = Engagement.objects.filter(visible).filter(clients__organisation=organisation)
    return list(
        Session.objects.filter(state=SessionState.DELIVERED, engagement__in=engagements)
        .select_related("engagement")
        .order_by("-on", "-created_at")
    )


@dataclass(frozen=True)
class SessionFeedback:
    """A delivered session's feedback form and its results as the actor may see them."""

    session: Session
    form: Any
    results: Any


def session_feedback(*, actor: Actor, found: Any) -> list[SessionFeedback]:
    """Results of the feedback forms on this engagement's delivered sessions, through the feedback
    app's selectors (so suppressed as feedback does: fewer answers than the threshold show no
    single answer, and outside the network team results wait for the form to close). None for a
    buddying partner's view."""
    if found.view == "buddy":
        return []
    delivered = {
        str(s.public_id): s
        for s in found.engagement.sessions.all()
        if s.state == SessionState.DELIVERED
    }
    forms = feedback_selectors.forms_for_targets(actor=actor, kind=KIND, target_ids=list(delivered))
    out = [
        SessionFeedback(
            session=delivered[form.target_id],
            form=form,
            results=feedback_selectors.form_results(actor=actor, form=form),
        )
        for form in forms
    ]
    return sorted(out, key=lambda f: f.session.on)
