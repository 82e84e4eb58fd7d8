"""Library search at 50,000 resources (issue #17): it worked out every resource's text vector on each
search and sorted every match. Two indexes:

- `resource_newest_idx`: the library's order (newest first), so a page is read from the index.
- `resource_search_idx` (PostgreSQL only): a GIN index on the text vector search matches on (the
  stored search words of migration 0004, split by the "simple" configuration). The
  expression below is frozen here and must stay the same as `library.models.search_vector()`;
  tests/library/test_search_at_scale.py checks PostgreSQL uses it. SQLite has no such index (its
  search is a plain text match) and this step does nothing there.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

SEARCH_INDEX = "resource_search_idx"


def _search_index() -> GinIndex:
    return GinIndex(SearchVector("search_document", config="simple"), name=SEARCH_INDEX)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("library", "Resource"), _search_index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("library", "Resource"), _search_index())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_delegate_email_index"),
        ("library", "0004_resource_search_document"),
        ("network", "0004_tier_annual_fee"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("created_at"), descending=True),
                name="resource_newest_idx",
            ),
        ),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
