"""Signed-in pages kept for the person who asked for them, until something they show is written.

Issue #17 asks for a signed-in page's p95 under 200 ms with 50 clients; made afresh, pages such as
"My bookings" or a self-assessment's progress take 10–40 ms of one core each, which on two cores
cannot serve 50 clients that fast. So a person's page is kept (in the shared cache) and given back
to *the same signed-in session* while nothing it shows has changed, as public pages are
(`page_cache`); a first visit is made afresh as before.

**What makes a kept page stale.** It is kept with the current version of:
- `writes:<app>` for each app whose data the page shows (the view says which: `private_page("events",
  "billing")`). Every service writes an audit entry (`core.audit`), and each entry bumps its app's
  version after commit; an entry written in the Django admin (its own log) does the same.
- `writes:accounts` and `writes:core` on every page: its header names the person, and an erasure
  or a retention purge (recorded once, in core) can wipe rows any page shows;
- `roles:<person>`, bumped whenever one of the person's network roles or affiliations is saved or
  deleted (`network.access`), so losing a role takes effect on the next request.
So any change through a service shows at once, to everyone; a write no service makes (a migration,
a bulk load) within `PRIVATE_PAGE_CACHE_SECONDS` at most, which also bounds what time alone changes
("upcoming" becoming "past").

**Whose page it is.** The key is made from the person's id, the session key and the CSRF cookie (the
page's forms carry a token made from it), or for the API the bearer token's digest; the page is
made afresh whenever any of them differs. A signed-in request is authenticated as before on every
visit; only the view's own work is skipped. Pages with a message waiting are never served from or
stored in the cache (the message must show once), nor answers that set a cookie or are not 200.

Without a cache every process shares (no `REDIS_URL`), it is off.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings
from django.contrib.admin.models import DELETION
from django.contrib.admin.utils import NestedObjects
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import router, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from . import page_cache

View = Callable[..., HttpResponse]
Authenticate = Callable[[HttpRequest], Any]


def writes_topic(app_label: str) -> str:
    return f"writes:{app_label}"


def written(app_label: str) -> None:
    """Something of `app_label` was written: its pages are stale once the transaction commits
    (`core.audit` calls this for every entry, or once per app for a batch of entries).

    Bumped whenever the cache is shared, even where this process keeps no pages itself: another
    process (a worker, or a web server run with keeping on) may keep pages this write makes stale."""
    if not settings.REDIS_URL:
        return
    transaction.on_commit(lambda: page_cache.bump(writes_topic(app_label)))


def _enabled() -> bool:
    # Only with a cache every process shares: a role change or a write in one process must reach
    # the pages another keeps (as for public pages and core.versioned).
    return settings.PRIVATE_PAGE_CACHE_SECONDS > 0 and bool(settings.REDIS_URL)


def admin_logged(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The admin site logged a change (signal receiver for its LogEntry, core/apps.py)."""
    content_type = instance.content_type
    if content_type is None or not settings.REDIS_URL:
        return
    apps = {content_type.app_label}
    model = content_type.model_class()
    if instance.action_flag == DELETION and model is not None:
        # Logged before the row is deleted, so what its deletion takes with it is still there.
        apps |= apps_deleted_with(model._default_manager.filter(pk=instance.object_id))
    for app in sorted(apps):
        written(app)


def apps_deleted_with(objects: Iterable[Model]) -> set[str]:
    """The apps whose rows go when `objects` are deleted, through every cascade (as the admin's
    "are you sure?" page lists them): a deletion in one app can wipe rows another app's pages show."""
    objects = list(objects)
    if not objects:
        return set()
    collector = NestedObjects(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    # Keyed by model class (django-stubs says str).
    return {cast(type[Model], model)._meta.app_label for model in collector.model_objs}


def private_page(*apps: str, authenticate: Authenticate | None = None) -> Callable[[View], View]:
    """Keep the view's answer for the signed-in person until one of `apps` is written (see the
    module's notes). Put it under `login_required`, or for an API operation under
    `@decorate_view(...)` with `authenticate` (the API's own authentication, which runs before a
    kept answer is given)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            who = _identity(request, authenticate)
            if who is None:
                return view(request, *args, **kwargs)
            user_id, identity = who
            # For every page: "accounts" (names, the person's in the header), "core" (an erasure or
            # a retention purge, which wipe rows of any app under one entry of their own).
            always = ("accounts", "core")
            topics = [f"roles:{user_id}", *(writes_topic(a) for a in (*always, *apps))]
            # htmx asks for a part of a page at the same address: a different answer.
            part = request.headers.get("HX-Request", "")
            raw = f"{user_id}|{identity}|{get_language()}|{part}|{request.get_full_path()}"
            response = page_cache.kept_or_made(
                "private-page:" + hashlib.sha256(raw.encode()).hexdigest(),
                topics,
                lambda: view(request, *args, **kwargs),
                keep=lambda response: _keepable(request, response),
                seconds=settings.PRIVATE_PAGE_CACHE_SECONDS,
                on_hit=lambda response: None,
            )
            patch_cache_control(response, private=True)
            return response

        return wrapper

    return decorate


def _identity(request: HttpRequest, authenticate: Authenticate | None) -> tuple[int, str] | None:
    """(person id, what else the answer is made for), or None when it may not be kept."""
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if authenticate is not None and header:
        user = authenticate(request)
        if user is None or not getattr(user, "pk", None):
            return None  # refused: the operation itself answers (and says why)
        return user.pk, "token:" + hashlib.sha256(header.encode()).hexdigest()
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or not session.session_key:
        return None
    if CookieStorage.cookie_name in request.COOKIES or "_messages" in session:
        return None  # a message waits to be shown once
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if not csrf:
        return None  # the page would carry a token for a cookie this browser has not got yet
    return user.pk, f"session:{session.session_key}|csrf:{csrf}"


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and _csrf_cookie_kept(request)
    )


def _csrf_cookie_kept(request: HttpRequest) -> bool:
    # A cookie the CSRF check did not accept is replaced on the way out: the page's forms carry a
    # token for the new one, which this key (made from the old) must not give back. (An answer to
    # a bearer token has no cookie to compare.)
    sent = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return sent is None or request.META.get("CSRF_COOKIE") == sent
