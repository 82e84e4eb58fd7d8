"""Drop the old links to challenges' rounds, challenges and levels (now the source and topic), and
give the tables the app's own names. Rows and ids are untouched."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_source_from_round"),
        ("challenges", "0005_action_plans_moved"),
    ]

    operations = [
        migrations.RemoveField(model_name="actionplan", name="legacy_round_id"),
        migrations.RemoveField(model_name="action", name="legacy_challenge_id"),
        migrations.RemoveField(model_name="action", name="legacy_level_id"),
        migrations.AddIndex(
            model_name="actionplan",
            index=models.Index(fields=["source_kind", "source_id"], name="plan_source_idx"),
        ),
        migrations.AlterModelTable(name="actionplan", table=None),
        migrations.AlterModelTable(name="action", table=None),
        migrations.AlterModelTable(name="actionnote", table=None),
        migrations.AlterModelTable(name="planreview", table=None),
    ]
