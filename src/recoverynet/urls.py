from django.contrib import admin
from django.urls import include, path

from .api import api

handler400 = "recoverynet.core.views.bad_request"
handler403 = "recoverynet.core.views.permission_denied"
handler404 = "recoverynet.core.views.page_not_found"
handler500 = "recoverynet.core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("me/", include("recoverynet.accounts.urls")),
    path("", include("recoverynet.billing.urls")),
    path("", include("recoverynet.events.urls")),
    path("", include("recoverynet.challenges.urls")),
    path("", include("recoverynet.plans.urls")),
    path("", include("recoverynet.library.urls")),
    path("", include("recoverynet.newsletter.urls")),
    path("", include("recoverynet.webhooks.urls")),
    path("", include("recoverynet.operations.urls")),
    path("", include("recoverynet.feedback.urls")),
    path("", include("recoverynet.outcomes.urls")),
    path("", include("recoverynet.engagements.urls")),
    path("", include("recoverynet.colleges.urls")),
    path("", include("recoverynet.colleges.network_urls")),
    path("", include("recoverynet.privacy.urls")),
    path("", include("recoverynet.network.urls")),
]
