"""Frameworks over HTTP: the current ones and one version."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from .. import selectors
from .schemas import FrameworkDetailOut, FrameworkOut

router = Router(tags=["self-assessment"])


@router.get("/frameworks", response=list[FrameworkOut], auth=None, summary="Current frameworks")
def framework_list(request: HttpRequest) -> Any:
    return selectors.frameworks_current()


@router.get(
    "/frameworks/{framework_id}",
    response=FrameworkDetailOut,
    auth=None,
    summary="One framework version",
)
def framework_detail(request: HttpRequest, framework_id: int) -> Any:
    framework = selectors.framework_get(framework_id)
    return {
        **FrameworkOut.from_orm(framework).model_dump(),
        "levels": list(framework.levels.all()),
        "challenges": list(framework.challenges.all()),
        "scale": list(framework.scale.all()),
    }
