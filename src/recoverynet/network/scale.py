"""generate_scale for the foundation: 3 networks, 2,000 organisations with memberships, 100,000
people with their organisation roles and network participations (see core/scale.py).

Ids left for later generators: "network.networks"; "network.organisations" with
"network.organisation_network" (the network of each, same position); "network.users" with
"network.user_organisation"; "network.leads" (each organisation's recovery lead); "network.team"
(three coordinators per network: the i-th is in network i % 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from recoverynet.accounts.models import Perspective, User
from recoverynet.core.scale import ScaleContext, bulk, register

from .models import (
    Affiliation,
    AffiliationRole,
    JoinedVia,
    Membership,
    MembershipTier,
    Network,
    NetworkRole,
    NetworkRoleKind,
    Organisation,
    OrganisationKind,
    Participant,
    TaxRate,
)

SCALE_DOMAIN = "scale.recoverynet.example"
# Every generated person can sign in with this (benchmarks only; one hash for 100,000 people).
SCALE_PASSWORD = "scale-benchmark-2026"

NETWORKS = [
    (
        "uk",
        "Recovery Network UK",
        "GBP",
        "VAT",
        Decimal("0.2000"),
        "Europe/London",
        "United Kingdom",
    ),
    (
        "ari",
        "Advancing Recovery in Ireland",
        "EUR",
        "VAT",
        Decimal("0.2300"),
        "Europe/Dublin",
        "Ireland",
    ),
    (
        "imroc-au",
        "Australasia network",
        "AUD",
        "GST",
        Decimal("0.1000"),
        "Australia/Sydney",
        "Australia",
    ),
]
# The UK network is the largest; the shares of organisations and people per network.
NETWORK_WEIGHTS = (0.7, 0.15, 0.15)
PLACES = (
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Coastal",
    "Valley",
    "City",
    "County",
    "Shire",
)
ORG_WORDS = (
    "Health",
    "Care",
    "Wellbeing",
    "Mind",
    "Community",
    "Partnership",
    "Recovery",
    "Support",
)
GIVEN = (
    "Sam",
    "Alex",
    "Priya",
    "Tom",
    "Aisling",
    "Mei",
    "Kofi",
    "Rhian",
    "Jo",
    "Dev",
    "Niamh",
    "Ana",
)
FAMILY = (
    "Patel",
    "Murphy",
    "Jones",
    "Nguyen",
    "Okafor",
    "Smith",
    "Kelly",
    "Evans",
    "Singh",
    "Brown",
)
PERSPECTIVES = [p.value for p in Perspective] + ["", "", ""]


def generate(ctx: ScaleContext) -> None:
    today = ctx.anchor.date()
    network_ids = _networks(ctx, today)
    org_count, people = ctx.n(2_000, minimum=3), ctx.n(100_000, minimum=10)
    org_networks = [network_ids[_weighted(ctx, NETWORK_WEIGHTS)] for _ in range(org_count)]
    bulk(
        ctx,
        "organisations",
        Organisation,
        _organisations(ctx, org_networks),
        org_count,
        keep_ids="network.organisations",
    )
    orgs = ctx.ids["network.organisations"]
    ctx.ids["network.organisation_network"] = org_networks
    tiers = {
        network_id: list(
            MembershipTier.objects.filter(network_id=network_id).values_list("pk", flat=True)
        )
        for network_id in network_ids
    }
    bulk(
        ctx,
        "memberships",
        Membership,
        _memberships(ctx, orgs, org_networks, tiers, today),
        len(orgs),
    )
    password = make_password(SCALE_PASSWORD)
    user_orgs = [ctx.rng.randrange(len(orgs)) for _ in range(people)]
    bulk(ctx, "people", User, _people(ctx, people, password), people, keep_ids="network.users")
    users = ctx.ids["network.users"]
    ctx.ids["network.user_organisation"] = [orgs[i] for i in user_orgs]
    leads: list[int] = []
    bulk(ctx, "affiliations", Affiliation, _affiliations(users, user_orgs, orgs, leads), people)
    ctx.ids["network.leads"] = leads
    bulk(
        ctx,
        "participations",
        Participant,
        (
            Participant(user_id=u, network_id=org_networks[o], joined_via=JoinedVia.INVITATION)
            for u, o in zip(users, user_orgs, strict=True)
        ),
        people,
    )
    team = users[: 3 * len(network_ids)]
    ctx.ids["network.team"] = team
    bulk(
        ctx,
        "network team roles",
        NetworkRole,
        (
            NetworkRole(
                user_id=u,
                network_id=network_ids[i % len(network_ids)],
                role=NetworkRoleKind.COORDINATOR,
            )
            for i, u in enumerate(team)
        ),
        len(team),
    )


def _weighted(ctx: ScaleContext, weights: tuple[float, ...]) -> int:
    return ctx.rng.choices(range(len(weights)), weights=weights)[0]


def _networks(ctx: ScaleContext, today: datetime.date) -> list[int]:
    ids = []
    for slug, name, currency, tax, rate, tz, country in NETWORKS:
        network = Network.objects.create(
            slug=slug,
            name=name,
            short_name=name.split()[0],
            currency=currency,
            tax_name=tax,
            time_zone=tz,
            self_registration=True,
            contact_email=f"{slug}@{SCALE_DOMAIN}",
            description=f"The {name} ({country}), generated for benchmarks.",
            supplier_name=f"{name} (scale) Ltd",
            supplier_address=f"1 Example Street\n{country}",
            tax_number="000 0000 00",
            payment_instructions="Bank transfer, quoting the number.",
        )
        TaxRate.objects.create(
            network=network, rate=rate, valid_from=today.replace(year=today.year - 5)
        )
        MembershipTier.objects.create(
            network=network,
            name="Member site",
            slug="member-site",
            annual_fee=Decimal("1500.00"),
            order=0,
        )
        MembershipTier.objects.create(
            network=network, name="Associate", slug="associate", member_rates=False, order=1
        )
        ids.append(network.pk)
    ctx.ids["network.networks"] = ids
    ctx.counts["networks"] = len(ids)
    return ids


def _organisations(ctx: ScaleContext, org_networks: list[int]) -> Iterator[Organisation]:
    kinds = [k.value for k in OrganisationKind]
    for i, _network in enumerate(org_networks):
        name = (
            f"{ctx.rng.choice(PLACES)} {ctx.rng.choice(ORG_WORDS)} {ctx.rng.choice(ORG_WORDS)} {i}"
        )
        yield Organisation(
            name=name,
            slug=f"scale-org-{i}",
            kind=ctx.rng.choice(kinds),
            country="",
            description=f"{name} works with people who use its services to support recovery.",
        )


def _memberships(
    ctx: ScaleContext,
    orgs: list[int],
    org_networks: list[int],
    tiers: dict[int, list[int]],
    today: datetime.date,
) -> Iterator[Membership]:
    for org, network in zip(orgs, org_networks, strict=True):
        # Most organisations are current members; some are associates.
        tier = tiers[network][0 if ctx.rng.random() < 0.8 else 1]
        since = today - datetime.timedelta(days=ctx.rng.randint(30, 3_000))
        yield Membership(organisation_id=org, network_id=network, tier_id=tier, valid_from=since)


def _people(ctx: ScaleContext, count: int, password: str) -> Iterator[User]:
    for i in range(count):
        yield User(
            email=f"person{i}@{SCALE_DOMAIN}",
            full_name=f"{ctx.rng.choice(GIVEN)} {ctx.rng.choice(FAMILY)}",
            perspective=ctx.rng.choice(PERSPECTIVES),
            password=password,
            is_active=True,
        )


def _affiliations(
    users: list[int], user_orgs: list[int], orgs: list[int], leads: list[int]
) -> Iterator[Affiliation]:
    seen_orgs: set[int] = set()
    roles = [AffiliationRole.STAFF, AffiliationRole.PEER_WORKER, AffiliationRole.VOLUNTEER]
    for position, (user, org_index) in enumerate(zip(users, user_orgs, strict=True)):
        # The first person of each organisation is its recovery lead.
        if org_index not in seen_orgs:
            seen_orgs.add(org_index)
            role = AffiliationRole.RECOVERY_LEAD
            leads.append(user)
        else:
            role = roles[position % len(roles)]
        yield Affiliation(user_id=user, organisation_id=orgs[org_index], role=role)


register("Networks, organisations and people", 10, generate)
