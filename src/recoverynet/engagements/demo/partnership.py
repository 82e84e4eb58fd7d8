"""A buddying arrangement running now between Nottinghamshire and Northumberland, Tyne and Wear,
with everything the network team's daily tool shows: two milestones (one reached early), shared goals and the meeting log, days invoiced per day used (some delivered days ready
to invoice), a top-up waiting for the network lead and one turned down, the client's quote kept
for use with consent, Nottinghamshire's 2023 and 2025 self-assessments linked and compared, and
the sessions' feedback pooled (answered on room cards, closed, published in a fixed block). It
starts after every other demo engagement, so it heads the team's list. Safe to run twice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser

from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import services as feedback_services
from recoverynet.network.models import Network

from .. import services
from ..feedback import KIND
from ..models import Engagement, InvoicingMode, Session, SessionState
from .common import agree, create, orgs, session

TITLE = "Buddying: Nottinghamshire and Northumberland, Tyne and Wear"
# (words, rating, would recommend) of the people who answered on room cards, per session.
ANSWERS = (
    (("Hopeful", 5, "Yes"), ("Listened to", 4, "Yes"), ("Practical", 4, "Yes")),
    (("Hopeful", 5, "Yes"), ("Honest", 4, "Yes"), ("Tiring but worth it", 3, "Maybe")),
    (("Together", 5, "Yes"), ("Clearer", 4, "Yes")),
    (("Energised", 4, "Yes"),),
)


def partnership(lead: Any, uk: Network, sam: Any, rosa: Any) -> int:
    today = uk.today()
    starts = today - datetime.timedelta(days=45)
    pair = create(
        lead,
        uk,
        kind="buddying",
        title=TITLE,
        summary="Northumberland, Tyne and Wear learns from Nottinghamshire's Recovery College "
        "and peer support work; both refresh their recovery strategies.",
        starts_on=starts,
        ends_on=today + datetime.timedelta(days=320),
        organisations=orgs("nottinghamshire-healthcare", "ntw"),
        lead_consultant=sam,
        team=[(rosa, "Co-production")],
        challenges=[3, 7, 8],
        invoicing=InvoicingMode.PER_DAY,
        day_rate_net=Decimal("650"),
        client_contact_name="Grace Okafor",
        days=Decimal("8"),
    )
    if pair is None:
        return 0
    agree(lead, pair)
    # No phases here (the Northern Ireland programme has them). The first milestone listed is
    # still to reach and the later one was reached early, so the team's page offers both forms.
    services.milestone_add(
        actor=lead,
        engagement=pair,
        title="A joint plan for peer support agreed",
        due_on=today + datetime.timedelta(days=40),
    )
    visits = services.milestone_add(
        actor=lead,
        engagement=pair,
        title="Exchange visits done",
        due_on=today + datetime.timedelta(days=90),
    )
    services.milestone_reach(
        actor=lead,
        engagement=pair,
        milestone_id=visits.pk,
        reached_on=today - datetime.timedelta(days=12),
    )
    for goal in (
        "A Recovery College prospectus written with students in Northumberland",
        "Peer support workers in every community team, with supervision",
    ):
        services.shared_goal_add(actor=lead, engagement=pair, text=goal)
    services.log_entry_add(
        actor=lead,
        engagement=pair,
        on=today - datetime.timedelta(days=30),
        text="Northumberland's team visited Nottinghamshire's Recovery College.",
    )
    for n, (who, place) in enumerate(
        ((sam, "Nottingham"), (rosa, "Newcastle"), (sam, "Newcastle"), (rosa, "Nottingham"))
    ):
        session(lead, pair, who, starts + datetime.timedelta(days=5 + 8 * n), "1", place=place)
    top_up = services.top_up_request(
        actor=sam,
        engagement=pair,
        days=Decimal("2"),
        reason="Both boards asked for a joint workshop on the strategies.",
    )
    turned_down = services.top_up_request(
        actor=sam, engagement=pair, days=Decimal("3"), reason="A third exchange visit."
    )
    services.top_up_reject(
        actor=lead,
        engagement=pair,
        top_up_id=turned_down.pk,
        reason="The second phase covers it: plan it there.",
    )
    del top_up  # left waiting for the network lead
    services.quote_set(
        actor=lead,
        engagement=pair,
        quote="Seeing another trust do it made us believe we could.",
        consent=True,
    )
    _rounds(lead, pair)
    _feedback(lead, pair)
    services.session_feedback_publish(engagement=pair)
    return 1


def _rounds(lead: Any, pair: Engagement) -> None:
    """Nottinghamshire's organisation-wide self-assessments of 2023 and 2025, before and after."""
    client = next((c for c in pair.clients.all() if c.organisation.slug.startswith("nott")), None)
    if client is None:
        return
    try:
        rounds = challenge_selectors.rounds_for_organisation(
            actor=lead, organisation=client.organisation
        )
    except ApplicationError:
        return
    closed = sorted(
        (r for r in rounds if r.closed_at and r.title.startswith("Self-assessment 20")),
        key=lambda r: r.created_at,
    )
    if len(closed) >= 2:
        services.rounds_link(
            actor=lead, engagement=pair, before=closed[0].public_id, after=closed[-1].public_id
        )


def _feedback(lead: Any, pair: Engagement) -> None:
    """A form on each delivered session, answered on room cards and closed; the last one's
    single answer waits for the next block."""
    sessions = list(
        Session.objects.filter(engagement=pair, state=SessionState.DELIVERED).order_by("on")
    )
    walk_in = AnonymousUser()
    for s, answers in zip(sessions, ANSWERS, strict=False):
        form = feedback_services.form_create(
            actor=lead, target_kind=KIND, target_id=str(s.public_id)
        )
        form = feedback_services.form_open(actor=lead, form=form)
        questions = {q.purpose: q for q in form.questions.all() if q.purpose}
        codes = feedback_services.cards_issue(actor=lead, obj=form, count=len(answers))
        for code, (word, rating, recommend) in zip(codes, answers, strict=True):
            token = feedback_services.card_redeem(actor=walk_in, code=code, expected=form).token
            feedback_services.response_submit_with_card(
                actor=walk_in,
                form=form,
                token=token,
                answers={
                    str(questions["overall"].pk): rating,
                    str(questions["word"].pk): word,
                    str(questions["recommend"].pk): recommend,
                },
            )
        feedback_services.form_close(actor=lead, form=form)
