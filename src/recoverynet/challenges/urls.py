from django.urls import path

from . import framework_views, report_views, views

app_name = "challenges"

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework-detail"),
    path("frameworks/<int:pk>/edit/", framework_views.framework_edit, name="framework-edit"),
    path(
        "organisations/<slug:slug>/self-assessment/",
        views.organisation_rounds,
        name="organisation-rounds",
    ),
    path("organisations/<slug:slug>/self-assessment/start/", views.round_start, name="round-start"),
    path("self-assessment/<uuid:public_id>/", views.round_detail, name="round-detail"),
    path("self-assessment/<uuid:public_id>/rate/", views.rate, name="rate"),
    path("self-assessment/<uuid:public_id>/ratings/", views.round_grid, name="round-grid"),
    path("self-assessment/<uuid:public_id>/agree/", views.agree_many, name="agree-many"),
    path("self-assessment/<uuid:public_id>/deadline/", views.round_deadline, name="round-deadline"),
    path("self-assessment/<uuid:public_id>/close/", views.round_close, name="round-close"),
    path(
        "self-assessment/<uuid:public_id>/close/undo/",
        views.round_close_undo,
        name="round-close-undo",
    ),
    path(
        "self-assessment/<uuid:public_id>/priorities/",
        views.round_priorities,
        name="round-priorities",
    ),
    path("rate/<str:token>/", views.rate_by_link, name="rate-by-link"),
    path(
        "self-assessment/<uuid:public_id>/action-plan/",
        views.plan_from_round,
        name="plan-from-round",
    ),
    # Reports (report_views.py).
    path(
        "organisations/<slug:slug>/self-assessment/progress/",
        report_views.progress,
        name="progress",
    ),
    path("networks/<slug:slug>/benchmark/", report_views.benchmark, name="benchmark"),
    path(
        "networks/<slug:slug>/benchmark/publish/",
        report_views.benchmark_publish_view,
        name="benchmark-publish",
    ),
    path(
        "self-assessment/<uuid:public_id>/report.pdf",
        report_views.round_report,
        name="round-report",
    ),
    path(
        "self-assessment/<uuid:public_id>/export.csv",
        report_views.round_export,
        name="round-export",
    ),
]
