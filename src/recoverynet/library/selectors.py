"""Finding and reading resources, always through the access filter."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from recoverynet.core import aggregates
from recoverynet.core.errors import NotFound

from . import access
from .models import ModerationStatus, Resource, ResourceFile, ResourceVersion


def search(
    *,
    actor: Any,
    query: str = "",
    kind: str = "",
    tag: str = "",
    challenge: str = "",
    audience: str = "",
    network_slug: str = "",
) -> QuerySet[Resource]:
    """Newest first. PostgreSQL full-text search where available; a case-insensitive match on
    SQLite."""
    qs = (
        Resource.objects.filter(access.visible_q(actor))
        .select_related("network", "learning_set")
        .distinct()
    )
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
    query = query.strip()[:200]
    if query:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = (
                SearchVector("title", weight="A")
                + SearchVector("tags", weight="B")
                + SearchVector("summary", weight="C")
            )
            qs = qs.annotate(search=vector).filter(
                search=SearchQuery(query, search_type="websearch", config="english")
            )
        else:
            for word in query.split():
                qs = qs.filter(
                    Q(title__icontains=word) | Q(summary__icontains=word) | Q(tags__icontains=word)
                )
    return qs.order_by("-published_on", "-created_at")


def resource_get(*, actor: Any, public_id: Any) -> Resource:
    resource = (
        Resource.objects.filter(access.visible_q(actor), public_id=public_id)
        .select_related("network", "submitted_by", "learning_set")
        .prefetch_related("versions__files")
        .distinct()
        .first()
    )
    if resource is None:
        raise NotFound("We could not find that resource.")
    return resource


def version_for_download(
    *, actor: Any, public_id: Any, number: int | None = None
) -> ResourceVersion:
    resource = resource_get(actor=actor, public_id=public_id)
    versions = list(resource.versions.all())
    version = (
        versions[0] if number is None else next((v for v in versions if v.number == number), None)
    )
    if version is None:
        raise NotFound("We could not find that version.")
    return version


def file_for_download(*, actor: Any, public_id: Any, number: int, file_id: int) -> ResourceFile:
    """One file of one version, through the same access check as the resource itself. A file of
    another version or another resource is not found."""
    version = version_for_download(actor=actor, public_id=public_id, number=number)
    file = next((f for f in version.files.all() if f.pk == file_id), None)
    if file is None:
        raise NotFound("We could not find that file.")
    return file


def moderation_queue(*, actor: Any) -> QuerySet[Resource]:
    from recoverynet.network import access as network_access

    team = network_access.roles(actor).team_network_ids
    qs = Resource.objects.filter(status=ModerationStatus.PENDING).select_related(
        "network", "submitted_by"
    )
    if not network_access.is_admin(actor):
        qs = qs.filter(network_id__in=team)
    return qs.order_by("created_at")


def download_band(resource: Resource) -> aggregates.Band:
    """How often a resource was downloaded, as others see it: a band, suppressed below the people
    threshold, so a count ticking up by one cannot show who opened it (decision 0009)."""
    return aggregates.band(resource.download_count, minimum=aggregates.people_minimum())
