"""Library search words stored in the order they are written (decision 0047), so that a quoted
phrase can be found: every resource's `search_document` is written again from its details and its
latest version's files, as migration 0004 first wrote it. Going back leaves the words in order:
the older search reads them just as well (it matches single words)."""

from django.db import migrations


def rewrite(apps, schema_editor):
    from importlib import import_module

    import_module("recoverynet.library.migrations.0004_resource_search_document").fill(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("library", "0005_search_indexes")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
