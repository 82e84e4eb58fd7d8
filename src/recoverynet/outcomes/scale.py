"""generate_scale for outcomes (see core/scale.py): the built-in instruments with placeholder
wording held by each network (as the demo loads it: clearly marked, not the licensed items),
2,000 collections over organisations' teams with a baseline, a follow-up at the end and sometimes
a later one, 100,000 participants with an invitation per timepoint, and about 150,000 responses
(most at baseline, about half followed up) with 1,000,000 answers, scored as the service scores
them (`scale_answers.py`). Then the daily job publishes every collection's and pool's figures, as
results are only ever shown from published snapshots (decision 0033).

The rules of the app hold in the data: answers name no one (pseudonyms, made in the order of first
answers, not of the list of people); the linkage key (made by `linkage.py`) is the only join; an invitation is `done`
exactly when its questionnaires are finished (its link then used up); links that were sent carry a
token digest and expiry, reminders at most the collection's maximum; a collection past its date
for forgetting who answered has no people, invitations or keys left, only its pseudonymous answers.

The busy collection (on the busy booker's organisation, the benchmark's recovery lead) asks 1,000
people SWEMWBS at baseline and at the end, most linked before and after; its team is the
organisation's people, the rest were added by e-mail without an account. Ids left:
"outcomes.collections", "outcomes.busy_collection".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recoverynet.accounts.models import User
from recoverynet.core.scale import Progress, ScaleContext, insert, register
from recoverynet.network.models import Network, Organisation
from recoverynet.network.scale import FAMILY, GIVEN, SCALE_DOMAIN

from . import services
from .instruments import BUILTIN_CODES, parse
from .models import Collection, InstrumentVersion, Timepoint, TimepointKind
from .scale_answers import Cohort, people_and_answers

BUSY_PARTICIPANTS = 1_000
CHUNK = 40  # collections per round of inserts
# The instruments a collection asks (codes), and how often: mostly SWEMWBS.
SETS = (
    (("swemwbs",), 78),
    (("wemwbs",), 6),
    (("qpr-15",), 6),
    (("qpr-15", "swemwbs"), 6),
    (("reqol-10", "swemwbs"), 4),
)
TITLES = (
    "Wellbeing check",
    "Recovery course: before and after",
    "Peer support team wellbeing",
    "Understanding recovery course",
    "Staff wellbeing programme",
    "Co-production training",
)


@dataclass
class Plan:
    """One collection to make: its organisation, instruments and timepoint dates."""

    organisation: int
    title: str
    codes: tuple[str, ...]
    dates: list[tuple[str, datetime.date, int]]  # (kind, due from, days to answer)
    retain_until: datetime.date
    busy: bool = False
    collection: Collection | None = None
    timepoints: list[Timepoint] = field(default_factory=list)


def generate(ctx: ScaleContext) -> None:
    today = ctx.anchor.date()
    if not InstrumentVersion.objects.filter(code__in=BUILTIN_CODES).exists():
        services.instruments_install_builtin()
    instruments = {
        i.code: i for i in InstrumentVersion.objects.filter(code__in=BUILTIN_CODES, version=1)
    }
    _wording(ctx, list(instruments.values()))
    users, user_orgs = ctx.ids["network.users"], ctx.ids["network.user_organisation"]
    teams: dict[int, list[int]] = {}
    for user, org in zip(users, user_orgs, strict=True):
        teams.setdefault(org, []).append(user)
    people = {
        pk: (name or email, email)
        for pk, name, email in User.objects.filter(pk__in=users).values_list(
            "pk", "full_name", "email"
        )
    }
    busy_user = (ctx.ids.get("events.busy_booker") or ctx.ids["network.leads"])[0]
    busy_org = user_orgs[users.index(busy_user)]
    count = ctx.n(2_000, minimum=3)
    plans = [_plan(ctx, busy_org, 0, today, busy=True)]
    plans += [_plan(ctx, ctx.pick("network.organisations"), i, today) for i in range(1, count)]
    definitions = {code: parse(i.definition) for code, i in instruments.items()}
    progress = Progress(ctx, "outcome collections", len(plans))
    for start in range(0, len(plans), CHUNK):
        chunk = plans[start : start + CHUNK]
        _collections(ctx, chunk, instruments, teams)
        cohorts = [
            Cohort(
                collection=p.collection,  # type: ignore[arg-type]
                timepoints=p.timepoints,
                instruments=[(instruments[c], definitions[c]) for c in p.codes],
                members=[people[u] + (u,) for u in teams.get(p.organisation, [])]
                + (
                    _extras(ctx, BUSY_PARTICIPANTS - len(teams.get(p.organisation, [])))
                    if p.busy
                    else []
                ),
                busy=p.busy,
            )
            for p in chunk
        ]
        people_and_answers(ctx, cohorts, today)
        progress.step(len(chunk))
    progress.close()
    ctx.counts["outcome snapshots"] = services.snapshots_publish()


def _wording(ctx: ScaleContext, instruments: list[InstrumentVersion]) -> None:
    """Placeholder wording held by each network, loaded by its first coordinator (the demo's way:
    marked as placeholder text, never the licensed items)."""
    networks = list(Network.objects.filter(pk__in=ctx.ids["network.networks"]).order_by("pk"))
    team = ctx.ids["network.team"]
    coordinators = {u.pk: u for u in User.objects.filter(pk__in=team)}
    for network in networks:
        index = ctx.ids["network.networks"].index(network.pk)
        actor = coordinators[team[index]]
        for instrument in instruments:
            definition = parse(instrument.definition)
            services.wording_load(
                actor=actor,
                instrument=instrument,
                network=network,
                licence_type="other",
                licence_reference="SCALE ONLY: placeholder text, no licence",
                licence_expires=None,
                licence_confirmed=True,
                items="\n".join(
                    f"[Placeholder question {i}: not the licensed wording]"
                    for i in range(1, definition.item_count + 1)
                ),
                labels="\n".join(
                    f"[Placeholder answer {i}]" for i in range(1, len(definition.values) + 1)
                ),
                introduction="Benchmark data: the real questionnaire's introduction would be here.",
                placeholder=True,
            )
    ctx.counts["outcome wordings"] = len(networks) * len(instruments)


def _plan(ctx: ScaleContext, org: int, i: int, today: datetime.date, *, busy: bool = False) -> Plan:
    rng = ctx.rng
    if busy:
        baseline = today - datetime.timedelta(days=200)
        codes: tuple[str, ...] = ("swemwbs",)
        within = 28
        end = baseline + datetime.timedelta(days=140)
        later: datetime.date | None = today + datetime.timedelta(days=100)
    else:
        baseline = today - datetime.timedelta(days=rng.randint(-30, 700))
        codes = rng.choices([s for s, _ in SETS], weights=[w for _, w in SETS])[0]
        within = rng.choice((14, 21, 28))
        end = baseline + datetime.timedelta(days=rng.randint(84, 168))
        later = end + datetime.timedelta(days=rng.randint(90, 180)) if rng.random() < 0.3 else None
    dates = [("baseline", baseline, within), ("end", end, within)]
    if later is not None:
        dates.append(("later", later, within))
    last_closes = dates[-1][1] + datetime.timedelta(days=within)
    # A few collections chose a short retention that has passed: forgotten (see the module text).
    keep = 30 if not busy and rng.random() < 0.04 else rng.randint(365, 1_095)
    return Plan(
        organisation=org,
        title=f"{'Understanding recovery course' if busy else rng.choice(TITLES)} ({i})",
        codes=codes,
        dates=dates,
        retain_until=last_closes + datetime.timedelta(days=keep),
        busy=busy,
    )


def _collections(
    ctx: ScaleContext,
    plans: list[Plan],
    instruments: dict[str, InstrumentVersion],
    teams: dict[int, list[int]],
) -> None:
    today = ctx.anchor.date()
    names = dict(
        Organisation.objects.filter(pk__in={p.organisation for p in plans}).values_list(
            "pk", "name"
        )
    )
    rows = []
    for plan in plans:
        forgotten = plan.retain_until < today
        rows.append(
            Collection(
                public_id=ctx.uuid(),
                organisation_id=plan.organisation,
                title=plan.title,
                source_kind="team",
                source_ref="team",
                source_label=f"Everyone in {names[plan.organisation]}'s team",
                retain_until=plan.retain_until,
                key_destroyed_at=datetime.datetime.combine(
                    plan.retain_until + datetime.timedelta(days=1),
                    datetime.time(3),
                    tzinfo=datetime.UTC,
                )
                if forgotten
                else None,
                created_by_id=teams[plan.organisation][0] if plan.organisation in teams else None,
            )
        )
    made = insert(ctx, Collection, rows)
    ctx.ids.setdefault("outcomes.collections", []).extend(c.pk for c in made)
    through = Collection.instruments.through
    insert(
        ctx,
        through,
        [
            through(collection_id=c.pk, instrumentversion_id=instruments[code].pk)
            for c, p in zip(made, plans, strict=True)
            for code in p.codes
        ],
    )
    timepoints = insert(
        ctx,
        Timepoint,
        [
            Timepoint(
                collection_id=c.pk,
                kind=TimepointKind(kind),
                position=n,
                due_from=due,
                within_days=within,
            )
            for c, p in zip(made, plans, strict=True)
            for n, (kind, due, within) in enumerate(p.dates, start=1)
        ],
    )
    by_collection: dict[int, list[Timepoint]] = {}
    for t in timepoints:
        by_collection.setdefault(t.collection_id, []).append(t)
    for collection, plan in zip(made, plans, strict=True):
        plan.collection = collection
        plan.timepoints = by_collection[collection.pk]
        if plan.busy:
            ctx.ids["outcomes.busy_collection"] = [collection.pk]
    ctx.counts["outcome timepoints"] = ctx.counts.get("outcome timepoints", 0) + len(timepoints)


def _extras(ctx: ScaleContext, count: int) -> list[tuple[str, str, int | None]]:
    """People added by e-mail, without an account (the busy collection's)."""
    return [
        (
            f"{ctx.rng.choice(GIVEN)} {ctx.rng.choice(FAMILY)}",
            f"participant{n}.{ctx.rng.getrandbits(32):08x}@{SCALE_DOMAIN}",
            None,
        )
        for n in range(max(0, count))
    ]


register("Outcome questionnaires", 90, generate)
