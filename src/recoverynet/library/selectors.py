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
    SEARCH_INDEX,
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
    for_count: bool = False,
) -> QuerySet[Resource]:
    """Newest first. Words are matched through one normalisation (variant spellings, synonyms,
    word forms, hyphens: `search_text`) against each resource's stored words, which include its
    files' text, in web-search syntax ("a phrase", -word, `or`): PostgreSQL full-text search
    through the GIN index, or for words in many resources (and on SQLite) a whole-word text match
    while walking the date index. A query of only common words ("the") matches everything.
    `for_count`: the same resources unordered, matched the cheapest way to count them."""
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
    asked = search_text.parse(query) if query else search_text.Query()
    share = _share(asked) if asked.required and connection.vendor == "postgresql" else 1.0
    if share < COMMON_SHARE or (for_count and share < COUNT_BY_INDEX_SHARE):
        qs = _full_text(qs, asked)
        # Sort what the GIN index finds. Asked for the date index's order, PostgreSQL walks that
        # index working out each resource's text vector until a page matches (35 ms for a common
        # word at 5,000 resources, far more for a word in a few old ones); `+ 0` keeps the same
        # order but is not the indexed expression (issue #17).
        order[0] = ExpressionWrapper(F("published_on") + 0, output_field=DateField()).desc()
    elif asked:
        # SQLite; and on PostgreSQL words in many resources (or only excluded words): newest first
        # through the date index, each resource's stored words matched as text until a page is
        # found, instead of reading every match to sort it (decision 0047).
        qs = _words_in_text(qs, asked)
    if for_count:
        return replica.using_replica(qs.select_related(None).order_by())
    return replica.using_replica(qs.order_by(*order))


def search_results(**filters: Any) -> Counted:
    """`search` for a paginated list: with words, counted up to COUNT_CAP, each way the cheapest
    for how common the words are."""
    found = search(**filters)
    if not search_text.parse(str(filters.get("query", ""))[:200]):
        return Counted(found, found, cap=None)
    return Counted(found, search(**filters, for_count=True), cap=COUNT_CAP)


# PostgreSQL: how a search with words is run, by the share of resources its rarest required word
# is in (from the index's statistics). At COMMON_SHARE or more, a page walks the date index
# matching each resource's stored words as text (about 20 / share rows read for a page) and the
# count stops at COUNT_CAP matches; below, the GIN index finds every match and they are sorted.
# (Matched through the index, PostgreSQL prices working out each text vector far too low and
# chooses to read every row for a common word: 120 ms at 5,000 resources, decision 0047.)
COMMON_SHARE = 0.02
# A search with words counts its matches up to this many ("more than 1,000 found").
COUNT_CAP = 1000
# Below this share the count is made through the GIN index too: reading rows as text until
# COUNT_CAP match would read up to COUNT_CAP / share rows (50,000 for a word in 2 % of them),
# while the index's cost grows with the matches (8,000 in 0.01 s at 50,000 resources). Above it the
# text match stops within COUNT_CAP / share rows (8,300 at 12 %), faster than the index.
COUNT_BY_INDEX_SHARE = 0.12
_STATS_KEY = "library:search-word-shares"


def _share(asked: search_text.Query) -> float:
    """The share of resources with every required term, at most: by PostgreSQL's own statistics
    of the indexed vector (ANALYZE's most common words of resource_search_idx; a word not among
    them counts as in none)."""
    shares = _word_shares()

    def share(term: search_text.Term) -> float:
        return max(min(shares.get(s, 0.0) for seq in alt for s in seq) for alt in term)

    return min(share(term) for term in asked.required)


def _word_shares() -> dict[str, float]:
    from django.core.cache import cache

    shares = cache.get(_STATS_KEY)
    if shares is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s",
                [SEARCH_INDEX],
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        cache.set(_STATS_KEY, shares, 600)
    return dict(shares)


class Counted:
    """A search's results for a paginator: with words, counted up to `cap` (the count of a word
    in every resource would read them all), `capped` when there are more."""

    ordered = True

    def __init__(self, qs: QuerySet[Resource], count_qs: QuerySet[Resource], cap: int | None):
        self.qs, self.count_qs, self.cap, self.capped = qs, count_qs, cap, False

    def count(self) -> int:
        if self.cap is None:
            return int(self.count_qs.count())
        found = int(self.count_qs[: self.cap + 1].count())
        self.capped = found > self.cap
        return min(found, self.cap)

    def __getitem__(self, page: slice) -> list[Resource]:
        return list(self.qs[page])


def _full_text(qs: QuerySet[Resource], asked: search_text.Query) -> QuerySet[Resource]:
    """PostgreSQL full-text search (web-search syntax: words, "phrases", -words, `or`; see
    search_text.parse). Stems are made in Python, so the "simple" configuration only splits the
    stored words: the same stems on both databases. The vector is the indexed expression
    (models.search_vector, GIN index resource_search_idx), an alias: never selected."""
    from django.contrib.postgres.search import SearchQuery

    return qs.alias(search=search_vector()).filter(
        search=SearchQuery(search_text.tsquery(asked), search_type="raw", config=SEARCH_CONFIG)
    )


def _words_in_text(qs: QuerySet[Resource], asked: search_text.Query) -> QuerySet[Resource]:
    """The same query as text matches on the stored words: every required term, no excluded one."""
    for term in asked.required:
        qs = qs.filter(_term_q(term))
    for term in asked.excluded:
        qs = qs.exclude(_term_q(term))
    return qs


def _term_q(term: search_text.Term) -> Q:
    """On SQLite: a phrase is its stems one after another in the stored words, as PostgreSQL's
    `<->` finds them."""
    either = Q()
    for alternative in term:
        every = Q()
        for sequence in alternative:
            every &= Q(search_document__contains=f" {' '.join(sequence)} ")
        either |= every
    return either


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
