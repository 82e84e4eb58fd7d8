"""An organisation's progress over time over HTTP."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.network import selectors as network_selectors

from .. import selectors
from .schemas import ProgressOut

router = Router(tags=["self-assessment"])


@router.get(
    "/organisations/{slug}/progress",
    response=ProgressOut,
    auth=api_auth,
    summary="Agreed ratings across rounds (progress over time)",
)
@private_read("challenges", "network")
def progress(request: HttpRequest, slug: str, family: str = "ten-organisational-challenges") -> Any:
    organisation = network_selectors.organisation_public(slug)
    result = selectors.organisation_progress(
        actor=request.user, organisation=organisation, family=family
    )
    return {
        "organisation": organisation.slug,
        "framework_family": family,
        "rounds": [
            {
                "id": r.public_id,
                "title": r.title,
                "closed_at": r.closed_at,
                "agreed": [
                    {"challenge": number, "level": key, "value": value, "rationale": ""}
                    for (number, key), value in sorted(result.agreed[r.pk].items())
                ],
                "priorities": [
                    {
                        "rank": p.rank,
                        "challenge": p.challenge.number,
                        "level": p.level.key,
                        "reason": p.reason,
                    }
                    for p in result.priorities[r.pk]
                ],
            }
            for r in result.rounds
        ],
    }
