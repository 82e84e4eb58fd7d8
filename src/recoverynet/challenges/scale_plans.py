"""generate_scale for action plans (see core/scale.py), here in challenges because the plans start
from its rounds (plans names no domain app, decision 0024): a plan for most closed self-assessment
rounds (about 7,000 at factor 1.0), as `challenges.services.plan_from_priorities` starts them: the
round as the plan's source, one action to shape per priority (the round's top three, or three
cells of its framework when the round has none recorded), then about seven more actions the group
added (an owner in the organisation or a role, a due date, a status), about 50,000 dated progress
notes as `action_update` writes them, and a review for half the plans. (A review may name a
learning-set day the organisation attended; the events generator makes no learning sets, so these
name no occasion.)

One shape for the page benchmark: the first closed round's plan has 60 actions. Ids left:
"plans.plans" (every plan made here, oldest round first) and "plans.busy_plan".

`plans` names no domain app: the rounds are read by model label, the topics through the
`plans.topics` registry (as the services do).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.urls import reverse

from recoverynet.core.scale import BATCH, Progress, ScaleContext, insert, own_timestamps, register
from recoverynet.network.models import Affiliation, AffiliationRole, NetworkRole, NetworkRoleKind
from recoverynet.plans import topics
from recoverynet.plans.access import PLAN_ROLES
from recoverynet.plans.models import Action, ActionNote, ActionPlan, ActionStatus, PlanReview

ROUND_SOURCE = "assessment_round"  # challenges.plan_links.ROUND_SOURCE
BUSY_PLAN_ACTIONS = 60
PLANNED_SHARE = 0.95  # of closed rounds that go on to a plan
REVIEWED_SHARE = 0.5
DAY = datetime.timedelta(days=1)
WHAT = (
    "Co-produce the {topic} training with people who use services",
    "Set up a peer support drop-in on every ward",
    "Invite carers to the next service review",
    "Write recovery-focused job descriptions with peer workers",
    "Review the restrictive practice figures with the lived experience panel",
    "Ask students of the Recovery College what should change",
    "Share the self-assessment results at the staff briefing",
    "Pair each team with a peer worker for the year",
    "Add a recovery question to supervision",
    "Publish the co-production charter on the website",
)
ROLES = ("Peer support lead", "Ward managers", "Recovery College manager", "Carers' lead", "HR")
NOTES = (
    "Talked it through at the team meeting; people are keen.",
    "Waiting for the budget to be agreed.",
    "Two wards have started; the others follow next month.",
    "The lived experience panel has read it and suggested changes.",
    "Moved on after the learning day.",
)


class People:
    """Who works on an organisation's plans: its recovery lead, staff and peer workers, else the
    coordinators of its network."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.editors: dict[int, list[int]] = {}
        self.leads: dict[int, int] = {}
        rows = Affiliation.objects.filter(role__in=PLAN_ROLES).order_by("pk")
        for org, user, role in rows.values_list("organisation_id", "user_id", "role").iterator():
            self.editors.setdefault(org, []).append(user)
            if role == AffiliationRole.RECOVERY_LEAD:
                self.leads.setdefault(org, user)
        team: dict[int, list[int]] = {}
        for network, user in (
            NetworkRole.objects.filter(role=NetworkRoleKind.COORDINATOR)
            .order_by("pk")
            .values_list("network_id", "user_id")
        ):
            team.setdefault(network, []).append(user)
        self.team = {
            org: team.get(network, [])
            for org, network in zip(
                ctx.ids["network.organisations"],
                ctx.ids["network.organisation_network"],
                strict=True,
            )
        }

    def lead(self, org: int) -> int:
        return self.leads.get(org) or self.editors.get(org, self.team[org])[0]

    def someone(self, ctx: ScaleContext, org: int) -> int:
        return ctx.rng.choice(self.editors.get(org) or self.team[org])


def generate(ctx: ScaleContext) -> None:
    Round: Any = apps.get_model("challenges", "AssessmentRound")
    Priority: Any = apps.get_model("challenges", "Priority")
    round_ids = ctx.ids["challenges.rounds"]
    people = People(ctx)
    cells: dict[int, list[topics.Topic]] = {}
    plan_ids: list[int] = ctx.ids.setdefault("plans.plans", [])
    progress = Progress(ctx, "action plans", round(len(round_ids) * 0.7 * PLANNED_SHARE))
    counts = {"plan actions": 0, "action notes": 0, "plan reviews": 0}
    with own_timestamps(ActionPlan, Action, ActionNote, PlanReview):
        for start in range(0, len(round_ids), BATCH // 10):
            chunk = round_ids[start : start + BATCH // 10]
            rounds = list(
                Round.objects.filter(pk__in=chunk, status="closed")
                .order_by("pk")
                .values_list("pk", "public_id", "title", "organisation_id", "framework_id")
            )
            chosen: dict[int, list[tuple[str, str]]] = {}
            for round_id, challenge, level in (
                Priority.objects.filter(round_id__in=[r[0] for r in rounds])
                .order_by("round_id", "rank")
                .values_list("round_id", "challenge_id", "level__key")
            ):
                chosen.setdefault(round_id, []).append((f"challenge:{challenge}", level))
            drafts: list[Draft] = []
            for pk, public_id, title, org, framework in rounds:
                busy = not plan_ids and not drafts
                if not busy and ctx.rng.random() > PLANNED_SHARE:
                    continue
                if framework not in cells:
                    cells[framework] = [
                        t
                        for t in topics.topics_for(ROUND_SOURCE, str(public_id))
                        if "/level:" in t.ref
                    ]
                drafts.append(
                    _draft(
                        ctx,
                        people,
                        Round._meta.app_label,
                        pk,
                        public_id,
                        title,
                        org,
                        cells[framework],
                        chosen,
                        busy,
                    )
                )
            made = insert(ctx, ActionPlan, [plan for plan, *_ in drafts])
            plan_ids.extend(p.pk for p in made)
            if made and "plans.busy_plan" not in ctx.ids:
                ctx.ids["plans.busy_plan"] = [made[0].pk]
            _children(ctx, people, drafts, counts)
            progress.step(len(made))
    progress.close()
    for label, count in counts.items():
        ctx.counts[label] = ctx.counts.get(label, 0) + count


Draft = tuple[ActionPlan, list[Action], int]


def _draft(
    ctx: ScaleContext,
    people: People,
    app_label: str,
    round_pk: int,
    public_id: Any,
    title: str,
    org: int,
    cells: list[topics.Topic],
    chosen: dict[int, list[tuple[str, str]]],
    busy: bool,
) -> Draft:
    """A plan (not yet inserted), its actions (no plan id yet) and how many there are."""
    made_at = ctx.moment(days_before=700, days_after=0)
    plan = ActionPlan(
        public_id=ctx.uuid(),
        organisation_id=org,
        title=f"Action plan: {title}"[:200],
        source_kind=ROUND_SOURCE,
        source_id=str(public_id),
        source_label=title[:300],
        # challenges.plan_links.round_source: its round's priorities page.
        source_url=reverse(f"{app_label}:round-priorities", args=[public_id]),
        created_by_id=people.lead(org),
        created_at=made_at,
        updated_at=made_at,
    )
    by_ref = {t.ref: t for t in cells}
    refs = [f"{c}/level:{lv}" for c, lv in chosen.get(round_pk, [])]
    priorities = [by_ref[r] for r in refs if r in by_ref] or ctx.rng.sample(
        cells, min(3, len(cells))
    )
    actions = [_action(ctx, people, org, made_at, topic=t, drafted=True) for t in priorities]
    extra = BUSY_PLAN_ACTIONS - len(actions) if busy else ctx.rng.randint(3, 11)
    actions += [
        _action(
            ctx,
            people,
            org,
            made_at,
            topic=ctx.rng.choice(cells) if cells and ctx.rng.random() < 0.6 else None,
            drafted=False,
        )
        for _ in range(extra)
    ]
    return plan, actions, len(actions)


def _action(
    ctx: ScaleContext,
    people: People,
    org: int,
    made_at: datetime.datetime,
    *,
    topic: topics.Topic | None,
    drafted: bool,
) -> Action:
    """One action: a priority's draft ("Agree actions for: …", later given an owner and a date by
    the group) or one the group added; its status follows how long the plan has run."""
    age = (ctx.anchor - made_at).days
    due = (made_at + DAY * ctx.rng.randint(30, 365)).date()
    owner = (
        ctx.rng.choice(people.editors[org])
        if people.editors.get(org) and ctx.rng.random() < 0.6
        else None
    )
    roll = ctx.rng.random() * min(1.0, age / 365 + 0.1)
    status = (
        ActionStatus.DONE
        if roll > 0.55
        else ActionStatus.DROPPED
        if roll > 0.5
        else ActionStatus.IN_PROGRESS
        if roll > 0.2
        else ActionStatus.NOT_STARTED
    )
    what = ctx.rng.choice(WHAT).format(topic="recovery")
    if drafted and topic is not None:
        what = f"Agree actions for: {topic.label}"
    open_overdue = (
        status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS) and due < ctx.anchor.date()
    )
    return Action(
        what=what[:500],
        topic=topic.ref if topic else "",
        topic_label=topic.label[:400] if topic else "",
        owner_id=owner,
        owner_role="" if owner else ctx.rng.choice(ROLES),
        due=due,
        status=status,
        dropped_reason="Overtaken by the new strategy." if status == ActionStatus.DROPPED else "",
        reminded_at=ctx.anchor - DAY * ctx.rng.randint(0, 6) if open_overdue and owner else None,
        created_at=made_at,
        updated_at=made_at,
    )


def _children(
    ctx: ScaleContext,
    people: People,
    drafts: list[Draft],
    counts: dict[str, int],
) -> None:
    """The chunk's actions, then their notes, then the plans' reviews."""
    actions: list[Action] = []
    for plan, plan_actions, _n in drafts:
        for action in plan_actions:
            action.plan_id = plan.pk
            actions.append(action)
    made = insert(ctx, Action, actions)
    counts["plan actions"] += len(made)
    notes = [
        note
        for plan, plan_actions, _n in drafts
        for action in plan_actions
        for note in _notes(ctx, people, plan, action)
    ]
    for offset in range(0, len(notes), BATCH):
        insert(ctx, ActionNote, notes[offset : offset + BATCH])
    counts["action notes"] += len(notes)
    reviews = [
        _review(ctx, people, plan)
        for plan, _a, _n in drafts
        if (ctx.anchor - plan.created_at).days > 90 and ctx.rng.random() < REVIEWED_SHARE / 0.88
    ]
    counts["plan reviews"] += len(insert(ctx, PlanReview, reviews))


def _between(
    ctx: ScaleContext, first: datetime.datetime, last: datetime.datetime
) -> datetime.datetime:
    span = max(0, int((last - first).total_seconds() // 900))
    return first + datetime.timedelta(minutes=15 * ctx.rng.randint(0, span))


def _notes(
    ctx: ScaleContext, people: People, plan: ActionPlan, action: Action
) -> Iterator[ActionNote]:
    """What `action_update` writes: a note with the status change each time it moved on, and now
    and then a note on how it is going."""
    org = plan.organisation_id
    author = action.owner_id or people.someone(ctx, org)
    moments = sorted(_between(ctx, plan.created_at, ctx.anchor) for _ in range(3))
    steps: list[tuple[str, str]] = []
    if action.status == ActionStatus.IN_PROGRESS:
        steps = [("not_started → in_progress", ctx.rng.choice(NOTES))]
    elif action.status == ActionStatus.DONE and ctx.rng.random() < 0.3:
        steps = [
            ("not_started → in_progress", ctx.rng.choice(NOTES)),
            ("in_progress → done", "Done."),
        ]
    elif action.status == ActionStatus.DONE:
        steps = [("not_started → done", "Done.")]
    elif action.status == ActionStatus.DROPPED:
        steps = [("not_started → dropped", action.dropped_reason)]
    if ctx.rng.random() < 0.06:
        steps.append(("", ctx.rng.choice(NOTES)))
    for (change, text), at in zip(steps, moments, strict=False):
        yield ActionNote(
            action_id=action.pk,
            author_id=author,
            text=text,
            status_change=change,
            created_at=at,
            updated_at=at,
        )


def _review(ctx: ScaleContext, people: People, plan: ActionPlan) -> PlanReview:
    """A review by the organisation's lead, a couple of months or more after the plan was made."""
    org = plan.organisation_id
    at = _between(ctx, plan.created_at + DAY * 60, ctx.anchor)
    return PlanReview(
        plan_id=plan.pk,
        reviewed_by_id=people.lead(org),
        progress="Most actions are under way; the peer support drop-in has started on two wards.",
        reset_goals="Bring the carers' lead into the next round of actions.",
        created_at=at,
        updated_at=at,
    )


register("Action plans", 35, generate)
