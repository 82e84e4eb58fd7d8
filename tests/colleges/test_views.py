from __future__ import annotations

from django.test import Client
from django.urls import reverse

from recoverynet.colleges.models import Attendance, Certificate, Enrolment, Student
from recoverynet.colleges.services import enrolment as enrolment_services
from tests.conftest import make_user, page_queries, sign_in

from .conftest import CollegeWorld, make_course, make_student, make_term


def test_student_registers_enrols_on_two_courses_and_sees_my_learning(cw: CollegeWorld) -> None:
    term = make_term(cw)
    first = make_course(cw, term, title="Understanding anxiety")
    second = make_course(cw, term, title="Sleep well", capacity=1)
    user = make_user("newstudent@example.org", full_name="Sam New")
    client = sign_in(Client(), user)
    page = client.get(reverse("colleges:register", args=[cw.college.slug]))
    assert page.status_code == 200
    assert b"never ask about your health" in page.content
    response = client.post(
        reverse("colleges:register", args=[cw.college.slug]), {"preferred_name": "Sam"}
    )
    assert response.status_code == 302
    assert Student.objects.get(user=user).preferred_name == "Sam"
    for course in (first, second):
        response = client.post(reverse("colleges:course-enrol", args=[course.public_id]))
        assert response.status_code == 302
    mine = client.get(reverse("colleges:my-learning"))
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "Understanding anxiety" in text and "Sleep well" in text
    assert "Sessions to come" in text
    again = client.post(reverse("colleges:course-enrol", args=[first.public_id]), follow=True)
    assert "already enrolled" in again.content.decode()
    assert Enrolment.objects.filter(student__user=user).count() == 2


def test_register_form_refuses_blank_name(cw: CollegeWorld) -> None:
    client = sign_in(Client(), make_user("blank@example.org"))
    response = client.post(
        reverse("colleges:register", args=[cw.college.slug]), {"preferred_name": "   "}
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert not Student.objects.exists()


def test_prospectus_filters_and_constant_queries(cw: CollegeWorld) -> None:
    term = make_term(cw)
    make_course(cw, term, title="Anxiety")
    make_course(cw, term, title="Family course", suitable_for="family_carers")
    url = reverse("colleges:prospectus", args=[cw.college.slug, term.slug])
    client = Client()
    page = client.get(url, {"suitable_for": "family_carers"}).content.decode()
    assert "Family course" in page and "Anxiety" not in page
    few = page_queries(client, url)
    for i in range(4):
        make_course(cw, term, title=f"More {i}")
    assert page_queries(client, url) == few


def test_draft_term_is_not_public(cw: CollegeWorld) -> None:
    term = make_term(cw)
    make_course(cw, term, publish=False)
    url = reverse("colleges:prospectus", args=[cw.college.slug, term.slug])
    assert Client().get(url).status_code == 404
    assert sign_in(Client(), cw.peer_trainer).get(url).status_code == 200


def test_prospectus_pdf_ics_and_feed(cw: CollegeWorld) -> None:
    term = make_term(cw)
    make_course(cw, term, title="Hope and recovery")
    client = Client()
    pdf = client.get(reverse("colleges:prospectus-pdf", args=[cw.college.slug, term.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    ics = client.get(reverse("colleges:term-ics", args=[cw.college.slug, term.slug]))
    assert ics.content.count(b"BEGIN:VEVENT") == 3
    feed = client.get(reverse("colleges:college-feed", args=[cw.college.slug]))
    assert feed["Content-Type"] == "application/atom+xml"
    assert b"Hope and recovery" in feed.content


def test_register_page_saves_marks_and_refuses_bad_ones(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "att@example.org")
    enrolment = enrolment_services.enrolment_create(actor=user, course=course)
    session = course.sessions.get(number=1)
    url = reverse("colleges:session-register", args=[cw.college.slug, session.pk])
    trainer = sign_in(Client(), cw.peer_trainer)
    assert trainer.get(url).status_code == 200
    bad = trainer.post(url, {f"mark_{enrolment.pk}": "asleep"})
    assert bad.status_code == 400
    assert not Attendance.objects.exists()
    assert trainer.post(url, {f"mark_{enrolment.pk}": "late"}).status_code == 302
    assert Attendance.objects.get().mark == "late"
    # Another college's manager and students may not.
    assert sign_in(Client(), cw.other_manager).get(url).status_code == 403
    assert sign_in(Client(), user).get(url).status_code == 403


def test_certificate_only_after_completion(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), sessions=2, min_sessions_to_complete=2)
    user, _ = make_student(cw, "cert@example.org")
    enrolment = enrolment_services.enrolment_create(actor=user, course=course)
    client = sign_in(Client(), user)
    url = reverse("colleges:certificate-issue", args=[enrolment.public_id])
    client.post(url)
    assert not Certificate.objects.exists()
    for session in course.sessions.all():
        Attendance.objects.create(enrolment=enrolment, session=session, mark="present")
    response = client.post(url)
    certificate = Certificate.objects.get()
    assert response.url == reverse("colleges:certificate-pdf", args=[certificate.public_id])
    pdf = client.get(response.url)
    assert pdf.content.startswith(b"%PDF")
    other = sign_in(Client(), make_user("nosy@example.org"))
    assert other.get(response.url).status_code == 404


def test_manage_pages_are_for_the_college_staff(cw: CollegeWorld) -> None:
    term = make_term(cw)
    course = make_course(cw, term, cofacilitated=False)
    urls = [
        reverse("colleges:college-manage", args=[cw.college.slug]),
        reverse("colleges:term-manage", args=[cw.college.slug, term.slug]),
        reverse("colleges:course-manage", args=[cw.college.slug, course.public_id]),
    ]
    manager = sign_in(Client(), cw.manager)
    for url in urls:
        assert manager.get(url).status_code == 200
        assert sign_in(Client(), cw.other_manager).get(url).status_code == 403
        assert sign_in(Client(), cw.world.outsider).get(url).status_code == 403
    page = manager.get(urls[1]).content.decode()
    assert "Sessions without co-facilitation" in page


def test_publishing_without_cofacilitation_needs_a_reason(cw: CollegeWorld) -> None:
    term = make_term(cw)
    make_course(cw, term, title="Published one")
    course = make_course(cw, term, title="Solo", cofacilitated=False, publish=False)
    url = reverse("colleges:course-manage", args=[cw.college.slug, course.public_id])
    client = sign_in(Client(), cw.manager)
    response = client.post(url, {"publish": "1", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    course.refresh_from_db()
    assert course.status == "draft"
    client.post(url, {"publish": "1", "reason": "Our professional trainer left; recruiting."})
    course.refresh_from_db()
    assert course.status == "published"
    assert course.cofacilitation_reason_by == cw.manager


def test_manager_creates_and_publishes_a_term(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    bad = client.post(
        reverse("colleges:college-manage", args=[cw.college.slug]),
        {"name": "Summer 2027", "starts_on": "2027-06-01", "ends_on": "2027-05-01"},
    )
    assert bad.status_code == 400
    assert "must end on or after" in bad.content.decode()
    response = client.post(
        reverse("colleges:college-manage", args=[cw.college.slug]),
        {"name": "Summer 2027", "starts_on": "2027-05-01", "ends_on": "2027-07-31"},
    )
    assert response.status_code == 302
    term_url = response.url
    refused = client.post(term_url, {"publish_term": "1"}, follow=True)
    assert "Publish at least one course" in refused.content.decode()
