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

**Pages of one's own, kept through other people's writes** (decision 0052). Bookings arrive
network-wide every few minutes, and each made every kept "My bookings" stale though it showed none of
them. So a model whose rows a page shows only to the people they concern says who that is
(`scoped(Booking, booking_scopes)`: "person:12", "org:7", "email:<digest>"), and an audited write of
such a row bumps, besides `writes:<app>`, only `writes:<app>:for:<scope>` for each; any other write
of the app (an event edited, an admin change, a row whose model names no scopes) bumps
`writes:<app>:shared`. A page that shows an app's rows only to their people says which scopes it
shows (`private_page(..., scopes=...)`) and is kept with `shared` and those scopes' versions in
place of `writes:<app>`; every other page keeps depending on `writes:<app>`, which every write bumps.
The function is given the view's arguments too, so a page of one thing (an event's page for its
organisers: a booking also names `event:<id>`) can name that thing's scope (decision 0053).
A scope function must name the row's people both before and after the write (a booking's booker,
organisation and places never move to someone else, so one list serves both).

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
from collections.abc import Callable, Iterable, Mapping
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
# The person whose page it is, and the view's own arguments (an event's id, say) → app label → the
# scopes of that app's rows the page shows.
PageScopes = Callable[..., Mapping[str, Iterable[str]]]
# An app label, or a function naming apps when a page is asked for: a foundation app's page that
# shows what registered apps provide (plans' sources) names them without importing them.
AppNames = str | Callable[[], Iterable[str]]

# Model → the scopes of one of its rows (see the module's notes). Filled from AppConfig.ready().
_row_scopes: dict[type[Model], Callable[[Any], Iterable[str]]] = {}


def scoped(model: type[Model], scopes_of: Callable[[Any], Iterable[str]]) -> None:
    """Say who `model`'s rows concern, so a write of one leaves other people's kept pages kept."""
    _row_scopes[model] = scopes_of


def scopes_of(obj: Model) -> frozenset[str] | None:
    """The scopes a write of `obj` concerns, or None when it may concern anyone. Without a cache
    every process shares nothing is bumped (`written`), so nothing is worked out (a scope function
    may read a row or two)."""
    scopes_for = _row_scopes.get(type(obj))
    if scopes_for is None or not settings.REDIS_URL:
        return None
    return frozenset(scopes_for(obj))


def person_scope(person_id: int) -> str:
    return f"person:{person_id}"


def organisation_scope(organisation_id: int) -> str:
    return f"org:{organisation_id}"


def email_scope(email: str) -> str:
    """A scope for whoever has this e-mail address (places are booked by address), without putting
    the address itself into a cache key."""
    return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def writes_topic(app_label: str) -> str:
    return f"writes:{app_label}"


def shared_topic(app_label: str) -> str:
    return f"writes:{app_label}:shared"


def scope_topic(app_label: str, scope: str) -> str:
    return f"writes:{app_label}:for:{scope}"


def written(app_label: str, scopes: Iterable[str] | None = None) -> None:
    """Something of `app_label` was written: its pages are stale once the transaction commits
    (`core.audit` calls this for every entry, or once per app for a batch of entries). `scopes`:
    whom the written rows concern (`scopes_of`), None for anyone.

    Bumped whenever the cache is shared, even where this process keeps no pages itself: another
    process (a worker, or a web server run with keeping on) may keep pages this write makes stale."""
    if not settings.REDIS_URL:
        return
    topics = [writes_topic(app_label)]
    if scopes is None:
        topics.append(shared_topic(app_label))
    else:
        topics += [scope_topic(app_label, scope) for scope in sorted(scopes)]
    transaction.on_commit(lambda: page_cache.bump(*topics))


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


def private_page(
    *apps: AppNames, authenticate: Authenticate | None = None, scopes: PageScopes | None = None
) -> Callable[[View], View]:
    """Keep the view's answer for the signed-in person until one of `apps` is written (see the
    module's notes). Put it under `login_required`, or for an API operation under
    `@decorate_view(...)` with `authenticate` (the API's own authentication, which runs before a
    kept answer is given). `scopes`: for apps whose rows the page shows only to the people they
    concern, which scopes it shows: called with the person and the view's arguments (less the
    request), it answers {app: scopes}, and an app it leaves out is kept under `writes:<app>`."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            who = _identity(request, authenticate)
            if who is None:
                return view(request, *args, **kwargs)
            user, identity = who
            user_id = user.pk
            # For every page: "accounts" (names, the person's in the header), "core" (an erasure or
            # a retention purge, which wipe rows of any app under one entry of their own).
            always = ("accounts", "core")
            own = scopes(user, *args, **kwargs) if scopes is not None else {}
            shown = [name for app in apps for name in ((app,) if isinstance(app, str) else app())]
            topics = [f"roles:{user_id}", *_write_topics((*always, *shown), own)]
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


def _write_topics(apps: Iterable[str], own: Mapping[str, Iterable[str]]) -> list[str]:
    topics = []
    for app in apps:
        if app in own:
            topics.append(shared_topic(app))
            topics += [scope_topic(app, scope) for scope in sorted(set(own[app]))]
        else:
            topics.append(writes_topic(app))
    return topics


def _identity(request: HttpRequest, authenticate: Authenticate | None) -> tuple[Any, str] | None:
    """(the person, what else the answer is made for), or None when it may not be kept."""
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if authenticate is not None and header:
        user = authenticate(request)
        if user is None or not getattr(user, "pk", None):
            return None  # refused: the operation itself answers (and says why)
        return user, "token:" + hashlib.sha256(header.encode()).hexdigest()
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or not session.session_key:
        return None
    if CookieStorage.cookie_name in request.COOKIES or "_messages" in session:
        return None  # a message waits to be shown once
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if not csrf:
        return None  # the page would carry a token for a cookie this browser has not got yet
    return user, f"session:{session.session_key}|csrf:{csrf}"


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
