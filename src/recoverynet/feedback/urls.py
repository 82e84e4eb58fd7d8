"""URLs of the feedback and debate pages."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("me/feedback/", views.my_feedback, name="my-feedback"),
    path("feedback/<uuid:public_id>/", views.answer, name="answer"),
    path("f/<str:code>/", views.short_link, name="short-link"),
    path("feedback/<uuid:public_id>/results/", views.results, name="results"),
    path(
        "feedback/<uuid:public_id>/answers/<uuid:answer_id>/moderate/",
        views.answer_moderate,
        name="answer-moderate",
    ),
    path("feedback/<uuid:public_id>/export.<str:fmt>", views.export, name="export"),
    path("manage/feedback/", views.manage_index, name="manage"),
    path("manage/feedback/summary/<slug:slug>/", views.summary, name="summary"),
    path("manage/feedback/<str:kind>/<str:target_id>/", views.for_target, name="for-target"),
    path("manage/feedback/<str:kind>/<str:target_id>/form/", views.form_create, name="form-create"),
    path("manage/feedback/<str:kind>/<str:target_id>/debate/", views.debate_add, name="debate-add"),
    path("manage/feedback-forms/<uuid:public_id>/", views.form_manage, name="form-manage"),
    path("manage/feedback-forms/<uuid:public_id>/status/", views.form_status, name="form-status"),
    path(
        "manage/feedback-forms/<uuid:public_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question-edit",
    ),
    path(
        "manage/feedback-forms/<uuid:public_id>/questions/<int:question_id>/action/",
        views.question_action,
        name="question-action",
    ),
    path("manage/debates/<uuid:public_id>/", views.debate_manage, name="debate-manage"),
    path("manage/debates/<uuid:public_id>/action/", views.debate_action, name="debate-action"),
    path("debates/<uuid:public_id>/projector/", views.projector, name="projector"),
    path("debates/<uuid:public_id>/projector/live/", views.projector_live, name="projector-live"),
    path(
        "debates/<uuid:public_id>/projector/stream/",
        views.projector_stream,
        name="projector-stream",
    ),
    path("debates/<uuid:public_id>/report/", views.debate_report, name="debate-report"),
    path("debates/<uuid:public_id>/report.pdf", views.debate_report_pdf, name="debate-report-pdf"),
    path("vote/<uuid:public_id>/", views.vote, name="vote"),
    path("vote/<uuid:public_id>/join/", views.join, name="join"),
    path("d/<str:code>/", views.debate_short_link, name="debate-short"),
    path("join/", views.card_join, name="card-join"),
    path(
        "manage/debates/<uuid:public_id>/speakers/<int:speaker_id>/",
        views.speaker_manage,
        name="speaker-manage",
    ),
    path("me/speaking/<int:speaker_id>/leave/", views.speaker_leave, name="speaker-leave"),
    path("manage/debates/<uuid:public_id>/cards/", views.debate_cards, name="debate-cards"),
    path("manage/feedback-forms/<uuid:public_id>/cards/", views.form_cards, name="form-cards"),
]
