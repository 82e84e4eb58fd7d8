"""A URLconf of its own, for tests/core/test_template_builtins.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("elsewhere/<uuid:public_id>/", lambda request, public_id: HttpResponse(), name="elsewhere")
]
