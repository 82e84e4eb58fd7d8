"""The map's purge is the only purge (decision 0039). Feedback's contact details and outcomes' end
of retention were separate scheduled jobs beside their map rules; they are now map rules with
hooks, purging the same rows at the same time, and approved as they were (migration core.0008)."""

from __future__ import annotations

import datetime
import importlib
import zoneinfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone

from recoverynet.core import queues, scheduling
from recoverynet.core.models import AuditEntry
from recoverynet.core.personal_data import Retention
from recoverynet.core.privacy import check, purge, registry
from recoverynet.feedback import services as feedback
from recoverynet.feedback.models import Answer, FeedbackForm, QuestionKind
from recoverynet.outcomes import selectors as outcome_selectors
from recoverynet.outcomes import services as outcomes
from recoverynet.outcomes.models import Collection, Invitation, LinkageKey, Participant, Response
from tests.feedback.conftest import answers_for, room  # noqa: F401  (fixture)
from tests.outcomes.conftest import invitation_of, ow, plans, swemwbs_answers  # noqa: F401

pytestmark = pytest.mark.django_db

CONTACT_RULE = "feedback.Answer:feedback.contact_details"
LINKAGE_RULE = "outcomes.LinkageKey:outcomes.linkage"


def _grandfathered():
    """The approvals migration core.0008 records (tests run without migrations)."""
    migration = importlib.import_module(
        "recoverynet.core.migrations.0008_grandfather_feedback_outcomes_rules"
    )
    migration.approve(django_apps, None)
    return migration


def test_the_approved_rules_are_the_rules_in_the_map():
    """Changing one of these rules on purpose needs a new approval: then change this test."""
    for key, fingerprint in _grandfathered().RULES.items():
        rule = registry.rule(key)
        assert rule is not None and rule.fingerprint() == fingerprint, key


def test_no_app_runs_a_purge_of_its_own():
    on_retention = {name for name in scheduling._JOBS if scheduling.job_queue(name) == "retention"}
    assert on_retention == {"core.retention_purge"}
    assert queues.RETENTION == "retention"


def test_a_hook_that_does_not_exist_is_reported():
    bad = Retention(key="x.y", describe="d", anchor="closes_at", hook="recoverynet.nothing.here")
    found = check._retention_problems("feedback.FeedbackForm", FeedbackForm, bad, {})
    assert found and "hook" in found[0]


def _local(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def test_contact_details_go_at_the_end_of_the_forms_retention(world, room):  # noqa: F811
    _grandfathered()
    form = feedback.form_create(
        actor=world.coordinator_uk, contact_retention_days=30, **room.target
    )
    contact = feedback.question_add(
        actor=world.coordinator_uk,
        form=form,
        data=feedback.QuestionInput(
            kind=QuestionKind.SHORT_TEXT,
            text="Your e-mail, if you want a reply",
            purpose="contact",
            max_length=200,
        ),
    )
    feedback.form_open(actor=world.coordinator_uk, form=form)
    closes = room.event.ends_at + datetime.timedelta(days=7)
    feedback.form_update(
        actor=world.coordinator_uk,
        form=form,
        title=form.title,
        intro="",
        invite_delay_hours=2,
        contact_retention_days=30,
        closes_at=closes,
    )
    answers = answers_for(form)
    answers[str(contact.pk)] = "me@example.org"
    feedback.response_submit(actor=room.attendees[0], form=form, answers=answers)
    with time_machine.travel(closes + datetime.timedelta(minutes=1), tick=False):
        assert feedback.forms_close_due() == 1
        assert purge.run().counts[CONTACT_RULE] == 0
    end = closes + datetime.timedelta(days=30)
    with time_machine.travel(end - datetime.timedelta(seconds=1), tick=False):
        assert purge.run().counts[CONTACT_RULE] == 0
    assert Answer.objects.get(question=contact).text == "me@example.org"
    assert FeedbackForm.objects.get(pk=form.pk).contact_purged_at is None
    with time_machine.travel(end, tick=False):
        assert purge.run().counts[CONTACT_RULE] == 1
    assert Answer.objects.get(question=contact).text == ""
    assert Answer.objects.filter(question__purpose="word").get().text == "Hopeful"
    assert FeedbackForm.objects.get(pk=form.pk).contact_purged_at == end
    entry = AuditEntry.objects.get(action="feedback.contact.purged")
    assert entry.changes == {"answers": 1}
    with time_machine.travel(end + datetime.timedelta(days=1), tick=False):
        assert purge.run().counts[CONTACT_RULE] == 0
    assert AuditEntry.objects.filter(action="feedback.contact.purged").count() == 1


def test_an_open_form_keeps_its_contact_details(world, room):  # noqa: F811
    """As before: only closed forms lose contact details (a form still open keeps them)."""
    _grandfathered()
    form = feedback.form_create(actor=world.coordinator_uk, contact_retention_days=1, **room.target)
    contact = feedback.question_add(
        actor=world.coordinator_uk,
        form=form,
        data=feedback.QuestionInput(
            kind=QuestionKind.SHORT_TEXT, text="E-mail", purpose="contact", max_length=200
        ),
    )
    feedback.form_open(actor=world.coordinator_uk, form=form)
    answers = answers_for(form)
    answers[str(contact.pk)] = "me@example.org"
    feedback.response_submit(actor=room.attendees[0], form=form, answers=answers)
    FeedbackForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=5)
    )
    assert purge.run().counts[CONTACT_RULE] == 0
    assert Answer.objects.get(question=contact).text == "me@example.org"


def test_the_linkage_key_is_destroyed_the_day_after_the_collections_date(ow):  # noqa: F811
    _grandfathered()
    for timepoint in (ow.baseline, ow.end):
        invitation = invitation_of(ow, "student.a@example.org", timepoint)
        outcomes.answers_save(
            actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow), finish=True
        )
    empty = outcomes.collection_create(
        actor=ow.lead_a,
        organisation=ow.org_a,
        title="Nobody yet",
        instruments=[ow.swemwbs],
        source_kind="team",
        source_ref="team",
        timepoints=plans(),
        retain_until=timezone.localdate() + datetime.timedelta(days=400),
    )
    Participant.objects.filter(collection=empty).delete()
    day = timezone.localdate()
    Collection.objects.update(retain_until=day)
    people = Participant.objects.count()
    with time_machine.travel(_local(day, 23, 59), tick=False):
        run = purge.run()
    assert run.counts[LINKAGE_RULE] == 0
    assert LinkageKey.objects.count() == 1 and Participant.objects.count() == people
    assert not Collection.objects.filter(key_destroyed_at__isnull=False).exists()

    tomorrow = day + datetime.timedelta(days=1)
    with time_machine.travel(_local(tomorrow, 0, 1), tick=False):
        run = purge.run()
    assert run.counts[LINKAGE_RULE] == 1
    assert run.counts["outcomes.Participant:outcomes.participants"] == people
    assert not LinkageKey.objects.exists()
    assert not Participant.objects.exists() and not Invitation.objects.exists()
    responses = list(Response.objects.all())
    assert len(responses) == 2 and len({r.pseudonym_id for r in responses}) == 1
    assert outcome_selectors.my_results(actor=ow.student) == []
    assert set(Collection.objects.values_list("key_destroyed_at", flat=True)) == {
        _local(tomorrow, 0, 1)
    }
    entries = AuditEntry.objects.filter(action="outcomes.linkage.destroyed").order_by("id")
    assert [e.changes for e in entries] == [{"keys": 1, "rows": people}, {"keys": 0, "rows": 0}]
    with time_machine.travel(_local(tomorrow, 12, 0), tick=False):
        purge.run()
    assert AuditEntry.objects.filter(action="outcomes.linkage.destroyed").count() == 2
