"""A public id for each course session (the feedback app names a session by it): added empty,
filled one by one, then made unique."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    CourseSession = apps.get_model("colleges", "CourseSession")
    for pk in CourseSession.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
        CourseSession.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("colleges", "0003_learning_day_occasions")]

    operations = [
        migrations.AddField(
            model_name="coursesession",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="coursesession",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
