"""What is attached to a session, and so what cancelling it would do (decision 0042).

A session's feedback form (the feedback app) and the action plans or reviews that name it as their
occasion (the plans app) point at it. Cancelling a delivered session that people answered feedback
about, or that a plan was made at, would leave them pointing at a session that "did not take
place", so it is refused; a form nobody answered is closed by the cancelling."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound
from recoverynet.feedback import selectors as feedback_selectors
from recoverynet.plans import selectors as plans_selectors
from recoverynet.plans.occasions import OccasionRef

from ..arithmetic import days_text
from ..feedback import KIND
from ..models import Session, SessionState

ZERO = Decimal("0")


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


@dataclass(frozen=True)
class Attached:
    form: Any  # the session's feedback form, or None
    answered: int  # responses to it
    plans: int  # action plans made at the session
    reviews: int  # plan reviews held at it

    @property
    def blockers(self) -> list[str]:
        """What stops the session being cancelled, in words."""
        out = []
        if self.answered:
            out.append("people have answered its feedback form")
        if self.plans:
            out.append(
                _count(
                    self.plans, "an action plan was made at it", "{n} action plans were made at it"
                )
            )
        if self.reviews:
            out.append(
                _count(
                    self.reviews, "a plan review was held at it", "{n} plan reviews were held at it"
                )
            )
        return out

    @property
    def message(self) -> str:
        return (
            f"This session cannot be cancelled: {' and '.join(self.blockers)}. Cancelling it would "
            "leave them pointing at a session that did not take place; they are kept as they are. "
            "If its date, days or consultant are wrong, change the session instead."
        )

    @property
    def form_to_close(self) -> bool:
        """A form nobody answered, still open or not opened yet: cancelling closes it."""
        return self.form is not None and not self.answered and self.form.status != "closed"


def session_attachments(session: Session) -> Attached:
    """The session's feedback form (with how many answered) and the plans and reviews naming it.
    For the team's cancel page and the cancelling service, which check access."""
    forms = feedback_selectors.forms_on_targets(kind=KIND, target_ids=[str(session.public_id)])
    form = forms[0] if forms else None
    uses = plans_selectors.occasion_uses(OccasionRef(kind=KIND, id=session.public_id))
    return Attached(
        form=form,
        answered=int(getattr(form, "answered", 0) or 0),
        plans=uses.plans,
        reviews=uses.reviews,
    )


@dataclass(frozen=True)
class CancelCheck:
    session: Session
    days_freed: Decimal
    days_freed_text: str
    invoiced: bool
    attached: Attached

    @property
    def blocked(self) -> bool:
        return self.invoiced or bool(self.attached.blockers)


def session_cancel_check(*, actor: Actor, found: Any, session_id: int) -> CancelCheck:
    """What cancelling this session would do, for the network team's confirm step (the engagement
    was opened through `engagement_get`, which checked access; only the team's view may cancel)."""
    session = next(
        (
            s
            for s in found.engagement.sessions.all()
            if s.pk == session_id and s.state != SessionState.CANCELLED
        ),
        None,
    )
    if session is None or found.view != "team":
        raise NotFound("We could not find that session.")
    freed = session.days if session.state == SessionState.DELIVERED else ZERO
    return CancelCheck(
        session=session,
        days_freed=freed,
        days_freed_text=days_text(freed),
        invoiced=session.invoiced_at is not None,
        attached=session_attachments(session),
    )
