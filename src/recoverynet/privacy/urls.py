from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_page, name="public"),
    path("manage/privacy/", views.record, name="record"),
    path("manage/privacy/retention/", views.retention, name="retention"),
    path("manage/privacy/retention/propose/", views.rule_propose, name="rule-propose"),
    path("manage/privacy/retention/approve/", views.rule_approve, name="rule-approve"),
    path("manage/privacy/requests/", views.requests, name="requests"),
    path("manage/privacy/requests/export/", views.export_by_post, name="export-by-post"),
    path("manage/privacy/requests/erase/", views.erase_by_request, name="erase-by-request"),
    path(
        "manage/privacy/exports/<uuid:public_id>/<str:kind>/",
        views.export_file,
        name="export-file",
    ),
]
