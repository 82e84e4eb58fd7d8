"""Fill each plan's generic source from the round it was linked to, and each action's topic from its
challenge and level; re-point audit entries and content types from `challenges.*` to `plans.*`.

Reversible: going back fills the old columns again from the source and topic."""

from django.db import migrations

MODELS = ("actionplan", "action", "actionnote", "planreview")
ROUND_KIND = "assessment_round"


def _topic(challenge, level):
    ref = f"challenge:{challenge.pk}" + (f"/level:{level.key}" if level else "")
    label = f"{challenge.number}. {challenge.title}"
    if level is not None:
        label += f", at {level.label.lower()} level"
    return ref, label


def forwards(apps, schema_editor):
    ActionPlan = apps.get_model("plans", "ActionPlan")
    Action = apps.get_model("plans", "Action")
    Round = apps.get_model("challenges", "AssessmentRound")
    Challenge = apps.get_model("challenges", "Challenge")
    Level = apps.get_model("challenges", "Level")
    rounds = Round.objects.in_bulk(
        ActionPlan.objects.exclude(legacy_round_id=None).values_list("legacy_round_id", flat=True)
    )
    for plan in ActionPlan.objects.exclude(legacy_round_id=None):
        round_ = rounds.get(plan.legacy_round_id)
        if round_ is None:
            continue
        ActionPlan.objects.filter(pk=plan.pk).update(
            source_kind=ROUND_KIND,
            source_id=str(round_.public_id),
            source_label=round_.title[:300],
            source_url=f"/self-assessment/{round_.public_id}/priorities/",
        )
    challenges = Challenge.objects.in_bulk()
    levels = Level.objects.in_bulk()
    for action in Action.objects.exclude(legacy_challenge_id=None):
        challenge = challenges.get(action.legacy_challenge_id)
        if challenge is None:
            continue
        ref, label = _topic(challenge, levels.get(action.legacy_level_id))
        Action.objects.filter(pk=action.pk).update(topic=ref, topic_label=label[:400])
    _move_labels(apps, "challenges", "plans")


def backwards(apps, schema_editor):
    ActionPlan = apps.get_model("plans", "ActionPlan")
    Action = apps.get_model("plans", "Action")
    Round = apps.get_model("challenges", "AssessmentRound")
    Challenge = apps.get_model("challenges", "Challenge")
    Level = apps.get_model("challenges", "Level")
    for plan in ActionPlan.objects.filter(source_kind=ROUND_KIND):
        # Only the id: a later challenges migration may already be unapplied, so a column the
        # historical model still lists (e.g. rate_by) can be gone from the table.
        round_id = Round.objects.filter(public_id=plan.source_id).values_list("pk", flat=True)
        if round_id:
            ActionPlan.objects.filter(pk=plan.pk).update(legacy_round_id=round_id[0])
    for action in Action.objects.filter(topic__startswith="challenge:"):
        head, _, level_part = action.topic.partition("/level:")
        challenge = Challenge.objects.filter(pk=int(head.split(":")[1])).first()
        if challenge is None:
            continue
        level = (
            Level.objects.filter(framework_id=challenge.framework_id, key=level_part).first()
            if level_part
            else None
        )
        Action.objects.filter(pk=action.pk).update(
            legacy_challenge_id=challenge.pk, legacy_level_id=level.pk if level else None
        )
    _move_labels(apps, "plans", "challenges")


def _move_labels(apps, old, new):
    """Audit entries name their object "app.model"; content types (admin log, permissions) too."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        AuditEntry.objects.filter(object_type=f"{old}.{model}").update(
            object_type=f"{new}.{model}"
        )
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("challenges", "0004_clear_copied_perspectives"),
        ("core", "0004_aggregate_snapshot"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
