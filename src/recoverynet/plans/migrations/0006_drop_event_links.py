"""Plans no longer point at events: the old links to a learning-set day go (0005 copied them to the
occasion), and a plan or review names an occasion fully or not at all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_occasion_from_event"),
    ]

    operations = [
        migrations.RemoveField(model_name="actionplan", name="event"),
        migrations.RemoveField(model_name="planreview", name="event"),
        migrations.AddIndex(
            model_name="actionplan",
            index=models.Index(fields=["occasion_kind", "occasion_id"], name="plan_occasion_idx"),
        ),
        migrations.AddConstraint(
            model_name="actionplan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("occasion_id__isnull", True), ("occasion_kind", "")),
                    models.Q(
                        models.Q(("occasion_kind", ""), _negated=True),
                        ("occasion_id__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="plan_occasion_kind_and_id",
            ),
        ),
        migrations.AddConstraint(
            model_name="planreview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("occasion_id__isnull", True), ("occasion_kind", "")),
                    models.Q(
                        models.Q(("occasion_kind", ""), _negated=True),
                        ("occasion_id__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="review_occasion_kind_and_id",
            ),
        ),
    ]
