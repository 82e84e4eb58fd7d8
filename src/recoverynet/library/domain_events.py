"""What the library announces."""

from recoverynet.core.domain_events import define

RESOURCE_PUBLISHED = define(
    "resource.published",
    summary="A resource was approved and is now in the members' library.",
    payload={"resource_id": "The resource's id.", "title": "Its title.", "url": "Its page."},
)
