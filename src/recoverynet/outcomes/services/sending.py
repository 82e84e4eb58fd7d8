"""Sending single-use links: by hand, automatically when a timepoint opens, at once to someone who
joins a cohort (a student enrolling on a course: "baseline at enrolment"), and reminders. Every
message goes through the outbox, one person per message."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, outbox, tokens
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access
from ..models import Collection, Invitation, Participant, Timepoint, TimepointKind
from ..sources import Member

TOKEN_PURPOSE = "outcomes.questionnaire"


def _closes(timepoint: Timepoint) -> datetime.date:
    return timepoint.due_from + datetime.timedelta(days=timepoint.within_days)


def _is_open(timepoint: Timepoint, today: datetime.date) -> bool:
    return timepoint.due_from <= today <= _closes(timepoint)


def _send_link(invitation: Invitation, *, reminder: bool) -> None:
    """A new single-use link (the old one stops working) by e-mail to the one person."""
    timepoint = invitation.timepoint
    closes = _closes(timepoint)
    ttl = datetime.datetime.combine(closes, datetime.time.max, tzinfo=datetime.UTC) - timezone.now()
    token = tokens.issue(TOKEN_PURPOSE, max(ttl, datetime.timedelta(hours=1)))
    invitation.token_hash = token.hash
    invitation.expires_at = token.expires_at
    today = timezone.localdate()
    if reminder:
        invitation.reminders_sent += 1
        invitation.last_reminded_on = today
    else:
        invitation.sent_on = today
    invitation.save(
        update_fields=["token_hash", "expires_at", "sent_on", "reminders_sent", "last_reminded_on"]
    )
    link = settings.SITE_URL.rstrip("/") + reverse("outcomes:answer", args=[token.raw])
    context = {
        "participant": invitation.participant,
        "collection": timepoint.collection,
        "link": link,
        "closes": closes,
        "reminder": reminder,
    }
    outbox.enqueue(
        to=[invitation.participant.email],
        subject=("Reminder: " if reminder else "")
        + f"a short questionnaire from {timepoint.collection.organisation.name}",
        body_text=render_to_string("outcomes/email/invitation.txt", context),
    )


@transaction.atomic
def invitations_send(*, actor: Actor, collection: Collection, timepoint: Timepoint) -> int:
    """Send each person who has not answered this timepoint a link of their own."""
    if not access.can_plan(actor, collection.organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    if timepoint.collection_id != collection.pk:
        raise ApplicationError("invalid", "Choose a timepoint of this collection.", status=422)
    today = timezone.localdate()
    if today > _closes(timepoint):
        raise ApplicationError(
            "closed", "This timepoint has closed; links can no longer be sent.", status=409
        )
    if timepoint.stopped_on is not None:
        raise ApplicationError(
            "stopped",
            "This timepoint was stopped when the course was cancelled; no more links are sent.",
            status=409,
        )
    pending = list(
        Invitation.objects.select_for_update()
        .filter(timepoint=timepoint, done=False)
        .select_related("participant", "timepoint__collection__organisation")
    )
    for invitation in pending:
        _send_link(invitation, reminder=False)
    audit.record(
        actor=actor,
        action="outcomes.invitations.sent",
        obj=collection,
        changes={"timepoint": timepoint.kind, "sent": len(pending)},
    )
    return len(pending)


def send_open_links(collection: Collection) -> int:
    """Inside a service's transaction: the first link for every open timepoint of the collection
    to each person who has not had one yet."""
    today = timezone.localdate()
    pending = list(
        Invitation.objects.select_for_update()
        .filter(
            timepoint__collection=collection,
            done=False,
            sent_on__isnull=True,
            timepoint__due_from__lte=today,
            timepoint__stopped_on__isnull=True,
        )
        .select_related("participant", "timepoint__collection__organisation")
    )
    sent = 0
    for invitation in pending:
        if _is_open(invitation.timepoint, today):
            _send_link(invitation, reminder=False)
            sent += 1
    return sent


def first_links_send() -> int:
    """For the scheduler: collections that send automatically send each person their first link
    on the day a timepoint opens (one e-mail per person, through the outbox). Idempotent: a link
    once sent is not sent again (reminders take over)."""
    today = timezone.localdate()
    sent = 0
    due = (
        Collection.objects.filter(
            send_automatically=True,
            key_destroyed_at__isnull=True,
            timepoints__due_from__lte=today,
            timepoints__stopped_on__isnull=True,
            timepoints__invitations__sent_on__isnull=True,
            timepoints__invitations__done=False,
        )
        .distinct()
        .order_by("pk")
    )
    for collection in due:
        with transaction.atomic():
            count = send_open_links(collection)
            if count:
                audit.record(
                    actor=None,
                    action="outcomes.invitations.sent_automatically",
                    obj=collection,
                    changes={"sent": count},
                )
            sent += count
    return sent


@transaction.atomic
def participant_join(*, source_kind: str, source_ref: str, member: Member) -> int:
    """Someone joined a cohort (announced by its app, e.g. a student enrolled on a course): add
    them to each collection of that cohort planned with "baseline at enrolment" whose baseline is
    still open, and send their baseline link at once when the collection sends automatically.
    Idempotent (a person already in a collection is left as they are). Returns how many
    collections they were added to."""
    today = timezone.localdate()
    added = 0
    collections = (
        Collection.objects.select_for_update()
        .filter(
            source_kind=source_kind,
            source_ref=source_ref,
            add_joiners=True,
            key_destroyed_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("pk")
    )
    for collection in collections:
        timepoints = list(collection.timepoints.all())
        baseline = next((t for t in timepoints if t.kind == TimepointKind.BASELINE), None)
        if baseline is None or today > _closes(baseline) or baseline.stopped_on is not None:
            continue
        if Participant.objects.filter(collection=collection, email__iexact=member.email).exists():
            continue
        participant = Participant.objects.create(
            collection=collection, name=member.name, email=member.email, user_id=member.user_id
        )
        Invitation.objects.bulk_create(
            Invitation(participant=participant, timepoint=t) for t in timepoints
        )
        sent = 0
        if collection.send_automatically and _is_open(baseline, today):
            invitation = Invitation.objects.select_related(
                "participant", "timepoint__collection__organisation"
            ).get(participant=participant, timepoint=baseline)
            _send_link(invitation, reminder=False)
            sent = 1
        # Who joined is not recorded here: the list of people is the collection's own.
        audit.record(
            actor=None,
            action="outcomes.participant.joined",
            obj=collection,
            changes={"baseline_link_sent": bool(sent)},
        )
        added += 1
    return added


def reminders_send() -> int:
    """For the scheduler: remind people whose link was sent, who have not answered, whose
    timepoint is open, every `reminder_days`, at most `max_reminders` times."""
    today = timezone.localdate()
    sent = 0
    candidates = Invitation.objects.filter(
        done=False, sent_on__isnull=False, timepoint__stopped_on__isnull=True
    ).select_related("participant", "timepoint__collection__organisation")
    for invitation in candidates:
        timepoint = invitation.timepoint
        collection = timepoint.collection
        last = invitation.last_reminded_on or invitation.sent_on
        if (
            collection.key_destroyed_at is None
            and _is_open(timepoint, today)
            and invitation.reminders_sent < collection.max_reminders
            and last is not None
            and (today - last).days >= collection.reminder_days
        ):
            with transaction.atomic():
                locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
                if locked.done or locked.reminders_sent != invitation.reminders_sent:
                    continue
                _send_link(invitation, reminder=True)
                sent += 1
    return sent
