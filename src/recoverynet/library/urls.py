from django.urls import path

from . import downloads, views

app_name = "library"

urlpatterns = [
    path("library/", views.resource_list, name="resource-list"),
    path("library/share/<slug:slug>/", views.resource_submit, name="resource-submit"),
    path("library/<uuid:public_id>/", views.resource_detail, name="resource-detail"),
    path("library/<uuid:public_id>/download/", downloads.download, name="resource-download"),
    path(
        "library/<uuid:public_id>/download/<int:number>/",
        downloads.download,
        name="resource-download-version",
    ),
    path(
        "library/<uuid:public_id>/v<int:number>/files/<int:file_id>/",
        downloads.download_file,
        name="resource-download-file",
    ),
    path(
        "library/<uuid:public_id>/new-version/",
        views.resource_new_version,
        name="resource-new-version",
    ),
    path("library/<uuid:public_id>/review/", views.resource_moderate, name="resource-moderate"),
    path("manage/library/", views.moderation_queue, name="moderation-queue"),
]
