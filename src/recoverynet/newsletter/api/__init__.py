"""The newsletter over HTTP: read what is published, contribute and edit articles, subscribe.

Public answers name authors only as their bylines (`name`, `role`): never the person behind a
byline, the contributor, an e-mail address, or whether a byline is a pseudonym. Only the work view
of an article (`/articles/{id}`), which only its writers and the editors can reach, says who is
behind each byline.

The modules:

- `public`: reading the published newsletter (newsletters, issues, articles);
- `contribute`: starting and changing articles and the editors' workflow;
- `subscriptions`: subscribing, confirming and unsubscribing;
- `schemas`: the pydantic request and answer shapes;
- `shaping`: turning models into those answers.

Each operation's `operation_id` is pinned to the one it had when this was a single module
(`recoverynet_newsletter_api_<function>`), so the OpenAPI document and any generated clients stay
the same.
"""

from __future__ import annotations

from ninja import Router

from . import contribute, public, subscriptions

router = Router(tags=["newsletter"])
router.add_router("", public.router)
router.add_router("", contribute.router)
router.add_router("", subscriptions.router)

__all__ = ["router"]
