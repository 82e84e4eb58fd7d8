"""Every plan and review linked to a learning-set day keeps the link, now as the occasion
("learning_day", the event's public id). Backwards, the link is restored from the public id."""

from django.db import migrations

LEARNING_DAY = "learning_day"


def forwards(apps, schema_editor):
    for name in ("ActionPlan", "PlanReview"):
        model = apps.get_model("plans", name)
        rows = model.objects.filter(event__isnull=False).values_list("pk", "event__public_id")
        for pk, public_id in rows:
            model.objects.filter(pk=pk).update(occasion_kind=LEARNING_DAY, occasion_id=public_id)


def backwards(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for name in ("ActionPlan", "PlanReview"):
        model = apps.get_model("plans", name)
        rows = model.objects.filter(occasion_kind=LEARNING_DAY).values_list("pk", "occasion_id")
        for pk, public_id in rows:
            event = Event.objects.filter(public_id=public_id).first()
            model.objects.filter(pk=pk).update(event=event)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_occasion_fields"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
