"""The outcomes app's pages (thin: access in the selectors, writes in the services)."""

from .answer import answer_as_self, answer_by_link, my_questionnaires
from .instruments import instruments, signposts
from .manage import collection_detail, collection_new, organisation_index, send_links, wording
from .pools import college_pool, college_pool_publish, network_pool, network_pool_publish
from .results import export, results, results_publish
from .sharing import share_start, share_stop, shared_with_me

__all__ = [
    "answer_as_self",
    "answer_by_link",
    "collection_detail",
    "collection_new",
    "college_pool",
    "college_pool_publish",
    "export",
    "instruments",
    "my_questionnaires",
    "network_pool",
    "network_pool_publish",
    "organisation_index",
    "results",
    "results_publish",
    "send_links",
    "share_start",
    "share_stop",
    "shared_with_me",
    "signposts",
    "wording",
]
