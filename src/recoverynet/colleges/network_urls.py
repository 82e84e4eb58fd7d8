"""URLs of the Learning Network's pages (namespace `learning_network`, mounted in the root urls)."""

from django.urls import path

from .views import (
    network_fidelity,
    network_home,
    network_mentoring,
    network_peer_review,
    network_report,
)

app_name = "learning_network"

urlpatterns = [
    path("learning-network/<slug:slug>/", network_home.network_home, name="network-home"),
    path("learning-network/days/<uuid:public_id>/", network_home.learning_day, name="learning-day"),
    path(
        "learning-network/<slug:slug>/report/", network_report.network_report, name="network-report"
    ),
    path(
        "learning-network/<slug:slug>/report.csv",
        network_report.network_report_csv,
        name="network-report-csv",
    ),
    path(
        "learning-network/<slug:slug>/report.xlsx",
        network_report.network_report_xlsx,
        name="network-report-xlsx",
    ),
    # Fidelity (RECOLLECT)
    path(
        "colleges/<slug:slug>/fidelity/", network_fidelity.college_fidelity, name="college-fidelity"
    ),
    path("fidelity/<uuid:public_id>/", network_fidelity.fidelity_review, name="fidelity-review"),
    path("fidelity/<uuid:public_id>/rate/", network_fidelity.fidelity_rate, name="fidelity-rate"),
    path(
        "learning-network/<slug:slug>/fidelity/",
        network_fidelity.network_fidelity,
        name="network-fidelity",
    ),
    path(
        "manage/learning-network/<slug:slug>/fidelity-wording/",
        network_fidelity.fidelity_wording,
        name="fidelity-wording",
    ),
    # External peer review
    path("peer-reviews/", network_peer_review.my_peer_reviews, name="my-peer-reviews"),
    path(
        "learning-network/<slug:slug>/peer-reviews/",
        network_peer_review.network_peer_reviews,
        name="network-peer-reviews",
    ),
    path("peer-reviews/<uuid:public_id>/", network_peer_review.peer_review, name="peer-review"),
    path(
        "peer-reviews/<uuid:public_id>/self-review/",
        network_peer_review.self_review,
        name="self-review",
    ),
    path(
        "peer-reviews/<uuid:public_id>/report.pdf",
        network_peer_review.report_pdf,
        name="peer-review-pdf",
    ),
    # Mentoring
    path("mentoring/", network_mentoring.my_mentoring, name="my-mentoring"),
    path(
        "learning-network/<slug:slug>/mentoring/",
        network_mentoring.network_mentoring,
        name="network-mentoring",
    ),
    path("mentoring/<uuid:public_id>/", network_mentoring.mentoring_pair, name="mentoring-pair"),
]
