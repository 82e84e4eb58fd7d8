"""Keeping each resource's search words (`Resource.search_document`) up to date: straight away from
its title, summary, tags and authors, then with its files' words on the `documents` queue."""

from __future__ import annotations

from django.db import transaction

from recoverynet.core import files as stored_files

from . import file_text, search_text, uploads
from .models import Resource, ResourceFile


def _metadata(resource: Resource) -> tuple[str, ...]:
    return (resource.title, resource.summary, resource.tags, resource.authors)


def resource_index_later(resource: Resource) -> None:
    """Store the words of the resource's details now (so it is found by its title at once), and
    queue reading its files once the caller's transaction commits."""
    from .tasks import index_resource

    resource.search_document = search_text.document(*_metadata(resource))
    Resource.objects.filter(pk=resource.pk).update(search_document=resource.search_document)
    pk = resource.pk
    transaction.on_commit(lambda: index_resource.enqueue(pk))


def resource_index(resource_id: int) -> None:
    """Every word of the resource and of its latest version's files. Derived data (no audit): it is
    written again from the resource whenever the resource changes."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        return
    latest = resource.versions.order_by("-number").first()
    files = list(ResourceFile.objects.filter(version=latest)) if latest else []
    texts = []
    for file in files:
        try:
            data = stored_files.read(
                uploads.FOLDER, file.stored_name
            )  # the shared storage (core.files)
        except (OSError, ValueError):
            continue
        texts.append(file_text.extract(data, file.content_type))
    document = search_text.document(*_metadata(resource), *texts)
    Resource.objects.filter(pk=resource_id).update(search_document=document)
