from django.urls import path

from recoverynet.core.page_cache import public_page

from . import confirm_views, public_views, work_views

app_name = "newsletter"

urlpatterns = [
    # Readers
    path("newsletter/", public_views.publication_list, name="publication-list"),
    path(
        "newsletter/<slug:network>/",
        # The archive, cached for signed-out visitors until an article is published (issue #17).
        public_page("newsletter")(public_views.publication_home),
        name="publication",
    ),
    path("newsletter/<slug:network>/feed.atom", public_views.ArticleFeed(), name="feed"),
    path("newsletter/<slug:network>/issues/<slug:slug>/", public_views.issue_detail, name="issue"),
    path(
        "newsletter/<slug:network>/issues/<slug:slug>/issue.pdf",
        public_views.issue_pdf,
        name="issue-pdf",
    ),
    path(
        "newsletter/<slug:network>/articles/<slug:slug>/",
        public_views.article_detail,
        name="article",
    ),
    path(
        "newsletter/<slug:network>/series/<slug:slug>/",
        public_views.series_detail,
        name="series",
    ),
    path(
        "newsletter/images/<uuid:public_id>/<int:number>/",
        public_views.article_image,
        name="image",
    ),
    # Subscriptions
    path("newsletter/<slug:network>/subscribe/", public_views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", confirm_views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("newsletter/preferences/<str:token>/", public_views.preferences, name="preferences"),
    # Writers
    path("newsletter/<slug:network>/write/", work_views.article_new, name="article-new"),
    path("my-articles/", work_views.my_articles, name="my-articles"),
    path("my-articles/<uuid:public_id>/", work_views.article_work, name="article-work"),
    path("my-articles/<uuid:public_id>/edit/", work_views.article_edit, name="article-edit"),
    path("my-articles/<uuid:public_id>/images/", work_views.article_images, name="article-images"),
    path(
        "my-articles/<uuid:public_id>/images/<int:number>/remove/",
        work_views.article_image_remove,
        name="article-image-remove",
    ),
    path(
        "my-articles/<uuid:public_id>/<slug:action>/",
        work_views.article_action,
        name="article-action",
    ),
    # Editors
    path("manage/newsletter/<slug:network>/", work_views.editor_home, name="editor-home"),
    path("manage/newsletter/<slug:network>/issues/new/", work_views.issue_new, name="issue-new"),
    path(
        "manage/newsletter/<slug:network>/issues/<slug:slug>/",
        work_views.issue_manage,
        name="issue-manage",
    ),
    path(
        "manage/newsletter/<slug:network>/issues/<slug:slug>/send/",
        work_views.issue_send,
        name="issue-send",
    ),
    path(
        "manage/newsletter/<slug:network>/issues/<slug:slug>/send/progress/",
        work_views.send_progress,
        name="send-progress",
    ),
    path(
        "manage/newsletter/<slug:network>/settings/",
        work_views.publication_settings,
        name="settings",
    ),
    path(
        "manage/newsletter/<slug:network>/sections/",
        work_views.sections_manage,
        name="sections",
    ),
    path(
        "manage/newsletter/<slug:network>/subscribers/",
        work_views.subscribers,
        name="subscribers",
    ),
    path("manage/newsletter-suppressions/", work_views.suppressions, name="suppressions"),
]
