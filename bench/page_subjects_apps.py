"""The pages of the apps beyond the foundation and events that bench/pages.py measures, each app's
picked from a `generate_scale` installation by one function: (pages, {who: person}). A page's `who`
names the person it is asked for by; each is signed in (and given an API token) by page_subjects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from page_subjects import Page

    from recoverynet.accounts.models import User

Picked = tuple[list["Page"], dict[str, "User"]]

APP_PAGES: list[Callable[[], Picked]] = []
