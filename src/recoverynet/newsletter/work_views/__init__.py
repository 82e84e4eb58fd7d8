"""Pages for writers and editors: writing a piece, following it through the editors' review, and
for the editors putting issues together, publishing them and sending the e-mail edition.

Thin: each view checks who is asking (through `access` and the selectors), validates a form, calls
one service and redirects. A business-rule failure from a service goes onto the form; refusals
(403, 404) become the error page.

The modules, by who uses them:

- `articles`: writing and changing a piece, its pictures, and "My articles";
- `article_work`: one piece's work page and the steps taken from it;
- `issues`: the editors' home page, and putting an issue together and publishing it;
- `send`: sending an issue by e-mail and following its progress;
- `structure`: the newsletter's settings, sections and series;
- `audience`: the subscribers and the suppression list;
- `common`: helpers the others share.
"""

from .article_work import article_action, article_work
from .articles import article_edit, article_image_remove, article_images, article_new, my_articles
from .audience import subscribers, suppressions
from .issues import editor_home, issue_manage, issue_new
from .send import issue_send, send_progress
from .structure import publication_settings, sections_manage

__all__ = [
    "article_action",
    "article_edit",
    "article_image_remove",
    "article_images",
    "article_new",
    "article_work",
    "editor_home",
    "issue_manage",
    "issue_new",
    "issue_send",
    "my_articles",
    "publication_settings",
    "sections_manage",
    "send_progress",
    "subscribers",
    "suppressions",
]
