"""URLs of the action-plan pages. The paths are the ones they had under `challenges`."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path(
        "organisations/<slug:slug>/action-plans/",
        views.organisation_plans,
        name="organisation-plans",
    ),
    path("action-plans/<uuid:public_id>/", views.plan_detail, name="plan-detail"),
    path(
        "action-plans/<uuid:public_id>/actions/<int:action_id>/",
        views.action_update,
        name="action-update",
    ),
]
