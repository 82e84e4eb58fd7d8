"""Demo self-assessments: two organisations with rounds over past years showing progress, a team
round, one round still open for ratings (with a day to send them by and reminders), and a team round
the UK network's coordinator facilitates on the network's own wording of the framework, every
rating agreed and ready to close. Idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.core import dates
from recoverynet.network.models import Network, Organisation

from . import services
from .frameworks import SHIPPED, TEN_CHALLENGES
from .models import AssessmentRound, Framework, Rater

User = get_user_model()

# Agreed ratings by year: (challenge number → rating at strategic, managerial, practice).
PROGRESS = {
    2023: {n: (1 + (n % 2), 1, 1) for n in range(1, 11)},
    2025: {n: (2 + (n % 2), 2, 1 + (n % 3 == 0)) for n in range(1, 11)},
}


def _closed_round(
    lead: Any, organisation: Organisation, framework: Framework, year: int, team: str = ""
) -> bool:
    title = f"{'Team self-assessment' if team else 'Self-assessment'} {year}"
    if AssessmentRound.objects.filter(organisation=organisation, title=title).exists():
        return False
    round_ = services.round_start(
        actor=lead,
        organisation=organisation,
        framework=framework,
        title=title,
        team_name=team,
        team_resources={
            "peer_workers": 4,
            "staff_trained_in_recovery": 11,
            "lived_experience_involved": 6,
        }
        if team
        else None,
    )
    levels = list(framework.levels.all())
    for challenge in framework.challenges.all():
        values = PROGRESS[year][challenge.number]
        for level, value in zip(levels, values, strict=True):
            services.consensus_set(
                actor=lead,
                round_=round_,
                challenge_id=challenge.pk,
                level_key=level.key,
                value=value,
            )
    services.round_close(actor=lead, round_=round_)
    by_number = {c.number: c for c in framework.challenges.all()}
    services.priorities_set(
        actor=lead,
        round_=round_,
        priorities=[
            services.PriorityInput(
                by_number[7].pk,
                "practice",
                "People who use services are not yet in the room when decisions are made.",
            ),
            services.PriorityInput(
                by_number[8].pk, "managerial", "More peer workers, with proper supervision."
            ),
            services.PriorityInput(
                by_number[6].pk, "practice", "Safety plans written with people, not for them."
            ),
        ],
    )
    when = timezone.make_aware(datetime.datetime(year, 5, 14, 10))
    AssessmentRound.objects.filter(pk=round_.pk).update(
        created_at=when, closed_at=when + datetime.timedelta(days=21)
    )
    return True


def load_demo() -> dict[str, int]:
    for data in SHIPPED:
        services.framework_install(data=data)
    framework = services.framework_install(data=TEN_CHALLENGES)
    created = 0
    for org_slug, lead_email in [
        ("nottinghamshire-healthcare", "lead.nottingham@demo.recoverynet.example"),
        ("ntw", "lead.ntw@demo.recoverynet.example"),
    ]:
        organisation = Organisation.objects.get(slug=org_slug)
        lead = User.objects.get(email=lead_email)
        for year in PROGRESS:
            created += _closed_round(lead, organisation, framework, year)
    notts = Organisation.objects.get(slug="nottinghamshire-healthcare")
    lead = User.objects.get(email="lead.nottingham@demo.recoverynet.example")
    created += _closed_round(lead, notts, framework, 2025, team="Crisis resolution team")
    if not AssessmentRound.objects.filter(
        organisation=notts, title="Self-assessment 2027"
    ).exists():
        round_ = services.round_start(
            actor=lead,
            organisation=notts,
            framework=framework,
            title="Self-assessment 2027",
            rate_by=dates.today() + datetime.timedelta(days=21),
        )
        staff = User.objects.get(email="staff.nottingham@demo.recoverynet.example")
        services.rater_invite_member(actor=lead, round_=round_, user=staff)
        jordan = services.rater_invite_by_link(
            actor=lead, round_=round_, name="Jordan (service user panel)"
        )
        # Jordan says which perspective they bring on the rating page, for this round.
        services.rater_perspective_set(rater=jordan.rater, perspective="lived_experience")
        lead_rater = Rater.objects.get(round=round_, user=lead)
        for challenge in framework.challenges.all()[:5]:
            services.rating_save(
                rater=lead_rater, challenge_id=challenge.pk, level_key="practice", value=3
            )
        created += 1
    created += _ready_to_close(notts)
    return {"rounds": created, "plans": _plans()}


# The UK network's own wording of the ten challenges: a framework its coordinators may change.
UK_WORDING = {
    **TEN_CHALLENGES,
    "family": "uk-network-ten-challenges",
    "name": "The Ten Organisational Challenges (UK network wording)",
    "description": "The UK network's wording of the ten challenges, for team rounds at learning days.",
}


def _ready_to_close(notts: Organisation) -> int:
    """A team round on the network's framework, facilitated by the UK coordinator at a learning
    day, with every rating agreed: the facilitator can close it (and undo that)."""
    title = "Team self-assessment 2027"
    if AssessmentRound.objects.filter(organisation=notts, title=title).exists():
        return 0
    network = Network.objects.get(slug="uk")
    framework = services.framework_install(data=UK_WORDING, network=network)
    coordinator = User.objects.get(email="coordinator.uk@demo.recoverynet.example")
    round_ = services.round_start(
        actor=coordinator,
        organisation=notts,
        framework=framework,
        title=title,
        team_name="Early intervention team",
    )
    levels = list(framework.levels.all())
    for challenge in framework.challenges.all():
        for level, value in zip(levels, PROGRESS[2025][challenge.number], strict=True):
            services.consensus_set(
                actor=coordinator,
                round_=round_,
                challenge_id=challenge.pk,
                level_key=level.key,
                value=value,
            )
    # Listed after the open whole-organisation round, which stays the first on the rounds page.
    AssessmentRound.objects.filter(pk=round_.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return 1


def _plans() -> int:
    """A plan from Nottinghamshire's 2025 priorities (the plans app's demo adds NTW's plan from the
    carers learning set)."""
    from recoverynet.plans import selectors as plan_selectors
    from recoverynet.plans import services as plan_services
    from recoverynet.plans.models import ActionStatus

    from . import plan_links

    notts = Organisation.objects.get(slug="nottinghamshire-healthcare")
    lead = User.objects.get(email="lead.nottingham@demo.recoverynet.example")
    round_ = AssessmentRound.objects.filter(
        organisation=notts, title="Self-assessment 2025"
    ).first()
    if round_ is None or plan_selectors.plans_from_source(
        actor=lead, kind=plan_links.ROUND_SOURCE, source_id=str(round_.public_id)
    ):
        return 0
    plan = services.plan_from_priorities(actor=lead, round_=round_)
    first = plan.actions.order_by("id").first()
    if first:
        plan_services.action_update(
            actor=lead,
            action=first,
            status=ActionStatus.IN_PROGRESS,
            note="Service user panel now sits on the recovery board.",
        )
    return 1
