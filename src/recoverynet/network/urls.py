from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("networks/", views.network_list, name="network-list"),
    path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
    path("directory/", views.directory, name="directory"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisations/<slug:slug>/people/", views.organisation_people, name="organisation-people"
    ),
    path(
        "organisations/<slug:slug>/people/<int:affiliation_id>/",
        views.affiliation_edit,
        name="affiliation-edit",
    ),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<slug:slug>/history/", views.organisation_audit, name="organisation-audit"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("me/organisations/", views.my_organisations, name="my-organisations"),
    path("manage/", views.manage, name="manage"),
    path("manage/networks/add/", views.network_add, name="network-add"),
    path("manage/organisations/", views.organisation_list_manage, name="organisation-list-manage"),
    path("manage/organisations/add/", views.organisation_add, name="organisation-add"),
    path(
        "manage/memberships/<int:membership_id>/end/", views.membership_end, name="membership-end"
    ),
    path(
        "manage/memberships/<int:membership_id>/history/",
        views.membership_audit,
        name="membership-audit",
    ),
    path("manage/people/<int:person_id>/history/", views.person_audit, name="person-audit"),
    path("manage/<slug:slug>/", views.manage_network, name="manage-network"),
    path("manage/<slug:slug>/settings/", views.network_settings, name="network-settings"),
    path("manage/<slug:slug>/tax-rates/", views.tax_rate_add, name="tax-rate-add"),
    path("manage/<slug:slug>/tiers/add/", views.tier_add, name="tier-add"),
    path("manage/<slug:slug>/tiers/<int:tier_id>/edit/", views.tier_edit, name="tier-edit"),
    path("manage/<slug:slug>/memberships/add/", views.membership_add, name="membership-add"),
    path("manage/<slug:slug>/team/add/", views.team_add, name="team-add"),
    path("manage/<slug:slug>/team/<int:role_id>/remove/", views.team_remove, name="team-remove"),
    path(
        "manage/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
]
