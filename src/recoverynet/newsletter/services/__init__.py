"""Every write to the newsletter except sending (see `sending.py`).

Each function checks who is acting, validates before writing, runs in one transaction and leaves an
audit entry. Invalid input raises `ApplicationError` naming the field, and nothing is written.

- `articles`: drafts, edits and bylines (pseudonyms)
- `workflow`: submit, changes, approve, place in an issue, move, withdraw, comments
- `pictures`: article images
- `issues`: issues and publishing, settings, sections, series
- `subscriptions`: double opt-in, unsubscribe, preferences, the suppression list

Callers use `services.<name>`; everything public is re-exported here.
"""

from .articles import (
    MAX_AUTHORS,
    ArticleInput,
    AuthorInput,
    article_create,
    article_update,
    shown_name,
)
from .issues import (
    issue_create,
    issue_publish,
    issue_update,
    publication_update,
    section_create,
    section_move,
    series_create,
)
from .pictures import MAX_IMAGES, image_add, image_remove
from .subscriptions import (
    CONFIRM_RESEND_AFTER,
    CONFIRM_VALID_FOR,
    normalise_email,
    preferences_save,
    preferences_token,
    subscribe,
    subscription_confirm,
    suppression_add,
    suppression_remove,
    unsubscribe,
    unsubscribe_everything,
    unsubscribe_token,
)
from .undo import article_withdraw_undo
from .workflow import (
    article_approve,
    article_comment,
    article_move,
    article_request_changes,
    article_schedule,
    article_submit,
    article_unschedule,
    article_withdraw,
)

__all__ = [
    "CONFIRM_RESEND_AFTER",
    "CONFIRM_VALID_FOR",
    "MAX_AUTHORS",
    "MAX_IMAGES",
    "ArticleInput",
    "AuthorInput",
    "article_approve",
    "article_comment",
    "article_create",
    "article_move",
    "article_request_changes",
    "article_schedule",
    "article_submit",
    "article_unschedule",
    "article_update",
    "article_withdraw",
    "article_withdraw_undo",
    "image_add",
    "image_remove",
    "issue_create",
    "issue_publish",
    "issue_update",
    "normalise_email",
    "preferences_save",
    "preferences_token",
    "publication_update",
    "section_create",
    "section_move",
    "series_create",
    "shown_name",
    "subscribe",
    "subscription_confirm",
    "suppression_add",
    "suppression_remove",
    "unsubscribe",
    "unsubscribe_everything",
    "unsubscribe_token",
]
