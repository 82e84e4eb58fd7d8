"""Action plans move out of `challenges` into their own app, keeping their tables, rows and ids.

The four models already exist as the `challenges_*` tables (challenges 0003). This migration only
tells Django's state that `plans` owns them (SeparateDatabaseAndState, nothing is created), with the
old links to challenges' rounds, challenges and levels kept as plain columns for the data migration
(0002) to read. Then it adds the generic source of a plan and the topic of an action. 0003 drops the
old columns and renames the tables to `plans_*`.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CHECK_DROPPED = models.CheckConstraint(
    condition=models.Q(
        models.Q(("status", "dropped"), _negated=True),
        models.Q(("dropped_reason", ""), _negated=True),
        _connector="OR",
    ),
    name="dropped_action_has_reason",
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("challenges", "0004_clear_copied_perspectives"),
        ("events", "0001_initial"),
        ("network", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ActionPlan",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("title", models.CharField(max_length=200)),
                        ("legacy_round_id", models.BigIntegerField(blank=True, null=True, db_column="round_id")),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("event", models.ForeignKey(blank=True, help_text="The learning-set day the plan came from.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="action_plans", to="events.event")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="action_plans", to="network.organisation")),
                    ],
                    options={"ordering": ["organisation", "-created_at"], "db_table": "challenges_actionplan"},
                ),
                migrations.CreateModel(
                    name="Action",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("what", models.CharField(max_length=500)),
                        ("legacy_challenge_id", models.BigIntegerField(blank=True, null=True, db_column="challenge_id")),
                        ("legacy_level_id", models.BigIntegerField(blank=True, null=True, db_column="level_id")),
                        ("owner_role", models.CharField(blank=True, help_text='Or a role, e.g. "Peer support lead".', max_length=150)),
                        ("due", models.DateField(blank=True, null=True)),
                        ("status", models.CharField(choices=[("not_started", "Not started"), ("in_progress", "In progress"), ("done", "Done"), ("dropped", "Dropped")], default="not_started", max_length=12)),
                        ("dropped_reason", models.CharField(blank=True, max_length=500)),
                        ("reminded_at", models.DateTimeField(blank=True, null=True)),
                        ("owner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="owned_actions", to=settings.AUTH_USER_MODEL)),
                        ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="plans.actionplan")),
                    ],
                    options={"ordering": ["plan", "due", "id"], "db_table": "challenges_action", "constraints": [CHECK_DROPPED]},
                ),
                migrations.CreateModel(
                    name="ActionNote",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("text", models.TextField(max_length=2000)),
                        ("status_change", models.CharField(blank=True, max_length=40)),
                        ("action", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notes", to="plans.action")),
                        ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["action", "created_at", "id"], "db_table": "challenges_actionnote"},
                ),
                migrations.CreateModel(
                    name="PlanReview",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("progress", models.TextField(max_length=4000)),
                        ("reset_goals", models.TextField(blank=True, max_length=4000)),
                        ("event", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="events.event")),
                        ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reviews", to="plans.actionplan")),
                        ("reviewed_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["plan", "-created_at"], "db_table": "challenges_planreview"},
                ),
            ],
        ),
        migrations.AddField(
            model_name="actionplan",
            name="source_kind",
            field=models.CharField(blank=True, help_text='What the plan came from, e.g. "assessment_round". Empty: started by the group.', max_length=40),
        ),
        migrations.AddField(
            model_name="actionplan", name="source_id", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.AddField(
            model_name="actionplan", name="source_label", field=models.CharField(blank=True, max_length=300)
        ),
        migrations.AddField(
            model_name="actionplan", name="source_url", field=models.CharField(blank=True, max_length=300)
        ),
        migrations.AddField(
            model_name="action",
            name="topic",
            field=models.CharField(blank=True, help_text='What the action works on, as the plan\'s source app names it (e.g. "challenge:12/level:practice").', max_length=100),
        ),
        migrations.AddField(
            model_name="action", name="topic_label", field=models.CharField(blank=True, max_length=400)
        ),
    ]
