from __future__ import annotations

from django.http import HttpRequest

from . import access


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"is_network_team": bool(user and access.is_network_team(user))}
