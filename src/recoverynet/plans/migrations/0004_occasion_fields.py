"""A plan's and a review's occasion as a kind and a public id (plans.occasions), beside the old
link to a learning-set day; 0005 copies the links, 0006 drops the old columns."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_plans_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="occasion_kind",
            field=models.CharField(
                blank=True,
                help_text='The kind of occasion the plan was made at, e.g. "learning_day" (plans.occasions).',
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="occasion_id",
            field=models.UUIDField(
                blank=True,
                help_text="The occasion's public id in the app that owns the kind.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="planreview",
            name="occasion_kind",
            field=models.CharField(
                blank=True, help_text="The kind of occasion the review was held at.", max_length=40
            ),
        ),
        migrations.AddField(
            model_name="planreview",
            name="occasion_id",
            field=models.UUIDField(blank=True, null=True),
        ),
    ]
