"""College learning days become an occasion of plans (kind "college_learning_day"): existing links
are kept. A plan written at a day (its source is the day) names the day as its occasion; a review
held at a day, which named it in its text ("Reviewed at the learning day “theme”. …"), names it as
its occasion and loses the prefix. Backwards, the prefix is written back and the occasion cleared."""

import uuid

from django.db import migrations

KIND = "college_learning_day"
PREFIX = "Reviewed at the learning day “"
END = "”."


def _split(progress):
    """(theme, the rest) of a review's text that names a day, or None."""
    if not progress.startswith(PREFIX) or END not in progress[len(PREFIX) :]:
        return None
    theme, _, rest = progress[len(PREFIX) :].partition(END)
    return theme, rest.strip()


def forwards(apps, schema_editor):
    ActionPlan = apps.get_model("plans", "ActionPlan")
    PlanReview = apps.get_model("plans", "PlanReview")
    LearningDay = apps.get_model("colleges", "LearningDay")
    days = set(LearningDay.objects.values_list("public_id", flat=True))
    for plan in ActionPlan.objects.filter(source_kind=KIND, occasion_kind=""):
        try:
            day_id = uuid.UUID(plan.source_id)
        except ValueError:
            continue
        if day_id in days:
            ActionPlan.objects.filter(pk=plan.pk).update(occasion_kind=KIND, occasion_id=day_id)
    for review in PlanReview.objects.filter(occasion_kind="", progress__startswith=PREFIX):
        found = _split(review.progress)
        if found is None:
            continue
        theme, rest = found
        matches = list(
            LearningDay.objects.filter(
                theme=theme, network__colleges__organisation_id=review.plan.organisation_id
            )
            .values_list("public_id", flat=True)
            .distinct()
        )
        if len(matches) != 1:
            continue  # not one day by that theme: the text keeps naming it
        PlanReview.objects.filter(pk=review.pk).update(
            occasion_kind=KIND, occasion_id=matches[0], progress=rest or review.progress
        )


def backwards(apps, schema_editor):
    ActionPlan = apps.get_model("plans", "ActionPlan")
    PlanReview = apps.get_model("plans", "PlanReview")
    LearningDay = apps.get_model("colleges", "LearningDay")
    themes = dict(LearningDay.objects.values_list("public_id", "theme"))
    for review in PlanReview.objects.filter(occasion_kind=KIND):
        theme = themes.get(review.occasion_id)
        progress = review.progress
        if theme is not None and not progress.startswith(PREFIX):
            progress = f"{PREFIX}{theme}{END} {progress}".strip()
        PlanReview.objects.filter(pk=review.pk).update(
            occasion_kind="", occasion_id=None, progress=progress
        )
    ActionPlan.objects.filter(occasion_kind=KIND, source_kind=KIND).update(
        occasion_kind="", occasion_id=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0002_learning_network"),
        ("plans", "0006_drop_event_links"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
