"""URLs of the action-plan pages (kept apart from the round pages)."""

from django.urls import path

from . import framework_views, plan_views

urlpatterns = [
    path(
        "organisations/<slug:slug>/action-plans/",
        plan_views.organisation_plans,
        name="organisation-plans",
    ),
    path("action-plans/<uuid:public_id>/", plan_views.plan_detail, name="plan-detail"),
    path(
        "action-plans/<uuid:public_id>/actions/<int:action_id>/",
        plan_views.action_update,
        name="action-update",
    ),
    path(
        "self-assessment/<uuid:public_id>/action-plan/",
        plan_views.plan_from_round,
        name="plan-from-round",
    ),
    path(
        "manage/events/<uuid:public_id>/review-agenda/",
        plan_views.review_agenda,
        name="review-agenda",
    ),
    path("frameworks/<int:pk>/edit/", framework_views.framework_edit, name="framework-edit"),
]
