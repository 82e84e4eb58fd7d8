"""Action plans made before the `plans` app existed survive the move (plans 0001-0003, challenges
0005) with every row and id, and going back restores the old links.

Run on its own against an empty database (the tests run it on a fresh SQLite file; for PostgreSQL
point DATABASE_URL at an empty database):  python tests/plans/migration_check.py
It migrates to the state before the move, writes plans through the old models, migrates forward,
checks them, makes a new plan, migrates back and checks again. Prints "ok" when all is well."""

from __future__ import annotations

import os
import sys

import django

OLD = [
    ("challenges", "0004_clear_copied_perspectives"),
    ("core", "0004_aggregate_snapshot"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    plan_targets = targets if targets is not None else executor.loader.graph.leaf_nodes()
    executor.migrate(plan_targets)


def _old_data() -> dict[str, object]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    apps = MigrationExecutor(connection).loader.project_state(OLD).apps
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("network", "Organisation")
    Framework = apps.get_model("challenges", "Framework")
    Round = apps.get_model("challenges", "AssessmentRound")
    ActionPlan = apps.get_model("challenges", "ActionPlan")
    Action = apps.get_model("challenges", "Action")
    ActionNote = apps.get_model("challenges", "ActionNote")
    PlanReview = apps.get_model("challenges", "PlanReview")
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")

    lead = User.objects.create(email="lead@example.org", password="!")
    org = Organisation.objects.create(name="Alpha", slug="alpha", kind="nhs", country="UK")
    framework = Framework.objects.get(family="ten-organisational-challenges", is_current=True)
    challenge = framework.challenges.get(number=7)
    level = framework.levels.get(key="practice")
    round_ = Round.objects.create(
        organisation=org,
        framework=framework,
        title="Spring 2026",
        facilitator=lead,
        status="closed",
    )
    # Ids the new app must keep: leave gaps so that a renumbering would show.
    for _ in range(3):
        ActionPlan.objects.create(organisation=org, title="Removed", created_by=lead).delete()
    from_round = ActionPlan.objects.create(
        organisation=org, title="From the round", round=round_, created_by=lead
    )
    ActionPlan.objects.create(organisation=org, title="Removed", created_by=lead).delete()
    own = ActionPlan.objects.create(organisation=org, title="Our own", created_by=lead)
    at_level = Action.objects.create(
        plan=from_round,
        what="Peer co-chairs",
        challenge=challenge,
        level=level,
        owner=lead,
        status="in_progress",
    )
    whole = Action.objects.create(
        plan=from_round, what="Whole challenge", challenge=challenge, owner_role="Lead"
    )
    loose = Action.objects.create(
        plan=own,
        what="Dropped one",
        owner_role="Lead",
        status="dropped",
        dropped_reason="Funding ended",
    )
    note = ActionNote.objects.create(
        action=at_level, author=lead, text="Started", status_change="not_started → in_progress"
    )
    review = PlanReview.objects.create(
        plan=from_round, reviewed_by=lead, progress="Good start", reset_goals="More"
    )
    AuditEntry.objects.create(
        action="challenges.plan.created",
        object_type="challenges.actionplan",
        object_id=str(from_round.pk),
    )
    ContentType.objects.get_or_create(app_label="challenges", model="actionplan")
    return {
        "round": round_.public_id,
        "challenge": challenge.pk,
        "level": level.pk,
        "plans": {from_round.pk: from_round.public_id, own.pk: own.public_id},
        "actions": [at_level.pk, whole.pk, loose.pk],
        "note": note.pk,
        "review": review.pk,
    }


def _check_forward(old: dict[str, object]) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from recoverynet.core.models import AuditEntry
    from recoverynet.plans.models import Action, ActionNote, ActionPlan, PlanReview

    assert ActionPlan._meta.db_table in connection.introspection.table_names()
    plans = {p.pk: p for p in ActionPlan.objects.all()}
    assert {pk: p.public_id for pk, p in plans.items()} == old["plans"], plans
    from_round_id, own_id = old["plans"]  # type: ignore[misc]
    from_round, own = plans[from_round_id], plans[own_id]
    assert (from_round.source_kind, from_round.source_id, from_round.source_label) == (
        "assessment_round",
        str(old["round"]),
        "Spring 2026",
    )
    assert from_round.source_url == f"/self-assessment/{old['round']}/priorities/"
    assert (own.source_kind, own.source_id, own.source_label) == ("", "", "")
    actions = {a.pk: a for a in Action.objects.all()}
    assert sorted(actions) == old["actions"]
    at_level, whole, loose = (actions[pk] for pk in old["actions"])  # type: ignore[attr-defined]
    assert at_level.topic == f"challenge:{old['challenge']}/level:practice"
    assert at_level.topic_label == "7. Redefining user involvement, at practice level"
    assert (at_level.status, at_level.owner.email) == ("in_progress", "lead@example.org")
    assert (whole.topic, whole.topic_label) == (
        f"challenge:{old['challenge']}",
        "7. Redefining user involvement",
    )
    assert (loose.topic, loose.dropped_reason, loose.plan_id) == ("", "Funding ended", own.pk)
    assert ActionNote.objects.get(pk=old["note"]).action_id == at_level.pk
    assert PlanReview.objects.get(pk=old["review"]).plan_id == from_round.pk
    assert AuditEntry.objects.filter(
        object_type="plans.actionplan", object_id=str(from_round.pk)
    ).exists()
    assert ContentType.objects.filter(app_label="plans", model="actionplan").exists()
    assert not ContentType.objects.filter(app_label="challenges", model="actionplan").exists()
    # New rows carry on after the old ids (the id sequences moved with the tables).
    lead = from_round.created_by
    new = ActionPlan.objects.create(organisation=own.organisation, title="New", created_by=lead)
    assert new.pk > own.pk
    assert Action.objects.create(plan=new, what="Next", owner_role="Lead").pk > loose.pk


def _check_backward(old: dict[str, object]) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    apps = MigrationExecutor(connection).loader.project_state(OLD).apps
    ActionPlan = apps.get_model("challenges", "ActionPlan")
    Action = apps.get_model("challenges", "Action")
    from_round_id, own_id = old["plans"]  # type: ignore[misc]
    at_level_id, whole_id, _ = old["actions"]  # type: ignore[misc]
    assert ActionPlan.objects.get(pk=from_round_id).round.public_id == old["round"]
    assert ActionPlan.objects.get(pk=own_id).round_id is None
    assert Action.objects.get(pk=at_level_id).challenge_id == old["challenge"]
    assert Action.objects.get(pk=at_level_id).level_id == old["level"]
    assert Action.objects.get(pk=whole_id).level_id is None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverynet.settings")
    django.setup()
    _migrate(OLD)
    old = _old_data()
    _migrate()
    _check_forward(old)
    _migrate([*OLD, ("plans", None)])  # type: ignore[list-item]
    _check_backward(old)
    _migrate()
    print("ok")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))
    main()
