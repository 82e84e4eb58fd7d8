"""Perspectives used to be copied from a person's profile into each round they were invited to
(and into the facilitator's own rater row), where they showed beside the person's name. Clear every
rater perspective that still equals the person's profile perspective: we cannot tell a copy from a
rater who later picked the same answer on the rating page (the page offered the copy as its
default), so we clear them all and let raters say it again in open rounds (decision 0009).
Perspectives of raters invited by link have no profile to come from and are kept."""

from django.db import migrations
from django.db.models import F


def clear_copied(apps, schema_editor):
    Rater = apps.get_model("challenges", "Rater")
    Rater.objects.filter(user__isnull=False).exclude(perspective="").filter(
        perspective=F("user__perspective")
    ).update(perspective="")


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0003_action_plans"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(clear_copied, migrations.RunPython.noop)]
