"""URLs of the engagement pages."""

from django.urls import path, register_converter

from . import views


class PartConverter:
    """The parts of an engagement with add, change and remove pages."""

    regex = "phases|milestones|goals"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PartConverter, "engagement_part")

app_name = "engagements"

urlpatterns = [
    path("engagements/", views.engagement_list, name="list"),
    path("engagements/ours/", views.client_list, name="client-list"),
    path("engagements/new/<slug:slug>/", views.engagement_create, name="create"),
    path("engagements/capacity/<slug:slug>/", views.capacity, name="capacity"),
    path(
        "engagements/capacity/<slug:slug>/<int:consultant_id>.ics",
        views.consultant_calendar,
        name="consultant-calendar",
    ),
    path("engagements/calendar-feed/", views.calendar_feed, name="calendar-feed"),
    path("engagements/feed/<str:token>.ics", views.feed, name="feed"),
    path("engagements/<uuid:public_id>/", views.engagement_detail, name="detail"),
    path(
        "engagements/<uuid:public_id>/<engagement_part:kind>/new/", views.item_form, name="item-add"
    ),
    path(
        "engagements/<uuid:public_id>/<engagement_part:kind>/<int:item_id>/",
        views.item_form,
        name="item-edit",
    ),
    path(
        "engagements/<uuid:public_id>/<engagement_part:kind>/<int:item_id>/remove/",
        views.item_remove,
        name="item-remove",
    ),
    path(
        "engagements/<uuid:public_id>/milestones/<int:item_id>/reached/",
        views.milestone_reach,
        name="milestone-reached",
    ),
    path("engagements/<uuid:public_id>/quote/", views.quote_form, name="quote"),
    path(
        "engagements/<uuid:public_id>/self-assessment/",
        views.rounds_compared,
        name="rounds-compared",
    ),
    path(
        "engagements/<uuid:public_id>/sessions/<int:session_id>/",
        views.session_edit,
        name="session-edit",
    ),
    path(
        "engagements/<uuid:public_id>/sessions/<int:session_id>/cancel/",
        views.session_cancel,
        name="session-cancel",
    ),
    path(
        "engagements/<uuid:public_id>/top-ups/<int:top_up_id>/reject/",
        views.top_up_reject,
        name="top-up-reject",
    ),
    path("engagements/<uuid:public_id>/status/", views.status_set, name="status"),
    path("engagements/<uuid:public_id>/allocation/", views.allocation_set, name="allocation"),
    path("engagements/<uuid:public_id>/top-ups/", views.top_up_request, name="top-up"),
    path(
        "engagements/<uuid:public_id>/top-ups/<int:top_up_id>/approve/",
        views.top_up_approve,
        name="top-up-approve",
    ),
    path("engagements/<uuid:public_id>/sessions/new/", views.session_log, name="session-log"),
    path("engagements/<uuid:public_id>/outputs/", views.output_add, name="output-add"),
    path(
        "engagements/<uuid:public_id>/outputs/action-plan/", views.output_plan, name="output-plan"
    ),
    path(
        "engagements/<uuid:public_id>/outputs/document/",
        views.output_document,
        name="output-document",
    ),
    path("engagements/<uuid:public_id>/rounds/", views.rounds_link, name="rounds"),
    path("engagements/<uuid:public_id>/log/", views.log_add, name="log-add"),
    path("engagements/<uuid:public_id>/invoice-days/", views.days_invoice, name="invoice-days"),
]
