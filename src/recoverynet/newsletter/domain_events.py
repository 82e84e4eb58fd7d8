"""What the newsletter announces."""

from recoverynet.core.domain_events import define

ARTICLE_PUBLISHED = define(
    "article.published",
    summary="An article was published in a newsletter issue.",
    payload={
        "article_id": "The article's id.",
        "issue_id": "The issue's id.",
        "title": "The article's title.",
        "url": "The article on the web edition.",
    },
)
