"""Action plans now belong to the `plans` app (see plans 0001-0003): challenges forgets the four
models without touching their tables, which plans took over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0004_clear_copied_perspectives"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PlanReview"),
                migrations.DeleteModel(name="ActionNote"),
                migrations.DeleteModel(name="Action"),
                migrations.DeleteModel(name="ActionPlan"),
            ]
        )
    ]
