"""Room cards: one-time codes that let one device in without a sign-in or an e-mail address
(decision 0036).

The organisers print a sheet of cards (each a code and a QR code of the join link) and hand one to
each person in the room who has no sign-in. Redeeming a card uses it up and gives that device its
own pseudonymous token in a cookie: for a debate a walk-in `Voter` (one vote per round, like
everyone), for a feedback form the right to answer once and change the answer until the form
closes. A card cannot be replayed: a second device (or the same one after clearing its cookies)
is refused. Only the digests of codes and tokens are stored; the codes are shown once, when the
sheet is made."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import audit, tokens
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import targets
from ..models import Debate, FeedbackForm, FormStatus, RoomCard, Voter
from .common import require_organiser, short_code

CARD_CODE_LENGTH = 8  # 31^8, about 850 billion: not guessable, still easy to type
MAX_CARDS = 300
VOTER_PREFIX = "rv_"
ANSWER_PREFIX = "rf_"

Attached = Debate | FeedbackForm


@dataclass(frozen=True)
class Redeemed:
    """What a card let in: the debate or the form, and the device's new token (for its cookie)."""

    debate: Debate | None
    form: FeedbackForm | None
    token: str


def normalise_code(code: str) -> str:
    """Spaces and hyphens are ignored and letters may be small: 'abcd-2345' is 'ABCD2345'."""
    return "".join(c for c in code if c not in " -\t").upper()


def _check_open_to_cards(obj: Attached) -> None:
    if isinstance(obj, Debate):
        if not obj.walk_ins:
            raise PermissionDenied(
                "This debate takes votes only from people checked in at the event. Turn on "
                "'devices without a sign-in' first."
            )
        if not obj.salt:
            raise ApplicationError(
                "debate_finished", "Voting in this debate has finished.", status=409
            )
    elif obj.status == FormStatus.CLOSED:
        raise ApplicationError("form_closed", "This feedback form has closed.", status=409)


@transaction.atomic
def cards_issue(*, actor: Actor, obj: Attached, count: int) -> list[str]:
    """Make `count` new cards and return their codes (shown once: only digests are kept)."""
    require_organiser(actor, obj)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_CARDS:
        raise ApplicationError(
            "invalid",
            f"Choose how many cards to make, from 1 to {MAX_CARDS}.",
            field="count",
            status=422,
        )
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)  # its status as it is now
    _check_open_to_cards(obj)
    codes = [short_code(CARD_CODE_LENGTH) for _ in range(count)]
    link = {"debate": obj} if isinstance(obj, Debate) else {"form": obj}
    RoomCard.objects.bulk_create([RoomCard(code_hash=tokens.digest(c), **link) for c in codes])
    audit.record(actor=actor, action="feedback.cards.issued", obj=obj, changes={"count": count})
    return codes


def _wrong_code() -> ApplicationError:
    return ApplicationError(
        "invalid",
        "That code is not right. Check the card and try again.",
        field="code",
        status=422,
    )


def _refuse_attendee(actor: Actor, obj: Attached) -> None:
    """Someone checked in answers or votes as themselves: a card would give them a second say."""
    if not is_person(actor):
        return
    target = targets.resolve(obj.target_kind, obj.target_id)
    if targets.kind_of(obj.target_kind).attended(target, actor):
        raise ApplicationError(
            "checked_in",
            "You are checked in, so you take part as yourself. Keep the card for someone "
            "without a sign-in.",
            status=409,
        )


@transaction.atomic
def card_redeem(*, actor: Actor, code: str, expected: Attached | None = None) -> Redeemed:
    """Use up a card on this device. `expected`: the debate or form whose page the code was typed
    on (a card for anything else is simply not right there)."""
    given = normalise_code(code or "")
    if not given:
        raise ApplicationError("invalid", "Enter the code on your card.", field="code", status=422)
    if len(given) > 20 or not (given.isascii() and given.isalnum()):
        raise _wrong_code()
    card = (
        RoomCard.objects.select_for_update(of=("self",))
        .select_related("debate", "form")
        .filter(code_hash=tokens.digest(given))
        .first()
    )
    obj: Attached | None = (card.debate or card.form) if card is not None else None
    elsewhere = expected is not None and (
        obj is None or type(obj) is not type(expected) or obj.pk != expected.pk
    )
    if card is None or obj is None or elsewhere:
        raise _wrong_code()
    if card.used:
        raise ApplicationError(
            "card_used",
            "This card has already been used on another device. Ask the organisers for a new card.",
            field="code",
            status=409,
        )
    _check_open_to_cards(obj)
    _refuse_attendee(actor, obj)
    card.used = True
    if isinstance(obj, Debate):
        token = tokens.issue("feedback.room_card", None, prefix=VOTER_PREFIX)
        Voter.objects.create(debate=obj, token_hash=token.hash, walk_in=True)
        card.save(update_fields=["used"])  # no trace of the voter on the card
        audit.record(actor=actor, action="feedback.voter.walked_in", obj=obj)
        return Redeemed(debate=obj, form=None, token=token.raw)
    token = tokens.issue("feedback.room_card", None, prefix=ANSWER_PREFIX)
    card.token_hash = token.hash
    card.save(update_fields=["used", "token_hash"])
    audit.record(actor=actor, action="feedback.card.used", obj=obj)
    return Redeemed(debate=None, form=obj, token=token.raw)


def walk_in_join(*, actor: Actor, debate: Debate, code: str) -> str:
    """A device without a sign-in joins a debate's vote with a card; its new voter token."""
    if not debate.walk_ins:
        raise PermissionDenied("This debate takes votes only from people checked in at the event.")
    return card_redeem(actor=actor, code=code, expected=debate).token
