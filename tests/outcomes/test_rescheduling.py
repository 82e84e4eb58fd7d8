"""A Recovery College course's dates move: its collections' follow-up at the end moves with them
(links not yet sent go out on the new date, links sent and answers given stay); a cancelled course
stops its collections' links (decision 0043). Colleges announces `college_session.changed`;
outcomes subscribes and never imports colleges."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recoverynet.colleges.models import CourseStatus
from recoverynet.colleges.services import course as course_services
from recoverynet.colleges.services import course_edit
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services.announce import session_changed
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.outcomes import services, sources
from recoverynet.outcomes.models import (
    Collection,
    Invitation,
    Participant,
    Response,
    Timepoint,
)
from tests.colleges.conftest import build_college_world, make_course, make_student, make_term
from tests.conftest import sign_in, token_client

from .conftest import swemwbs_answers

pytestmark = pytest.mark.django_db

LAST_SESSION = datetime.date(2027, 1, 25)


@pytest.fixture
def cc(ow, django_capture_on_commit_callbacks):
    """A course with one student, and a collection planned on it: baseline now, the follow-up at
    the end of the course (its last session, 25 January 2027)."""
    cw = build_college_world(ow)
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "early@example.org", "Early Student")
    enrolment_services.enrolment_create(actor=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        collection = services.collection_create(
            actor=ow.lead_a,
            organisation=ow.org_a,
            title="Anxiety course",
            instruments=[ow.swemwbs],
            source_kind="colleges.course",
            source_ref=str(course.public_id),
            timepoints=[
                services.TimepointPlan("baseline", timezone.localdate(), 40),
                services.TimepointPlan("end", None, 14),
            ],
            retain_until=timezone.localdate() + datetime.timedelta(days=400),
            add_joiners=True,
        )
    ow.cw, ow.course, ow.course_collection, ow.early = cw, course, collection, user
    return ow


def end_of(collection):
    return Timepoint.objects.get(collection=collection, kind="end")


def last_session(course):
    return course.sessions.order_by("-number").first()


def move_last_session(cc, days, capture):
    session = last_session(cc.course)
    with capture(execute=True):
        course_edit.session_update(
            actor=cc.cw.manager,
            session=session,
            starts_at=session.starts_at + datetime.timedelta(days=days),
            ends_at=session.ends_at + datetime.timedelta(days=days),
            venue=cc.cw.venue,
        )


def cancel(cc):
    """Colleges has no service to cancel a course yet: whatever it does to the sessions announces
    `college_session.changed`, and the course source reads the course's status."""
    type(cc.course).objects.filter(pk=cc.course.pk).update(status=CourseStatus.CANCELLED)
    session_changed(last_session(cc.course), "changed")


def test_a_moved_session_moves_the_follow_up_at_the_end(cc, django_capture_on_commit_callbacks):
    assert end_of(cc.course_collection).due_from == LAST_SESSION
    baseline = Invitation.objects.get(
        participant__email="early@example.org", timepoint__kind="baseline"
    )
    services.answers_save(
        actor=cc.early, invitation=baseline, answers=swemwbs_answers(cc), finish=True
    )
    move_last_session(cc, 14, django_capture_on_commit_callbacks)
    assert end_of(cc.course_collection).due_from == LAST_SESSION + datetime.timedelta(days=14)
    baseline.refresh_from_db()
    assert baseline.done  # answers given stay
    assert Response.objects.filter(timepoint__collection=cc.course_collection).count() == 1
    entry = AuditEntry.objects.filter(action="outcomes.timepoint.moved").get()
    assert entry.changes["end"] == ["2027-01-25", "2027-02-08"]
    assert "early" not in str(entry.changes)  # nobody named


def test_an_added_session_moves_it_and_a_changed_venue_does_not(
    cc, django_capture_on_commit_callbacks
):
    session = last_session(cc.course)
    with django_capture_on_commit_callbacks(execute=True):
        course_edit.session_update(
            actor=cc.cw.manager,
            session=session,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            online=True,
        )
    assert end_of(cc.course_collection).due_from == LAST_SESSION  # same dates: nothing moves
    assert not AuditEntry.objects.filter(action="outcomes.timepoint.moved").exists()
    with django_capture_on_commit_callbacks(execute=True):
        course_services.session_add(
            actor=cc.cw.manager,
            course=cc.course,
            starts_at=session.starts_at + datetime.timedelta(days=7),
            ends_at=session.ends_at + datetime.timedelta(days=7),
            online=True,
        )
    assert end_of(cc.course_collection).due_from == LAST_SESSION + datetime.timedelta(days=7)


def test_a_removed_session_moves_it_earlier(cc, django_capture_on_commit_callbacks):
    """As colleges' `session_delete` does: announce "deleted", then delete, in one transaction."""
    with django_capture_on_commit_callbacks(execute=True):
        session = last_session(cc.course)
        session_changed(session, "deleted")
        session.delete()
    assert end_of(cc.course_collection).due_from == LAST_SESSION - datetime.timedelta(days=7)


def test_unsent_links_go_out_on_the_new_date(cc, django_capture_on_commit_callbacks):
    end = end_of(cc.course_collection)
    new_end = timezone.localdate() + datetime.timedelta(days=2)
    services.collections_reschedule(
        source_kind="colleges.course",
        change=sources.Reschedule(str(cc.course.public_id), new_end),
    )
    assert services.first_links_send() == 0  # not open yet
    Timepoint.objects.filter(pk=end.pk).update(due_from=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.first_links_send() == 1
    assert mail.outbox[-1].to == ["early@example.org"]


def test_a_closed_follow_up_and_an_end_before_the_start_stay(cc):
    today = timezone.localdate()
    ref = str(cc.course.public_id)
    services.collections_reschedule(
        source_kind="colleges.course", change=sources.Reschedule(ref, today)
    )  # on or before the baseline's day: refused
    assert end_of(cc.course_collection).due_from == LAST_SESSION
    assert AuditEntry.objects.filter(action="outcomes.timepoint.not_moved").count() == 1
    Timepoint.objects.filter(collection=cc.course_collection, kind="baseline").update(
        due_from=today - datetime.timedelta(days=100)
    )
    Timepoint.objects.filter(collection=cc.course_collection, kind="end").update(
        due_from=today - datetime.timedelta(days=30)
    )  # its window closed 16 days ago: history
    services.collections_reschedule(
        source_kind="colleges.course",
        change=sources.Reschedule(ref, today + datetime.timedelta(days=5)),
    )
    assert end_of(cc.course_collection).due_from == today - datetime.timedelta(days=30)


def test_later_follow_ups_and_retention_keep_their_order(cc):
    collection = cc.course_collection
    Timepoint.objects.create(
        collection=collection,
        kind="later",
        position=3,
        due_from=LAST_SESSION + datetime.timedelta(days=10),
        within_days=30,
    )
    Collection.objects.filter(pk=collection.pk).update(retain_until=datetime.date(2027, 3, 10))
    services.collections_reschedule(
        source_kind="colleges.course",
        change=sources.Reschedule(str(cc.course.public_id), datetime.date(2027, 2, 15)),
    )
    later = Timepoint.objects.get(collection=collection, kind="later")
    assert later.due_from == datetime.date(2027, 2, 25)  # moved by the same 21 days
    collection.refresh_from_db()
    assert collection.retain_until == datetime.date(2027, 3, 28)  # the day after it closes


def test_another_course_or_an_unknown_one_changes_nothing(cc, django_capture_on_commit_callbacks):
    other = make_course(cc.cw, cc.course.term, title="Another course")
    with django_capture_on_commit_callbacks(execute=True):
        course_services.session_add(
            actor=cc.cw.manager,
            course=other,
            starts_at=timezone.now() + datetime.timedelta(days=200),
            ends_at=timezone.now() + datetime.timedelta(days=200, hours=1),
            online=True,
        )
    assert end_of(cc.course_collection).due_from == LAST_SESSION
    source = sources.get("colleges.course")
    assert source.rescheduled is not None
    assert source.rescheduled({"course_id": "not-a-uuid", "change": "cancelled"}) is None
    assert source.rescheduled({}) is None


def test_a_cancelled_course_stops_its_links(cc, client, django_capture_on_commit_callbacks):
    collection = cc.course_collection
    baseline = Invitation.objects.get(
        participant__email="early@example.org", timepoint__kind="baseline"
    )
    sent_hash = baseline.token_hash
    with django_capture_on_commit_callbacks(execute=True):
        cancel(cc)
    stopped = Timepoint.objects.filter(collection=collection, stopped_on=timezone.localdate())
    assert stopped.count() == 2
    assert end_of(collection).due_from == LAST_SESSION
    baseline.refresh_from_db()
    assert baseline.token_hash == sent_hash  # the link already sent still works
    # No first links, no reminders, no joiners, no sending by hand.
    Timepoint.objects.filter(collection=collection, kind="end").update(
        due_from=timezone.localdate()
    )
    Invitation.objects.filter(pk=baseline.pk).update(
        sent_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert services.first_links_send() == 0
    assert services.reminders_send() == 0
    with pytest.raises(ApplicationError) as caught:
        services.invitations_send(
            actor=cc.lead_a, collection=collection, timepoint=end_of(collection)
        )
    assert caught.value.code == "stopped" and caught.value.status == 409
    assert (
        services.participant_join(
            source_kind="colleges.course",
            source_ref=str(cc.course.public_id),
            member=sources.Member("Late", "late@example.org"),
        )
        == 0
    )
    assert not Participant.objects.filter(email="late@example.org").exists()
    entry = AuditEntry.objects.get(action="outcomes.collection.stopped")
    assert entry.changes == {"reason": "cancelled", "timepoints": ["baseline", "end"]}
    sign_in(client, cc.lead_a)
    page = client.get(f"/outcomes/{collection.public_id}/").content.decode()
    assert "the course was cancelled, so no more links are sent" in page
    assert f"/outcomes/{collection.public_id}/timepoints/2/send/" not in page
    response = client.post(f"/outcomes/{collection.public_id}/timepoints/2/send/", follow=True)
    assert "no more links are sent" in response.content.decode()


def test_the_api_refuses_links_for_a_stopped_timepoint(cc, django_capture_on_commit_callbacks):
    collection = cc.course_collection
    with django_capture_on_commit_callbacks(execute=True):
        cancel(cc)
    url = f"/api/v1/outcomes/collections/{collection.public_id}/timepoints/2/invitations"
    response = token_client(cc.lead_a).post(url, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "stopped"
    assert token_client(cc.staff_a).post(url, content_type="application/json").status_code in (
        403,
        404,
    )
    detail = token_client(cc.lead_a).get(f"/api/v1/outcomes/collections/{collection.public_id}")
    assert [t["stopped_on"] for t in detail.json()["timepoints"]] == [
        timezone.localdate().isoformat()
    ] * 2
