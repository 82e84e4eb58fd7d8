"""URLs of the colleges pages (public, learning and manage)."""

from django.urls import path

from .views import course_edit, invitations, learning, manage, public, reports, setup

app_name = "colleges"

urlpatterns = [
    path("colleges/", public.college_list, name="college-list"),
    path("colleges/<slug:slug>/", public.college_detail, name="college-detail"),
    path("colleges/<slug:slug>/feed.atom", public.college_feed, name="college-feed"),
    path("colleges/<slug:slug>/register/", learning.register, name="register"),
    path("colleges/<slug:slug>/terms/<slug:term>/", public.prospectus, name="prospectus"),
    path(
        "colleges/<slug:slug>/terms/<slug:term>/prospectus.pdf",
        public.prospectus_pdf,
        name="prospectus-pdf",
    ),
    path("colleges/<slug:slug>/terms/<slug:term>/sessions.ics", public.term_ics, name="term-ics"),
    path("colleges/<slug:slug>/my-plan/", learning.plan_edit, name="plan-edit"),
    path("courses/<uuid:public_id>/", public.course_detail, name="course-detail"),
    path("courses/<uuid:public_id>/enrol/", public.course_enrol, name="course-enrol"),
    path("my-learning/", learning.my_learning, name="my-learning"),
    path("my-learning/sessions.ics", learning.my_sessions_ics, name="my-sessions-ics"),
    path(
        "my-learning/enrolments/<uuid:public_id>/cancel/",
        learning.enrolment_cancel,
        name="enrolment-cancel",
    ),
    path(
        "my-learning/enrolments/<uuid:public_id>/accept/",
        learning.offer_accept,
        name="offer-accept",
    ),
    path(
        "my-learning/enrolments/<uuid:public_id>/certificate/",
        learning.certificate_issue,
        name="certificate-issue",
    ),
    path(
        "certificates/<uuid:public_id>/certificate.pdf",
        learning.certificate_pdf,
        name="certificate-pdf",
    ),
    path("learning-plans/<uuid:public_id>/", learning.plan_detail, name="plan-detail"),
    path("manage/colleges/", manage.my_colleges, name="my-colleges"),
    path("manage/colleges/<slug:slug>/", manage.college_manage, name="college-manage"),
    path(
        "manage/colleges/<slug:slug>/register-someone/",
        manage.register_for,
        name="register-for",
    ),
    path("manage/colleges/<slug:slug>/terms/<slug:term>/", manage.term_manage, name="term-manage"),
    path(
        "manage/colleges/<slug:slug>/courses/<uuid:public_id>/",
        manage.course_manage,
        name="course-manage",
    ),
    path(
        "manage/colleges/<slug:slug>/courses/<uuid:public_id>/certificates/",
        manage.certificates_issue,
        name="certificates-issue",
    ),
    path(
        "manage/colleges/<slug:slug>/terms/<slug:term>/report/",
        reports.term_report,
        name="term-report",
    ),
    path(
        "manage/colleges/<slug:slug>/sessions/<int:session_id>/register/",
        manage.session_register,
        name="session-register",
    ),
    path(
        "manage/colleges/<slug:slug>/public-page/",
        setup.public_page_edit,
        name="public-page-edit",
    ),
    path("manage/colleges/<slug:slug>/venues/", setup.venues, name="venues"),
    path("manage/colleges/<slug:slug>/venues/<int:venue_id>/", setup.venue_edit, name="venue-edit"),
    path("manage/colleges/<slug:slug>/staff/", setup.staff, name="staff"),
    path(
        "manage/colleges/<slug:slug>/staff/<int:row_id>/remove/",
        setup.staff_revoke,
        name="staff-revoke",
    ),
    path(
        "manage/colleges/<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "manage/colleges/<slug:slug>/invitations/<int:invitation_id>/send-again/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "college-invitations/<str:token>/",
        invitations.invitation_accept,
        name="invitation-accept",
    ),
    path("manage/colleges/<slug:slug>/questions/", setup.questions, name="questions"),
    path(
        "manage/colleges/<slug:slug>/questions/<int:question_id>/",
        setup.question_edit,
        name="question-edit",
    ),
    path(
        "manage/colleges/<slug:slug>/terms/<slug:term>/change/",
        course_edit.term_edit,
        name="term-edit",
    ),
    path(
        "manage/colleges/<slug:slug>/courses/<uuid:public_id>/change/",
        course_edit.course_edit,
        name="course-edit",
    ),
    path(
        "manage/colleges/<slug:slug>/courses/<uuid:public_id>/sessions/<uuid:session_id>/",
        course_edit.session_edit,
        name="session-edit",
    ),
    path(
        "manage/colleges/<slug:slug>/courses/<uuid:public_id>/sessions/<uuid:session_id>/delete/",
        course_edit.session_delete,
        name="session-delete",
    ),
]
