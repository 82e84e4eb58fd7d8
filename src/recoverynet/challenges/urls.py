from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework-detail"),
    path(
        "organisations/<slug:slug>/self-assessment/",
        views.organisation_rounds,
        name="organisation-rounds",
    ),
    path("organisations/<slug:slug>/self-assessment/start/", views.round_start, name="round-start"),
    path("self-assessment/<uuid:public_id>/", views.round_detail, name="round-detail"),
    path("self-assessment/<uuid:public_id>/rate/", views.rate, name="rate"),
    path("self-assessment/<uuid:public_id>/ratings/", views.round_grid, name="round-grid"),
    path("self-assessment/<uuid:public_id>/close/", views.round_close, name="round-close"),
    path(
        "self-assessment/<uuid:public_id>/priorities/",
        views.round_priorities,
        name="round-priorities",
    ),
    path("rate/<str:token>/", views.rate_by_link, name="rate-by-link"),
]
