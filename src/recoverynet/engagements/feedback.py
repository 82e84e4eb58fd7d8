"""Delivered engagement sessions as a "feedback target kind" (`feedback.targets`).

Kind `engagement_session`, named by the session's public id. Only delivered sessions are targets.

- **Who attended**: the engagement records attendance as numbers by perspective only (never
  names), so the people who may answer are the client's lead contact (the engagement's contact
  e-mail) and the recovery leads of the client organisations.
- **Who organises** (may attach a form, moderate): the engagement's consultants (its lead and team)
  and the network's coordinators, the same rule as changing the engagement (`access.can_manage`).
- **Host**: the client organisation when there is one (its recovery lead and staff then see the
  results, suppressed as feedback does); none for a programme of several clients.
- **Times**: a session has a date, not times: 09:00 to 17:00 in the network's time zone.

Registered from `EngagementsConfig.ready`, so the feedback app never reads engagements' tables."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.feedback import targets
from recoverynet.network.models import Affiliation, AffiliationRole

from . import access
from .models import Engagement, EngagementClient, Session, SessionState

KIND = "engagement_session"
STARTS = datetime.time(9, 0)
ENDS = datetime.time(17, 0)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _delivered() -> Any:
    return Session.objects.filter(state=SessionState.DELIVERED)


def _session(target_id: str) -> Session | None:
    public_id = _uuid(target_id)
    if public_id is None:
        return None
    return (
        _delivered()
        .select_related("engagement__network")
        .prefetch_related("engagement__clients")
        .filter(public_id=public_id)
        .first()
    )


def session_label(session: Session) -> str:
    return f"{session.engagement.title}: session on {session.on:%-d %b %Y}"


def _target(session: Session) -> targets.Target:
    engagement = session.engagement
    tz = engagement.network.tz
    clients = [c.organisation_id for c in engagement.clients.all()]
    url = reverse("engagements:detail", args=[engagement.public_id])
    return targets.Target(
        kind=KIND,
        id=str(session.public_id),
        label=session_label(session),
        url=f"{url}#sessions",
        network_id=engagement.network_id,
        host_id=clients[0] if len(clients) == 1 else None,
        starts_at=timezone.make_aware(datetime.datetime.combine(session.on, STARTS), tz),
        ends_at=timezone.make_aware(datetime.datetime.combine(session.on, ENDS), tz),
        time_zone=engagement.network.time_zone,
        manage_url=f"{url}#sessions",
    )


def get(target_id: str) -> targets.Target | None:
    session = _session(target_id)
    return _target(session) if session is not None else None


def _email(user: Any) -> str:
    return str(getattr(user, "email", "") or "").strip()


def _attendee_q(user: Any) -> Q:
    """Sessions whose engagement has this person as its contact or a client they lead."""
    q = Q(pk__in=[])
    email = _email(user)
    if email:
        q |= Q(engagement__client_contact_email__iexact=email)
    orgs = access.lead_organisation_ids(user) if is_person(user) else frozenset()
    if orgs:
        q |= Q(engagement__clients__organisation_id__in=orgs)
    return q


def attended(target: targets.Target, user: Any) -> bool:
    public_id = _uuid(target.id)
    if public_id is None or not is_person(user):
        return False
    return bool(_delivered().filter(_attendee_q(user), public_id=public_id).exists())


def attendee_emails(target: targets.Target) -> list[str]:
    public_id = _uuid(target.id)
    session = _delivered().filter(public_id=public_id).select_related("engagement").first()
    if session is None:
        return []
    emails = {session.engagement.client_contact_email}
    clients = EngagementClient.objects.filter(engagement=session.engagement_id).values(
        "organisation_id"
    )
    emails |= set(
        Affiliation.objects.filter(
            organisation_id__in=clients, role=AffiliationRole.RECOVERY_LEAD
        ).values_list("user__email", flat=True)
    )
    return sorted({e.lower() for e in emails if e})


def is_organiser(user: Actor | None, target: targets.Target) -> bool:
    public_id = _uuid(target.id)
    if public_id is None:
        return False
    engagement = (
        Engagement.objects.prefetch_related("team").filter(sessions__public_id=public_id).first()
    )
    return engagement is not None and access.can_manage(user, engagement)


def attended_by(user: Any, since: datetime.datetime) -> list[str]:
    if not is_person(user):
        return []
    ids = (
        _delivered()
        .filter(_attendee_q(user), on__gte=since.date())
        .order_by()  # sorted below, not by the models' orderings
        .values_list("public_id", flat=True)
    )
    return sorted({str(i) for i in ids})


def organised_by(user: Actor | None) -> list[tuple[str, str]]:
    sessions = (
        _delivered()
        .filter(engagement__in=Engagement.objects.filter(access.team_q(user)))
        .select_related("engagement")
        .order_by("-on", "-created_at")[:50]
    )
    return [(str(s.public_id), session_label(s)) for s in sessions]


def register() -> None:
    targets.register(
        targets.TargetKind(
            kind=KIND,
            label="Engagement session",
            get=get,
            attended=attended,
            attendee_emails=attendee_emails,
            is_organiser=is_organiser,
            attended_by=attended_by,
            organised_by=organised_by,
        )
    )
