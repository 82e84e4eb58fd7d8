"""A college's public pages and public API reads are kept for signed-out visitors (core.page_cache,
issue #17: made afresh, the list of 250 colleges or a prospectus took 40-45 ms of CPU a request).

They are kept under the version of every audited write of the colleges app (a course edited, an
enrolment taking a place: the places left), of the network (a college's organisation, a network's
name), of people (a facilitator's name) and of core (an erasure or a purge): so any change through
a service shows on the next visit, and `PAGE_CACHE_SECONDS` bounds what time alone changes."""

from __future__ import annotations

from recoverynet.core.page_cache import public_page
from recoverynet.core.private_pages import writes_topic

TOPICS = tuple(writes_topic(app) for app in ("colleges", "network", "accounts", "core"))

kept_public = public_page(*TOPICS)

# What a college's signed-in pages show, kept for their person (`private_page`).
PAGE_APPS = ("colleges", "network")
