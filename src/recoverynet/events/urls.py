from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/past/", views.event_archive, name="event-archive"),
    path("events/feed/<slug:slug>.ics", views.network_feed, name="network-feed"),
    path("events/<uuid:public_id>/", views.event_detail, name="event-detail"),
    path("events/<uuid:public_id>/event.ics", views.event_ics_view, name="event-ics"),
    path(
        "events/<uuid:public_id>/picture/<str:name>",
        views.event_picture,
        name="event-picture",
    ),
    path("events/<uuid:public_id>/book/", views.book, name="book"),
    path("events/<uuid:public_id>/interest/", views.interest_register, name="interest"),
    path("learning-sets/<slug:slug>/", views.learning_set_detail, name="learning-set"),
    path("bookings/<uuid:public_id>/", views.booking_detail, name="booking-detail"),
    path("bookings/<uuid:public_id>/cancel/", views.booking_cancel, name="booking-cancel"),
    path(
        "bookings/<uuid:public_id>/cancel/undo/",
        views.booking_cancel_undo,
        name="booking-cancel-undo",
    ),
    path("bookings/<uuid:public_id>/accept/", views.offer_accept, name="offer-accept"),
    path("bookings/<uuid:public_id>/decline/", views.offer_decline, name="offer-decline"),
    path("bookings/<uuid:public_id>/offer/", views.offer_manual, name="offer-manual"),
    path(
        "bookings/<uuid:public_id>/delegates/<int:delegate_id>/cancel/",
        views.delegate_cancel,
        name="delegate-cancel",
    ),
    path(
        "bookings/<uuid:public_id>/delegates/<int:delegate_id>/cancel/undo/",
        views.delegate_cancel_undo,
        name="delegate-cancel-undo",
    ),
    path("me/bookings/", views.my_bookings, name="my-bookings"),
    path("certificates/<int:delegate_id>.pdf", views.certificate_pdf, name="certificate"),
    path("manage/events/", views.manage_events, name="manage-events"),
    path("manage/events/add/<slug:slug>/", views.event_add, name="event-add"),
    path("manage/events/<uuid:public_id>/", views.event_manage, name="event-manage"),
    path("manage/events/<uuid:public_id>/edit/", views.event_edit, name="event-edit"),
    path("manage/events/<uuid:public_id>/publish/", views.event_publish, name="event-publish"),
    path(
        "manage/events/<uuid:public_id>/open-booking/",
        views.event_open_booking,
        name="event-open-booking",
    ),
    path(
        "manage/events/<uuid:public_id>/picture/",
        views.event_picture_edit,
        name="event-picture-edit",
    ),
    path(
        "manage/events/<uuid:public_id>/picture/remove/",
        views.event_picture_remove,
        name="event-picture-remove",
    ),
    path("manage/events/<uuid:public_id>/cancel/", views.event_cancel, name="event-cancel"),
    path("manage/events/<uuid:public_id>/rates/add/", views.rate_add, name="rate-add"),
    path("manage/events/<uuid:public_id>/bookings/", views.event_bookings, name="event-bookings"),
    path(
        "manage/events/<uuid:public_id>/delegates/", views.event_delegates, name="event-delegates"
    ),
    path("manage/events/<uuid:public_id>/check-in/", views.event_check_in, name="event-check-in"),
    path(
        "manage/events/<uuid:public_id>/review-agenda/",
        views.review_agenda,
        name="review-agenda",
    ),
]
