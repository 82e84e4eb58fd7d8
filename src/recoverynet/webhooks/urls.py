from django.urls import path

from . import views

app_name = "webhooks"

_ENDPOINT = "manage/<slug:network>/webhooks/<uuid:public_id>/"
_DELIVERY = "manage/<slug:network>/webhooks/deliveries/<uuid:public_id>/"

urlpatterns = [
    path("webhooks/events/", views.event_catalogue, name="event-catalogue"),
    path("manage/<slug:network>/webhooks/", views.endpoint_list, name="endpoint-list"),
    path("manage/<slug:network>/webhooks/add/", views.endpoint_add, name="endpoint-add"),
    path(_DELIVERY, views.delivery_detail, name="delivery"),
    path(f"{_DELIVERY}resend/", views.delivery_resend, name="delivery-resend"),
    path(_ENDPOINT, views.endpoint_detail, name="endpoint"),
    path(f"{_ENDPOINT}edit/", views.endpoint_edit, name="endpoint-edit"),
    path(f"{_ENDPOINT}delete/", views.endpoint_delete, name="endpoint-delete"),
    path(f"{_ENDPOINT}rotate/", views.endpoint_rotate, name="endpoint-rotate"),
    path(f"{_ENDPOINT}test/", views.endpoint_test, name="endpoint-test"),
    path(f"{_ENDPOINT}enable/", views.endpoint_enable, name="endpoint-enable"),
]
