"""Wording, collections, answering and pseudonymous storage, retention."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.outcomes import linkage, selectors, services
from recoverynet.outcomes.models import (
    Answer,
    Collection,
    InstrumentVersion,
    Invitation,
    LinkageKey,
    Participant,
    Pseudonym,
    Response,
    Wording,
)

from .conftest import invitation_of, load_wording, plans, swemwbs_answers

pytestmark = pytest.mark.django_db


def test_builtin_definitions_are_installed_once(world):
    services.instruments_install_builtin()
    assert services.instruments_install_builtin() == 0
    assert set(InstrumentVersion.objects.values_list("code", flat=True)) == {
        "qpr-15",
        "swemwbs",
        "wemwbs",
        "reqol-10",
    }


# --- Wording --------------------------------------------------------------------------------------


def test_wording_needs_licence_confirmation(world):
    services.instruments_install_builtin()
    with pytest.raises(ApplicationError) as caught:
        load_wording(world.lead_a, world.org_a, "qpr-15", licence_confirmed=False)
    assert caught.value.field == "licence_confirmed"
    assert not Wording.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"items": "Only one line"}, "items"),
        ({"items": "a\n\nb"}, "items"),
        ({"labels": "a\nb"}, "labels"),
        ({"licence_reference": "   "}, "licence_reference"),
        ({"licence_reference": "bad\x00ref"}, "licence_reference"),
        ({"licence_type": "stolen"}, "licence_type"),
        ({"licence_expires": datetime.date(2020, 1, 1)}, "licence_expires"),
        ({"items": "x" * 1001 + "\n" + "\n".join("q" for _ in range(14))}, "items"),
    ],
)
def test_bad_wording_is_refused_naming_the_field(world, changes, field):
    services.instruments_install_builtin()
    with pytest.raises(ApplicationError) as caught:
        load_wording(world.lead_a, world.org_a, "qpr-15", **changes)
    assert caught.value.field == field
    assert not Wording.objects.exists()


def test_only_planners_load_wording(world):
    services.instruments_install_builtin()
    for who in (world.staff_a, world.lead_b, world.editor_uk):
        with pytest.raises(ApplicationError) as caught:
            load_wording(who, world.org_a, "qpr-15")
        assert caught.value.status == 403


def test_without_wording_an_organisation_cannot_use_the_instrument(ow):
    qpr = InstrumentVersion.objects.get(code="qpr-15")
    with pytest.raises(ApplicationError) as caught:
        services.collection_create(
            actor=ow.lead_a,
            organisation=ow.org_a,
            title="No wording",
            instruments=[qpr],
            source_kind="team",
            source_ref="team",
            timepoints=plans(),
            retain_until=timezone.localdate() + datetime.timedelta(days=400),
        )
    assert caught.value.code == "no_wording"
    assert Collection.objects.count() == 1


def test_expired_licence_stops_the_wording(ow):
    Wording.objects.update(licence_expires=timezone.localdate())
    assert selectors.wording_for(organisation=ow.org_a, instrument=ow.swemwbs) is None


# --- Collections ----------------------------------------------------------------------------------


def test_collection_lists_the_team_with_an_invitation_per_timepoint(ow):
    people = set(Participant.objects.values_list("email", flat=True))
    assert people == {"lead.a@example.org", "staff.a@example.org", "student.a@example.org"}
    assert Invitation.objects.count() == 6
    assert not Pseudonym.objects.exists()  # made at a first answer, not in list order


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"instruments": []}, "instruments"),
        ({"timepoints": []}, "timepoints"),
        ({"reminder_days": 0}, "reminder_days"),
        ({"max_reminders": 9}, "max_reminders"),
        ({"retain_until": datetime.date(2020, 1, 1)}, "retain_until"),
        ({"source_kind": "nowhere"}, "source"),
        ({"source_ref": "someone-else"}, "source"),
    ],
)
def test_bad_collections_are_refused(ow, changes, field):
    data = {
        "actor": ow.lead_a,
        "organisation": ow.org_a,
        "title": "Another",
        "instruments": [ow.swemwbs],
        "source_kind": "team",
        "source_ref": "team",
        "timepoints": plans(),
        "retain_until": timezone.localdate() + datetime.timedelta(days=400),
    }
    data.update(changes)
    with pytest.raises(ApplicationError) as caught:
        services.collection_create(**data)
    assert caught.value.field == field
    assert Collection.objects.count() == 1


def test_follow_ups_must_come_after_the_baseline(ow):
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as caught:
        services.collection_create(
            actor=ow.lead_a,
            organisation=ow.org_a,
            title="Backwards",
            instruments=[ow.swemwbs],
            source_kind="team",
            source_ref="team",
            timepoints=[
                services.TimepointPlan("baseline", today, 14),
                services.TimepointPlan("end", today - datetime.timedelta(days=1), 14),
            ],
            retain_until=today + datetime.timedelta(days=400),
        )
    assert caught.value.field == "due_from"


def test_sending_links_mails_each_person_alone(ow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitations_send(
            actor=ow.lead_a, collection=ow.collection, timepoint=ow.baseline
        )
    assert sent == 3
    assert len(mail.outbox) == 6  # the 3 sent automatically at planning, and these 3 by hand
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert all("/q/" in m.body for m in mail.outbox)
    assert Invitation.objects.filter(timepoint=ow.baseline).exclude(token_hash="").count() == 3


def test_staff_cannot_send_links(ow):
    with pytest.raises(ApplicationError) as caught:
        services.invitations_send(actor=ow.staff_a, collection=ow.collection, timepoint=ow.baseline)
    assert caught.value.status == 403


# --- Answering ------------------------------------------------------------------------------------


def test_answers_are_stored_against_a_pseudonym_and_scored(ow):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow, 3), finish=True
    )
    response = Response.objects.get()
    assert response.raw_score == 21
    assert response.score == pytest.approx(19.25)
    invitation.refresh_from_db()
    assert invitation.done and invitation.token_hash == ""
    # The response names no one; only the linkage key joins them.
    assert LinkageKey.objects.get().participant.email == "student.a@example.org"
    assert not hasattr(Response, "participant")


def test_save_and_continue_then_finish(ow):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    partial = {(ow.swemwbs.pk, 1): 4, (ow.swemwbs.pk, 2): None}
    services.answers_save(actor=ow.student, invitation=invitation, answers=partial, finish=False)
    parts = selectors.questionnaire(invitation)
    assert parts[0].answers == {1: 4, 2: None}
    rest = {(ow.swemwbs.pk, n): 2 for n in range(3, 8)}
    services.answers_save(actor=ow.student, invitation=invitation, answers=rest, finish=True)
    response = Response.objects.get()
    assert response.status == "complete"
    assert response.missing == 1 and response.score is None  # declined: not scored
    assert Pseudonym.objects.count() == 1


@pytest.mark.parametrize(
    "answers",
    [
        {(0, 1): 3},  # another questionnaire
        {(-1, 1): 3},
    ],
)
def test_answers_for_another_questionnaire_are_refused(ow, answers):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    with pytest.raises(ApplicationError):
        services.answers_save(
            actor=ow.student, invitation=invitation, answers=answers, finish=False
        )
    assert not Answer.objects.exists() and not Pseudonym.objects.exists()


def test_out_of_range_and_incomplete_are_refused_and_nothing_is_written(ow):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    bad = swemwbs_answers(ow) | {(ow.swemwbs.pk, 3): 9}
    with pytest.raises(ApplicationError) as caught:
        services.answers_save(actor=ow.student, invitation=invitation, answers=bad, finish=True)
    assert caught.value.field == f"q-{ow.swemwbs.pk}-3"
    incomplete = {(ow.swemwbs.pk, n): 3 for n in range(1, 7)}
    with pytest.raises(ApplicationError) as caught:
        services.answers_save(
            actor=ow.student, invitation=invitation, answers=incomplete, finish=True
        )
    assert caught.value.field == f"q-{ow.swemwbs.pk}-7"
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_finished_questionnaire_cannot_be_answered_again(ow):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow), finish=True
    )
    with pytest.raises(ApplicationError) as caught:
        services.answers_save(
            actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow, 5), finish=True
        )
    assert caught.value.status == 410
    assert Response.objects.get().score == pytest.approx(19.25)


def test_signposting_message_when_an_item_is_answered_so(ow):
    services.signpost_set(
        actor=ow.lead_a,
        organisation=ow.org_a,
        instrument=ow.swemwbs,
        item=2,
        values=[1],
        message="You can talk to our peer support team on 0100 000 000.",
    )
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    answers = swemwbs_answers(ow) | {(ow.swemwbs.pk, 2): 1}
    messages = services.answers_save(
        actor=ow.student, invitation=invitation, answers=answers, finish=True
    )
    assert messages == ["You can talk to our peer support team on 0100 000 000."]
    other = invitation_of(ow, "staff.a@example.org", ow.baseline)
    assert not services.answers_save(
        actor=ow.staff_a, invitation=other, answers=swemwbs_answers(ow), finish=True
    )


def test_bad_signposts_are_refused(ow):
    with pytest.raises(ApplicationError) as caught:
        services.signpost_set(
            actor=ow.lead_a,
            organisation=ow.org_a,
            instrument=ow.swemwbs,
            item=8,
            values=[1],
            message="x",
        )
    assert caught.value.field == "item"
    with pytest.raises(ApplicationError) as caught:
        services.signpost_set(
            actor=ow.lead_a,
            organisation=ow.org_a,
            instrument=ow.swemwbs,
            item=1,
            values=[0],
            message="x",
        )
    assert caught.value.field == "values"


# --- Follow-up and retention ----------------------------------------------------------------------


def test_follow_up_shows_who_has_not_answered_never_what(ow):
    invitation = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=invitation, answers=swemwbs_answers(ow), finish=True
    )
    rates = selectors.follow_up_rates(actor=ow.staff_a, collection=ow.collection)
    baseline = rates[0]
    assert (baseline.asked, baseline.answered, baseline.percent) == (3, 1, 33.3)
    assert baseline.due == ["Lead.A", "Staff.A"]
    assert rates[1].due == []  # not open yet


def test_reminders_go_to_those_who_have_not_answered(ow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=ow.lead_a, collection=ow.collection, timepoint=ow.baseline)
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    Invitation.objects.update(sent_on=week_ago)
    done = invitation_of(ow, "student.a@example.org", ow.baseline)
    services.answers_save(
        actor=ow.student, invitation=done, answers=swemwbs_answers(ow), finish=True
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
        assert services.reminders_send() == 0  # not again the same day
    assert sorted(m.to[0] for m in mail.outbox) == ["lead.a@example.org", "staff.a@example.org"]
    assert all(m.subject.startswith("Reminder") for m in mail.outbox)


def test_only_linkage_module_touches_the_key():
    """No other module of the app (or of the code base) uses the linkage key (the personal-data
    map names it as a string, for retention and erasure)."""
    from pathlib import Path

    root = Path(linkage.__file__).parent.parent
    users = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "LinkageKey" in path.read_text() and "migrations" not in path.parts
    ]
    assert sorted(users) == [
        "outcomes/linkage.py",
        "outcomes/models.py",
        "outcomes/personal_data.py",
    ]
    assert "import LinkageKey" not in (root / "outcomes" / "personal_data.py").read_text()
    assert '"outcomes.LinkageKey"' in (root / "outcomes" / "personal_data.py").read_text()
