"""Sharing one's own scores with a member of an organisation's staff, and stopping."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.network import access as network_access
from recoverynet.network.models import Organisation

from ..access import FOLLOW_UP_ROLES
from ..models import Participant, ResultShare

User = get_user_model()


@transaction.atomic
def share_start(*, actor: Actor, organisation: Organisation, email: str) -> ResultShare:
    """Let `email` — the recovery lead, staff or a peer worker of `organisation`, where the
    person has taken part — see the person's own scores from that organisation's collections."""
    owner = person(actor)
    if not Participant.objects.filter(user=owner, collection__organisation=organisation).exists():
        raise ApplicationError(
            "invalid",
            "Choose an organisation whose questionnaires you have been asked to answer.",
            field="organisation",
            status=422,
        )
    viewer = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    role = network_access.roles(viewer).orgs.get(organisation.pk) if viewer else None
    if viewer is None or role not in FOLLOW_UP_ROLES or viewer.pk == owner.pk:
        # The same answer whether or not the address has an account.
        raise ApplicationError(
            "not_staff",
            f"Enter the e-mail address of someone on {organisation.name}'s staff.",
            field="email",
            status=422,
        )
    try:
        with transaction.atomic():
            share = ResultShare.objects.create(
                owner=owner, viewer=viewer, organisation=organisation
            )
    except IntegrityError:
        raise ApplicationError(
            "duplicate", "You already share your scores with them.", field="email", status=409
        ) from None
    audit.record(
        actor=actor,
        action="outcomes.share.started",
        obj=share,
        changes={"organisation": organisation.slug},
    )
    return share


@transaction.atomic
def share_stop(*, actor: Actor, share_id: int) -> None:
    owner = person(actor)
    share = ResultShare.objects.filter(pk=share_id, owner=owner).first()
    if share is None:
        raise NotFound("We could not find that.")
    audit.record(
        actor=actor,
        action="outcomes.share.stopped",
        obj=share,
        changes={"organisation": share.organisation.slug},
    )
    share.delete()
