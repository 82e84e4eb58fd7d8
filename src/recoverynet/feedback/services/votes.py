"""Voting in a debate: pseudonymous voter tokens and casting (or changing) a vote.

A signed-in attendee's token is derived from the debate's salt and their id, so they get the same
token on any device without anything linking the `Voter` row to them; a walk-in device gets a
random token after redeeming a one-time room card (`cards.py`). `Vote` is unique per (round, voter): a second vote in a
round replaces the first in one statement (`INSERT … ON CONFLICT … DO UPDATE`), so nothing is lost
or counted twice however many phones vote at once."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import audit, tokens
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import targets
from ..models import Choice, Debate, Round, RoundStatus, Vote, Voter
from .common import keyed_tag

TOKEN_PREFIX = "rv_"


def _bad_token() -> ApplicationError:
    return PermissionDenied(
        "That voting link is not valid for this debate. Scan the code on the screen again."
    )


def _voter(debate: Debate, token_hash: str, *, walk_in: bool) -> tuple[Voter, bool]:
    """The voter with this token digest (made on first use) and whether it is new."""
    voter = Voter.objects.filter(token_hash=token_hash).first()
    created = False
    if voter is None:
        try:
            with transaction.atomic():
                voter = Voter.objects.create(debate=debate, token_hash=token_hash, walk_in=walk_in)
                created = True
        except IntegrityError:
            voter = Voter.objects.get(token_hash=token_hash)
    if voter.debate_id != debate.pk:
        raise _bad_token()
    return voter, created


def voter_token_for(*, actor: Actor, debate: Debate) -> str:
    """The signed-in attendee's own token for this debate (the same every time)."""
    if not is_person(actor):
        raise ApplicationError("sign_in_required", "Sign in to vote.", status=401)
    if not debate.salt:
        raise ApplicationError("debate_finished", "Voting in this debate has finished.", status=409)
    target = targets.resolve(debate.target_kind, debate.target_id)
    if not targets.kind_of(debate.target_kind).attended(target, actor):
        raise PermissionDenied(
            "Only people checked in at the event can vote. If you are in the room, ask at the "
            "desk to be checked in, or for a room card."
        )
    raw = TOKEN_PREFIX + keyed_tag("voter", debate.salt, actor.pk)
    with transaction.atomic():
        _, created = _voter(debate, tokens.digest(raw), walk_in=False)
        if created:  # once per person and debate, not on every vote
            audit.record(actor=actor, action="feedback.voter.joined", obj=debate)
    return raw


def _open_round(debate: Debate, kind: str) -> int:
    """The round's id, read under a shared row lock on PostgreSQL: closing the round (an update
    lock) waits for votes in flight and no vote gets in after it closes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, status FROM feedback_round WHERE debate_id = %s AND kind = %s FOR SHARE",
                [debate.pk, kind],
            )
            row = cursor.fetchone()
    else:
        row = Round.objects.filter(debate=debate, kind=kind).values_list("id", "status").first()
    if row is None:
        raise ApplicationError("not_found", "There is no such round.", status=404)
    if row[1] != RoundStatus.OPEN:
        raise ApplicationError(
            "round_closed",
            "Voting in this round is closed."
            if row[1] == RoundStatus.CLOSED
            else "Voting in this round has not opened yet.",
            status=409,
        )
    return int(row[0])


def vote_cast(*, actor: Actor, debate: Debate, kind: str, choice: str, token: str = "") -> str:
    """Cast or change a vote in an open round, with the voter's token (walk-ins) or as the
    signed-in attendee. A second vote replaces the first."""
    if choice not in Choice.values:
        raise ApplicationError("invalid", "Choose one of the options.", field="choice", status=422)
    raw = token or voter_token_for(actor=actor, debate=debate)
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        raise _bad_token()
    with transaction.atomic():
        round_id = _open_round(debate, kind)
        voter: Any = (
            Voter.objects.filter(token_hash=tokens.digest(raw)).only("id", "debate_id").first()
        )
        if voter is None or voter.debate_id != debate.pk:
            raise _bad_token()
        Vote.objects.bulk_create(
            [Vote(round_id=round_id, voter_id=voter.pk, choice=choice)],
            update_conflicts=True,
            unique_fields=["round", "voter"],
            update_fields=["choice"],
        )
        audit.record(actor=actor, action="feedback.vote.cast", obj=debate, changes={"round": kind})
    return choice
