"""A public id for each session (feedback targets and plans occasions name sessions by it)."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    Session = apps.get_model("engagements", "Session")
    for session in Session.objects.filter(public_id__isnull=True).only("pk"):
        session.public_id = uuid.uuid4()
        session.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="session",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="session",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
