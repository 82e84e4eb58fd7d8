from django.urls import path

from . import authenticator, views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("things/", views.home, name="home"),
    path("perspective/", views.perspective, name="perspective"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("authenticator/replace/", authenticator.replace, name="authenticator-replace"),
    path("data/", views.data_download, name="data-download"),
    path("data/<uuid:public_id>/<str:kind>/", views.data_export_file, name="data-export-file"),
    path("close/", views.erase, name="erase"),
]
