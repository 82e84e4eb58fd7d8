"""generate_scale for the Recovery College Learning Network, in small numbers (see scale.py): the
RECOLLECT licence and wording per network, fidelity reviews (one a year for most colleges, with
ratings in the three versions and agreed ratings; at most one open per college) and the network's
distribution snapshot, external peer reviews at every stage (teams from other colleges of the
network), mentoring pairs within the mentors' capacity, and learning days hosted by colleges."""

from __future__ import annotations

import datetime
from collections.abc import Sized
from statistics import median

from django.apps import apps

from recoverynet.core.scale import ScaleContext, insert
from recoverynet.network.models import Network

from . import fidelity as structure
from .models import CollegeStage
from .models.network import (
    FidelityAgreement,
    FidelityLicence,
    FidelityRating,
    FidelityResponse,
    FidelityReview,
    FidelityStatus,
    FidelityWording,
    FindingKind,
    GoalStatus,
    LearningDay,
    MentorCapacity,
    MentoringCheckIn,
    MentoringGoal,
    MentoringPair,
    PeerFinding,
    PeerReview,
    PeerReviewer,
    PeerReviewStatus,
    ReviewerRole,
    SelfReviewEntry,
    SelfReviewRating,
    VisitSlot,
)
from .scale_parts import CollegePlan
from .services.fidelity_snapshots import distribution_snapshot_take

# Events are another domain app: read through the app registry, its values as stored.
Event = apps.get_model("events", "Event")
NETWORK_DAY = "network_day"

THEMES = ("The student journey", "Co-production", "Peer trainers", "Measuring what matters")
STAGES = (
    PeerReviewStatus.SELF_REVIEW,
    PeerReviewStatus.VISIT,
    PeerReviewStatus.REPORT,
    PeerReviewStatus.RESPONDED,
    PeerReviewStatus.CLOSED,
    PeerReviewStatus.CLOSED,
)


def learning_network(
    ctx: ScaleContext, plans: list[CollegePlan], networks: dict[int, Network]
) -> None:
    team = dict(zip(ctx.ids["network.networks"], ctx.ids["network.team"], strict=False))
    _wording(ctx, networks, team)
    _fidelity(ctx, plans)
    for network in networks.values():
        distribution_snapshot_take(actor=None, network=network)
    _peer_reviews(ctx, plans, team)
    _mentoring(ctx, plans)
    _learning_days(ctx, plans)


def _count(ctx: ScaleContext, label: str, rows: Sized) -> None:
    ctx.counts[label] = ctx.counts.get(label, 0) + len(rows)


def _day(ctx: ScaleContext, days_ago: int) -> datetime.datetime:
    return ctx.anchor - datetime.timedelta(days=days_ago, hours=ctx.rng.randint(0, 8))


def _wording(ctx: ScaleContext, networks: dict[int, Network], team: dict[int, int]) -> None:
    """Each network confirmed its licence and loaded (placeholder) wording for every item."""
    for pk in networks:
        FidelityLicence.objects.create(
            network_id=pk,
            licence_holder="The network (scale data)",
            terms_confirmed_at=_day(ctx, 700),
            confirmed_by_id=team[pk],
        )
    rows = [
        FidelityWording(
            network_id=pk,
            component=c.key,
            version=v,
            text=f"How far is “{c.name}” part of the college? (wording for the {v} version)",
        )
        for pk in networks
        for c in structure.COMPONENTS
        for v in structure.versions_for_component(c)
    ]
    _count(ctx, "fidelity wording", insert(ctx, FidelityWording, rows))


def _fidelity(ctx: ScaleContext, plans: list[CollegePlan]) -> None:
    """A review a year ago (most colleges, closed) and this year (most closed, some open)."""
    reviews: list[FidelityReview] = []
    owners: list[tuple[CollegePlan, int]] = []  # (college, quality 0-2)
    for plan in plans:
        quality = ctx.rng.choice((0, 1, 1, 2, 2))
        for year, closed_share, open_share in ((1, 0.8, 0.0), (0, 0.6, 0.15)):
            roll = ctx.rng.random()
            if roll >= closed_share + open_share:
                continue
            closed = roll < closed_share
            reviews.append(
                FidelityReview(
                    public_id=ctx.uuid(),
                    college_id=plan.pk,
                    network_id=plan.network,
                    title=f"RECOLLECT review {ctx.anchor.year - year}",
                    status=FidelityStatus.CLOSED if closed else FidelityStatus.OPEN,
                    started_by_id=plan.manager,
                    closed_at=_day(ctx, 365 * year + ctx.rng.randint(20, 90)) if closed else None,
                )
            )
            owners.append((plan, quality))
    insert(ctx, FidelityReview, reviews)
    responses: list[FidelityResponse] = []
    for review, (plan, _) in zip(reviews, owners, strict=True):
        raters = [(plan.manager, structure.MANAGER), (plan.peers[0], structure.PEER_TRAINER)]
        raters += [(u, structure.STUDENT) for u in plan.student_users]
        if review.status == FidelityStatus.OPEN:
            raters = raters[:2]
        responses += [
            FidelityResponse(review_id=review.pk, rater_id=u, version=v) for u, v in raters
        ]
    insert(ctx, FidelityResponse, responses)
    quality_of = {r.pk: q for r, (_, q) in zip(reviews, owners, strict=True)}
    ratings: list[FidelityRating] = []
    scores: dict[tuple[int, str], list[int]] = {}
    for response in responses:
        for c in structure.COMPONENTS:
            if response.version not in structure.versions_for_component(c):
                continue
            if c.scored:
                score = max(
                    0, min(2, quality_of[response.review_id] + ctx.rng.choice((-1, 0, 0, 1)))
                )
                scores.setdefault((response.review_id, c.key), []).append(score)
                ratings.append(
                    FidelityRating(response_id=response.pk, component=c.key, score=score)
                )
            else:
                ratings.append(
                    FidelityRating(
                        response_id=response.pk, component=c.key, type=ctx.rng.choice((1, 2))
                    )
                )
    insert(ctx, FidelityRating, ratings)
    agreements = [
        FidelityAgreement(
            review_id=review.pk,
            component=c.key,
            score=round(median(scores[(review.pk, c.key)])) if c.scored else None,
            type=None if c.scored else ctx.rng.choice((1, 2)),
            rationale="Agreed at the review meeting.",
            agreed_by_id=plan.manager,
        )
        for review, (plan, _) in zip(reviews, owners, strict=True)
        if review.status == FidelityStatus.CLOSED
        for c in structure.COMPONENTS
    ]
    insert(ctx, FidelityAgreement, agreements)
    for label, rows in (
        ("fidelity reviews", reviews),
        ("fidelity responses", responses),
        ("fidelity ratings", ratings),
        ("fidelity agreements", agreements),
    ):
        _count(ctx, label, rows)


def _peer_reviews(ctx: ScaleContext, plans: list[CollegePlan], team: dict[int, int]) -> None:
    """Peer reviews of about one college in four, at every stage, each with a team of three from
    two other colleges of its network (nobody from the reviewed college's organisation)."""
    reviews: list[PeerReview] = []
    teams: list[list[tuple[int, int, ReviewerRole]]] = []
    for plan in ctx.rng.sample(plans, min(len(plans), ctx.n(60))):
        others = [
            p for p in plans if p.network == plan.network and p.organisation != plan.organisation
        ]
        if not others:
            continue
        home, second = ctx.rng.choice(others), ctx.rng.choice(others)
        members = [
            (home.manager, home.pk, ReviewerRole.LEAD),
            (home.peers[0], home.pk, ReviewerRole.PEER),
            (second.peers[-1], second.pk, ReviewerRole.LIVED_EXPERIENCE),
        ]
        staff_orgs = {**home.staff_orgs, **second.staff_orgs}
        members = [m for m in members if staff_orgs.get(m[0]) != plan.organisation]
        members = [m for k, m in enumerate(members) if m[0] not in {x[0] for x in members[:k]}]
        if not members:
            continue
        status = ctx.rng.choice(STAGES)
        stage = STAGES.index(status)
        started = ctx.rng.randint(120, 400)
        reviews.append(
            PeerReview(
                public_id=ctx.uuid(),
                network_id=plan.network,
                college_id=plan.pk,
                status=status,
                created_by_id=team[plan.network],
                self_review_submitted_at=_day(ctx, started - 30) if stage >= 1 else None,
                visit_on=(ctx.anchor + datetime.timedelta(days=ctx.rng.randint(10, 40))).date()
                if stage == 1
                else (_day(ctx, started - 60).date() if stage >= 2 else None),
                report_summary="The college is warm, welcoming and genuinely co-produced."
                if stage >= 2
                else "",
                report_published_at=_day(ctx, started - 90) if stage >= 2 else None,
                response="Thank you: we accept the recommendations and have a plan."
                if stage >= 3
                else "",
                responded_at=_day(ctx, started - 100) if stage >= 3 else None,
            )
        )
        teams.append(members)
    insert(ctx, PeerReview, reviews)
    entries, reviewers, slots, findings = [], [], [], []
    for review, members in zip(reviews, teams, strict=True):
        stage = STAGES.index(PeerReviewStatus(review.status))
        areas = structure.COMPONENTS if stage >= 1 else structure.COMPONENTS[:6]
        entries += [
            SelfReviewEntry(
                review_id=review.pk,
                area=c.key,
                rating=ctx.rng.choice(list(SelfReviewRating)),
                commentary=f"How {c.name.lower()} shows in our courses.",
            )
            for c in areas
        ]
        reviewers += [
            PeerReviewer(
                review_id=review.pk,
                user_id=user,
                home_college_id=home,
                role=role,
                confidentiality_agreed_at=review.self_review_submitted_at if stage >= 1 else None,
            )
            for user, home, role in members
        ]
        if stage >= 1:
            slots += [
                VisitSlot(
                    review_id=review.pk,
                    starts_at=datetime.time(9 + 2 * k),
                    ends_at=datetime.time(10 + 2 * k),
                    activity=activity,
                )
                for k, activity in enumerate(("Welcome", "Students", "Trainers", "Feedback"))
            ]
        kinds = [FindingKind.PRELIMINARY] if stage >= 1 else []
        kinds += [FindingKind.STRENGTH, FindingKind.RECOMMENDATION] if stage >= 2 else []
        findings += [
            PeerFinding(
                review_id=review.pk,
                kind=kind,
                text=f"{kind.label}: seen on the day.",
                written_by_id=members[0][0],
            )
            for kind in kinds
        ]
    insert(ctx, SelfReviewEntry, entries)
    insert(ctx, PeerReviewer, reviewers)
    insert(ctx, VisitSlot, slots)
    insert(ctx, PeerFinding, findings)
    _count(ctx, "peer reviews", reviews)
    _count(ctx, "peer review rows", entries + reviewers + slots + findings)


def _mentoring(ctx: ScaleContext, plans: list[CollegePlan]) -> None:
    """Each college starting up is mentored by an established one of its network with room (about
    a third of the established colleges offer to mentor two at once)."""
    established = [p for p in plans if p.stage == CollegeStage.ESTABLISHED]
    capacity = {p.pk: 2 for p in established if ctx.rng.random() < 0.3}
    pairs: list[MentoringPair] = []
    managers: list[int] = []
    for mentee in (p for p in plans if p.stage != CollegeStage.ESTABLISHED):
        room = [m for m in established if m.network == mentee.network and capacity.get(m.pk, 0)]
        if not room:  # one more established college offers to mentor
            room = [m for m in established if m.network == mentee.network and m.pk not in capacity]
            if not room:
                continue
            capacity[room[0].pk] = 2
            room = room[:1]
        mentor = ctx.rng.choice(room)
        capacity[mentor.pk] -= 1
        started = (ctx.anchor - datetime.timedelta(days=ctx.rng.randint(40, 300))).date()
        pairs.append(
            MentoringPair(
                public_id=ctx.uuid(),
                network_id=mentee.network,
                mentor_id=mentor.pk,
                mentee_id=mentee.pk,
                started_on=started,
            )
        )
        managers.append(mentor.manager)
    offered = [p for p in established if p.pk in capacity]
    insert(ctx, MentorCapacity, [MentorCapacity(college_id=p.pk, capacity=2) for p in offered])
    insert(ctx, MentoringPair, pairs)
    goals, check_ins = [], []
    for pair, manager in zip(pairs, managers, strict=True):
        goals += [
            MentoringGoal(pair_id=pair.pk, text=text, status=status)
            for text, status in (
                ("Recruit and train our first peer trainers.", GoalStatus.ACHIEVED),
                ("Publish a first prospectus.", ctx.rng.choice(list(GoalStatus))),
                ("Set up a student advisory group.", GoalStatus.OPEN),
            )
        ]
        months = (ctx.anchor.date() - pair.started_on).days // 30
        check_ins += [
            MentoringCheckIn(
                pair_id=pair.pk,
                held_on=pair.started_on + datetime.timedelta(days=30 * (k + 1)),
                notes="Talked through progress on the goals and what comes next.",
                recorded_by_id=manager,
            )
            for k in range(min(months, 4))
        ]
    insert(ctx, MentoringGoal, goals)
    insert(ctx, MentoringCheckIn, check_ins)
    _count(ctx, "mentoring pairs", pairs)
    _count(ctx, "mentoring goals and check-ins", goals + check_ins)


def _learning_days(ctx: ScaleContext, plans: list[CollegePlan]) -> None:
    """Network days of each network linked to its colleges in turn (as many as there are)."""
    days: list[LearningDay] = []
    per_network = max(1, ctx.n(100) // 3)
    for network in dict.fromkeys(p.network for p in plans):
        hosts = [p for p in plans if p.network == network]
        events = Event.objects.filter(network_id=network, kind=NETWORK_DAY).order_by("pk")
        for k, event in enumerate(events.values_list("pk", flat=True)[:per_network]):
            days.append(
                LearningDay(
                    public_id=ctx.uuid(),
                    network_id=network,
                    event_id=event,
                    host_id=hosts[k % len(hosts)].pk,
                    theme=THEMES[k % len(THEMES)],
                )
            )
    _count(ctx, "learning days", insert(ctx, LearningDay, days))
