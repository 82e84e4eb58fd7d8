"""The HTTP API at /api/v1/: mounts each app's router. OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from recoverynet.accounts.api import router as accounts_router
from recoverynet.accounts.api_auth import mark_operation
from recoverynet.billing.api import router as billing_router
from recoverynet.billing.membership_api import router as membership_fees_router
from recoverynet.challenges.api import router as challenges_router
from recoverynet.colleges.api import router as colleges_router
from recoverynet.colleges.api.network import router as learning_network_router
from recoverynet.core.api import install_error_handlers
from recoverynet.core.health import router as health_router
from recoverynet.core.openapi import Api
from recoverynet.engagements.api import router as engagements_router
from recoverynet.events.api import router as events_router
from recoverynet.feedback.api import router as feedback_router
from recoverynet.library.api import router as library_router
from recoverynet.network.api import router as network_router
from recoverynet.newsletter.api import router as newsletter_router
from recoverynet.operations.api import router as operations_router
from recoverynet.outcomes.api import router as outcomes_router
from recoverynet.plans.api import router as plans_router
from recoverynet.webhooks.api import router as webhooks_router

api = Api(
    title="recoverynet API",
    version="1",
    description=(
        "Networks, member organisations, memberships and people. Authenticate with a personal API "
        "token (`Authorization: Bearer rn_…`) or a browser session. Errors are always "
        '`{"detail": …, "code": …, "errors": [{"field": …, "message": …}]}`; lists are paginated '
        "with `?page=N` and answer `{items, count, page, pages}`."
    ),
    urls_namespace="api",
)
install_error_handlers(api)
# Token scopes: note each operation's area (from its tag) on the request before authentication.
api.add_decorator(mark_operation, mode="view")
api.add_router("", health_router)
api.add_router("", accounts_router)
api.add_router("", network_router)
api.add_router("", events_router)
api.add_router("", billing_router)
api.add_router("", membership_fees_router)
api.add_router("", challenges_router)
api.add_router("", plans_router)
api.add_router("", library_router)
api.add_router("", newsletter_router)
api.add_router("", webhooks_router)
api.add_router("", feedback_router)
api.add_router("", outcomes_router)
api.add_router("", engagements_router)
api.add_router("", colleges_router)
api.add_router("", learning_network_router)
api.add_router("", operations_router)
