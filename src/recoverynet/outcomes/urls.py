"""URLs of the outcome questionnaire pages."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("organisations/<slug:slug>/outcomes/", views.organisation_index, name="organisation"),
    path("organisations/<slug:slug>/outcomes/wording/", views.wording, name="wording"),
    path("organisations/<slug:slug>/outcomes/new/", views.collection_new, name="collection-new"),
    path("organisations/<slug:slug>/outcomes/signposts/", views.signposts, name="signposts"),
    path("outcomes/instruments/", views.instruments, name="instruments"),
    path("outcomes/<uuid:public_id>/", views.collection_detail, name="collection"),
    path(
        "outcomes/<uuid:public_id>/timepoints/<int:position>/send/",
        views.send_links,
        name="send-links",
    ),
    path("outcomes/<uuid:public_id>/results/", views.results, name="results"),
    path(
        "outcomes/<uuid:public_id>/results/publish/",
        views.results_publish,
        name="results-publish",
    ),
    path("organisations/<slug:slug>/outcomes/pools/<slug:key>/", views.college_pool, name="pool"),
    path(
        "organisations/<slug:slug>/outcomes/pools/<slug:key>/publish/",
        views.college_pool_publish,
        name="pool-publish",
    ),
    path("networks/<slug:slug>/outcomes/results/", views.network_pool, name="network-pool"),
    path(
        "networks/<slug:slug>/outcomes/results/publish/",
        views.network_pool_publish,
        name="network-pool-publish",
    ),
    path(
        "outcomes/<uuid:public_id>/export.<str:fmt>",
        views.export,
        name="export",
    ),
    path("q/<str:token>/", views.answer_by_link, name="answer"),
    path("me/questionnaires/", views.my_questionnaires, name="mine"),
    path("me/questionnaires/share/", views.share_start, name="share-start"),
    path("me/questionnaires/share/<int:share_id>/stop/", views.share_stop, name="share-stop"),
    path("outcomes/shared-with-me/", views.shared_with_me, name="shared-with-me"),
    path("me/questionnaires/<int:invitation_id>/", views.answer_as_self, name="answer-self"),
]
