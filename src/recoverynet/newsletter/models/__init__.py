"""The network newsletter: a publication per network, issues with ordered sections, contributed
articles with an editorial workflow (`editorial`), subscriptions with double opt-in, and sending
records (`audience`)."""

from .audience import (
    ConsentEvent,
    ConsentRecord,
    Delivery,
    DeliveryStatus,
    Send,
    SendStatus,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
)
from .editorial import (
    AUTHOR_EDITABLE,
    Article,
    ArticleAuthor,
    ArticleComment,
    ArticleImage,
    ArticleStatus,
    CommentKind,
    Issue,
    IssueStatus,
    Publication,
    Section,
    SectionKind,
    Series,
)

__all__ = [
    "AUTHOR_EDITABLE",
    "Article",
    "ArticleAuthor",
    "ArticleComment",
    "ArticleImage",
    "ArticleStatus",
    "CommentKind",
    "ConsentEvent",
    "ConsentRecord",
    "Delivery",
    "DeliveryStatus",
    "Issue",
    "IssueStatus",
    "Publication",
    "Section",
    "SectionKind",
    "Send",
    "SendStatus",
    "Series",
    "Subscription",
    "SubscriptionStatus",
    "Suppression",
    "SuppressionReason",
]
