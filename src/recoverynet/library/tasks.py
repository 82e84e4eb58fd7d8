"""Background work for the library: reading the words of uploaded files for search."""

from __future__ import annotations

from django_tasks import task

from . import indexing


@task(queue_name="documents")
def index_resource(resource_id: int) -> None:
    """Read the latest version's files and store the resource's search words. Idempotent."""
    indexing.resource_index(resource_id)
