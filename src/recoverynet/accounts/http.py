"""Request types for views and API operations that only signed-in people reach."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    user: User
