"""Finding and reading resources, always through the access filter."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates, replica
from recoverynet.core.errors import NotFound

from . import access, search_text
from .models import (
    SEARCH_CONFIG,
    ModerationStatus,
    Resource,
    ResourceFile,
    ResourceVersion,
    search_vector,
)


def search(
    *,
    actor: Actor,
    query: str = "",
    kind: str = "",
    tag: str = "",
    challenge: str = "",
    audience: str = "",
    network_slug: str = "",
) -> QuerySet[Resource]:
    """Newest first. Words are matched through one normalisation (variant spellings, synonyms,
    word forms, hyphens: `search_text`) against each resource's stored words, which include its
    files' text: PostgreSQL full-text search where available, a whole-word match on SQLite. A
    query of only common words ("the") matches everything."""
    # No DISTINCT: visible_q joins nothing that repeats a resource (a DISTINCT over every column
    # made PostgreSQL sort the whole match before taking a page, and count it the same way).
    qs = Resource.objects.filter(access.visible_q(actor)).select_related("network", "learning_set")
    if network_slug:
        qs = qs.filter(network__slug=network_slug)
    if kind:
        qs = qs.filter(kind=kind)
    if audience:
        qs = qs.filter(audience=audience)
    if tag:
        qs = qs.filter(tags__icontains=tag.strip())
    if challenge.isdecimal():
        qs = qs.filter(
            Q(challenge_numbers=challenge)
            | Q(challenge_numbers__startswith=f"{challenge},")
            | Q(challenge_numbers__endswith=f",{challenge}")
            | Q(challenge_numbers__contains=f",{challenge},")
        )
    order: list[Any] = ["-published_on", "-created_at"]
    query = query.strip()[:200]
    if query:
        terms = search_text.query_terms(query)
        qs = _matching(qs, terms)
        if terms and connection.vendor == "postgresql":
            # Sort what the GIN index finds. Asked for the date index's order, PostgreSQL walks
            # that index working out each resource's text vector until a page matches (35 ms for
            # a common word at 5,000 resources, far more for a word in a few old ones); `+ 0`
            # keeps the same order but is not the indexed expression (issue #17).
            order[0] = ExpressionWrapper(F("published_on") + 0, output_field=DateField()).desc()
    return replica.using_replica(qs.order_by(*order))


def _matching(qs: QuerySet[Resource], terms: list[list[list[str]]]) -> QuerySet[Resource]:
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # Stems are made in Python (search_text), so PostgreSQL's "simple" configuration only splits
        # the stored words: the same stems on both databases. The vector is the indexed expression
        # (models.search_vector, GIN index resource_search_idx), an alias: never selected.
        return qs.alias(search=search_vector()).filter(
            search=SearchQuery(search_text.tsquery(terms), search_type="raw", config=SEARCH_CONFIG)
        )
    for alternatives in terms:
        either = Q()
        for stems in alternatives:
            both = Q()
            for stem in stems:
                both &= Q(search_document__contains=f" {stem} ")
            either |= both
        qs = qs.filter(either)
    return qs


def resource_get(*, actor: Actor, public_id: Any) -> Resource:
    resource = (
        Resource.objects.filter(access.visible_q(actor), public_id=public_id)
        .select_related("network", "submitted_by", "learning_set")
        .prefetch_related("versions__files")
        .first()
    )
    if resource is None:
        raise NotFound("We could not find that resource.")
    return resource


def version_for_download(
    *, actor: Actor, public_id: Any, number: int | None = None
) -> ResourceVersion:
    resource = resource_get(actor=actor, public_id=public_id)
    versions = list(resource.versions.all())
    version = (
        versions[0] if number is None else next((v for v in versions if v.number == number), None)
    )
    if version is None:
        raise NotFound("We could not find that version.")
    return version


def file_for_download(*, actor: Actor, public_id: Any, number: int, file_id: int) -> ResourceFile:
    """One file of one version, through the same access check as the resource itself. A file of
    another version or another resource is not found."""
    version = version_for_download(actor=actor, public_id=public_id, number=number)
    file = next((f for f in version.files.all() if f.pk == file_id), None)
    if file is None:
        raise NotFound("We could not find that file.")
    return file


def moderation_queue(*, actor: Actor) -> QuerySet[Resource]:
    from recoverynet.network import access as network_access

    team = network_access.roles(actor).team_network_ids
    qs = Resource.objects.filter(status=ModerationStatus.PENDING).select_related(
        "network", "submitted_by"
    )
    if not network_access.is_admin(actor):
        qs = qs.filter(network_id__in=team)
    return qs.order_by("created_at")


def challenge_titles(resource: Resource) -> list[str]:
    """The resource's related challenges by number and title, e.g. "2. Delivering …"."""
    from recoverynet.challenges import selectors as challenge_selectors

    numbers = [int(n) for n in resource.challenge_numbers.split(",") if n.strip().isdecimal()]
    titles = challenge_selectors.ten_challenge_titles() if numbers else {}
    return [f"{n}. {titles[n]}" if n in titles else f"Challenge {n}" for n in numbers]


def download_band(resource: Resource) -> aggregates.Band:
    """How often a resource was downloaded, as others see it: a band, suppressed below the people
    threshold, so a count ticking up by one cannot show who opened it (decision 0009)."""
    return aggregates.band(resource.download_count, minimum=aggregates.people_minimum())
