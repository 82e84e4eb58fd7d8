"""Plans and reviews linked to a learning-set day before plans stopped pointing at `events` keep the
link as an occasion (plans 0004-0006): made on the old schema, migrated forward, read back; and
migrating back restores the old foreign keys."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.billing.test_migrations import _empty_database

OLD = [("plans", "0003_plans_tables"), ("events", "0004_invoices_move_to_billing")]
BACK = [("plans", "0003_plans_tables")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_plans_and_reviews_keep_their_learning_day(settings):
    settings.MIGRATION_MODULES = {}
    _empty_database()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(OLD)
    try:
        User = old.get_model("accounts", "User")
        Network = old.get_model("network", "Network")
        Organisation = old.get_model("network", "Organisation")
        Event = old.get_model("events", "Event")
        ActionPlan = old.get_model("plans", "ActionPlan")
        PlanReview = old.get_model("plans", "PlanReview")

        lead = User.objects.create(email="lead@example.org", full_name="Lee Lead")
        network = Network.objects.create(
            name="UK", slug="uk", currency="GBP", tax_name="VAT", time_zone="Europe/London"
        )
        org = Organisation.objects.create(name="Alpha NHS Trust", slug="alpha", kind="nhs")
        start = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
        days = [
            Event.objects.create(
                network=network,
                kind="learning_set_day",
                title=f"Carers learning set, day {n}",
                starts_at=start + datetime.timedelta(days=30 * n),
                ends_at=start + datetime.timedelta(days=30 * n, hours=6),
            )
            for n in (1, 2)
        ]
        at_day = ActionPlan.objects.create(
            organisation=org, title="From day 1", event=days[0], created_by=lead
        )
        by_hand = ActionPlan.objects.create(organisation=org, title="By hand", created_by=lead)
        at_day2 = PlanReview.objects.create(plan=at_day, event=days[1], progress="Good.")
        no_day = PlanReview.objects.create(plan=by_hand, progress="Slow.")
        ids = {
            "plans": (at_day.pk, by_hand.pk),
            "reviews": (at_day2.pk, no_day.pk),
            "days": [(d.pk, d.public_id) for d in days],
        }
    finally:
        new = _migrate(latest)

    ActionPlan = new.get_model("plans", "ActionPlan")
    PlanReview = new.get_model("plans", "PlanReview")
    (day1_pk, day1), (day2_pk, day2) = ids["days"]
    moved = ActionPlan.objects.get(pk=ids["plans"][0])
    assert (moved.occasion_kind, moved.occasion_id, moved.title) == (
        "learning_day",
        day1,
        "From day 1",
    )
    plain = ActionPlan.objects.get(pk=ids["plans"][1])
    assert (plain.occasion_kind, plain.occasion_id) == ("", None)
    review = PlanReview.objects.get(pk=ids["reviews"][0])
    assert (review.occasion_kind, review.occasion_id) == ("learning_day", day2)
    assert PlanReview.objects.get(pk=ids["reviews"][1]).occasion_id is None
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "plans_actionplan"
        )
    }
    assert "event_id" not in columns and "occasion_id" in columns

    # A plan made afterwards at another kind of occasion simply loses it going back.
    ActionPlan.objects.create(
        organisation_id=plain.organisation_id,
        title="At a visit",
        occasion_kind="engagement_visit",
        occasion_id=uuid.uuid4(),
        created_by_id=plain.created_by_id,
    )
    back = _migrate(BACK)
    OldPlan = back.get_model("plans", "ActionPlan")
    OldReview = back.get_model("plans", "PlanReview")
    assert OldPlan.objects.get(pk=ids["plans"][0]).event_id == day1_pk
    assert OldPlan.objects.get(pk=ids["plans"][1]).event_id is None
    assert OldPlan.objects.get(title="At a visit").event_id is None
    assert OldReview.objects.get(pk=ids["reviews"][0]).event_id == day2_pk
    _migrate(latest)
