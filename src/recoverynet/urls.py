from django.contrib import admin
from django.urls import include, path

from .api import api
from .core.url_index import app_urls

handler400 = "recoverynet.core.views.bad_request"
handler403 = "recoverynet.core.views.permission_denied"
handler404 = "recoverynet.core.views.page_not_found"
handler500 = "recoverynet.core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("me/", include("recoverynet.accounts.urls")),
    app_urls("recoverynet.billing.urls"),
    app_urls("recoverynet.events.urls"),
    app_urls("recoverynet.challenges.urls"),
    app_urls("recoverynet.plans.urls"),
    app_urls("recoverynet.library.urls"),
    app_urls("recoverynet.newsletter.urls"),
    app_urls("recoverynet.webhooks.urls"),
    app_urls("recoverynet.operations.urls"),
    app_urls("recoverynet.feedback.urls"),
    app_urls("recoverynet.outcomes.urls"),
    app_urls("recoverynet.engagements.urls"),
    app_urls("recoverynet.colleges.urls"),
    app_urls("recoverynet.colleges.network_urls"),
    app_urls("recoverynet.privacy.urls"),
    app_urls("recoverynet.network.urls"),
]
