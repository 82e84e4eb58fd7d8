from django.urls import path

from . import authenticator, views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("perspective/", views.perspective, name="perspective"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("authenticator/replace/", authenticator.replace, name="authenticator-replace"),
    path("data/", views.data_download, name="data-download"),
    path("close/", views.erase, name="erase"),
]
