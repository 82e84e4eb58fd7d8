"""First links sent automatically (one e-mail each, through the outbox), and the Recovery College
course as a cohort: its enrolled students, the follow-up at the course's end, and the baseline
"at enrolment" sent when a student enrols (a domain event; outcomes never imports colleges)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core.errors import ApplicationError
from recoverynet.outcomes import services, sources
from recoverynet.outcomes.models import Collection, Invitation, Participant, Timepoint
from tests.colleges.conftest import build_college_world, make_course, make_student, make_term
from tests.conftest import sign_in

from .conftest import plans

pytestmark = pytest.mark.django_db


def plan(ow, **changes):
    data = {
        "actor": ow.lead_a,
        "organisation": ow.org_a,
        "title": "Automatic",
        "instruments": [ow.swemwbs],
        "source_kind": "team",
        "source_ref": "team",
        "timepoints": plans(),
        "retain_until": timezone.localdate() + datetime.timedelta(days=400),
    }
    data.update(changes)
    return services.collection_create(**data)


def test_first_links_go_out_when_a_collection_opens(ow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        collection = plan(ow)
    # 3 for this collection, and the fixture's own collection's 3 (it sends automatically too).
    assert len(mail.outbox) == 6 and all(len(m.to) == 1 for m in mail.outbox)
    sent = Invitation.objects.filter(timepoint__collection=collection, sent_on__isnull=False)
    assert sent.count() == 3 and {i.timepoint.kind for i in sent} == {"baseline"}


def test_the_job_sends_each_first_link_once(ow, django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    collection = plan(
        ow,
        timepoints=[
            services.TimepointPlan("baseline", tomorrow, 14),
            services.TimepointPlan("end", tomorrow + datetime.timedelta(days=30), 14),
        ],
    )
    assert services.first_links_send() == 0  # not open yet
    Timepoint.objects.filter(collection=collection, kind="baseline").update(
        due_from=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.first_links_send() == 3
    assert services.first_links_send() == 0
    assert len(mail.outbox) == 6  # with the fixture collection's 3


def test_by_hand_collections_are_left_to_the_button(ow):
    collection = plan(ow, send_automatically=False)
    assert services.first_links_send() == 0
    assert not Invitation.objects.filter(
        timepoint__collection=collection, sent_on__isnull=False
    ).exists()


def test_baseline_at_enrolment_needs_a_source_that_announces_joiners(ow):
    with pytest.raises(ApplicationError) as caught:
        plan(ow, add_joiners=True)
    assert caught.value.field == "add_joiners"
    with pytest.raises(ApplicationError) as caught:
        plan(
            ow,
            timepoints=[
                services.TimepointPlan("baseline", timezone.localdate(), 14),
                services.TimepointPlan("end", None, 14),
            ],
        )
    assert caught.value.field == "due_from"
    assert Collection.objects.count() == 1


# --- A Recovery College course --------------------------------------------------------------------


@pytest.fixture
def course_world(ow):
    cw = build_college_world(ow)
    term = make_term(cw)
    course = make_course(cw, term)
    user, _ = make_student(cw, "early@example.org", "Early Student")
    enrolment_services.enrolment_create(actor=user, course=course)
    ow.cw, ow.course = cw, course
    return ow


def test_the_course_source_is_registered_by_colleges(course_world):
    ow = course_world
    source = sources.get("colleges.course")
    refs = dict(source.choices(ow.lead_a, ow.org_a))
    assert str(ow.course.public_id) in refs
    assert source.choices(ow.lead_b, ow.org_b) == []  # another organisation's college
    members = source.members(ow.lead_a, ow.org_a, str(ow.course.public_id))
    assert [(m.name, m.email) for m in members] == [("Early Student", "early@example.org")]
    with pytest.raises(ApplicationError):
        source.members(ow.staff_a, ow.org_a, str(ow.course.public_id))
    with pytest.raises(ApplicationError):
        source.members(ow.lead_a, ow.org_a, "not-a-course")


def test_baseline_at_enrolment_and_follow_up_at_course_end(
    course_world, django_capture_on_commit_callbacks
):
    ow = course_world
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        collection = plan(
            ow,
            source_kind="colleges.course",
            source_ref=str(ow.course.public_id),
            add_joiners=True,
            timepoints=[
                services.TimepointPlan("baseline", today, 40),
                services.TimepointPlan("end", None, 14),
            ],
        )
    baseline, end = list(collection.timepoints.all())
    assert end.due_from == datetime.date(2027, 1, 25)  # the course's last session
    assert collection.pool_label == "Alpha Recovery College"
    assert ["early@example.org"] in [m.to for m in mail.outbox]
    user, _ = make_student(ow.cw, "late@example.org", "Late Student")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_services.enrolment_create(actor=user, course=ow.course)
    late = Participant.objects.get(collection=collection, email="late@example.org")
    assert late.user_id == user.pk
    assert Invitation.objects.filter(participant=late).count() == 2
    assert Invitation.objects.get(participant=late, timepoint=baseline).sent_on == today
    assert mail.outbox[-1].to == ["late@example.org"] and "/q/" in mail.outbox[-1].body
    # Announced again (e.g. once per network): nothing twice.
    services.participant_join(
        source_kind="colleges.course",
        source_ref=str(ow.course.public_id),
        member=sources.Member("Late Student", "late@example.org", user.pk),
    )
    assert Participant.objects.filter(collection=collection, email="late@example.org").count() == 1


def test_no_joiners_once_the_baseline_has_closed(course_world, django_capture_on_commit_callbacks):
    ow = course_world
    collection = plan(
        ow,
        source_kind="colleges.course",
        source_ref=str(ow.course.public_id),
        add_joiners=True,
        timepoints=[
            services.TimepointPlan("baseline", timezone.localdate(), 5),
            services.TimepointPlan("end", None, 14),
        ],
    )
    Timepoint.objects.filter(collection=collection, kind="baseline").update(
        due_from=timezone.localdate() - datetime.timedelta(days=30)
    )
    user, _ = make_student(ow.cw, "late@example.org", "Late Student")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_services.enrolment_create(actor=user, course=ow.course)
    assert not Participant.objects.filter(email="late@example.org").exists()


def test_planning_a_course_collection_on_the_page(course_world, client):
    ow = course_world
    sign_in(client, ow.lead_a)
    page = client.get("/organisations/alpha-nhs-trust/outcomes/new/").content.decode()
    assert "Students of Understanding anxiety" in page and "Baseline at enrolment" in page
    today = timezone.localdate()
    response = client.post(
        "/organisations/alpha-nhs-trust/outcomes/new/",
        {
            "title": "Anxiety course",
            "instruments": [ow.swemwbs.pk],
            "source": f"colleges.course:{ow.course.public_id}",
            "baseline_from": today.isoformat(),
            "baseline_days": 30,
            "end_from": "",
            "end_days": 14,
            "reminder_days": 7,
            "max_reminders": 2,
            "send_automatically": "on",
            "add_joiners": "on",
            "retain_until": (today + datetime.timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 302
    collection = Collection.objects.get(title="Anxiety course")
    assert collection.add_joiners and collection.send_automatically


def test_baseline_at_enrolment_for_a_team_is_refused_on_the_page(ow, client):
    sign_in(client, ow.lead_a)
    today = timezone.localdate()
    response = client.post(
        "/organisations/alpha-nhs-trust/outcomes/new/",
        {
            "title": "Team",
            "instruments": [ow.swemwbs.pk],
            "source": "team:team",
            "baseline_from": today.isoformat(),
            "baseline_days": 30,
            "end_from": "",
            "end_days": 14,
            "reminder_days": 7,
            "max_reminders": 2,
            "retain_until": (today + datetime.timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Enter the date each timepoint is due from." in response.content.decode()
    assert Collection.objects.count() == 1
