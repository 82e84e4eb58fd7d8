"""Django's `date` filter and `url` tag, answered faster for what pages repeat in every table row
(settings.TEMPLATES "builtins": they replace Django's own in every template).

Both give exactly what Django's would (tests/core/test_template_builtins.py compares them) and hand
anything else to Django's own:

- `{{ value|date:"j M Y" }}`: a format made only of the common letters below is split once per
  process and filled in directly, with Django's own (translated) month and day names. Django's
  formatter builds a formatter object and reads the format afresh for every value: 16 µs a date
  against 3, and "My bookings" shows 160 dates (issue #17).
- `{% url "app:name" thing.public_id %}`: an address whose only argument is a UUID is reversed once
  per name (and URLconf, script prefix, language and current app) with a sample id; each row then
  puts its own id where the sample's was. A UUID is written the same way by every converter that
  accepts one, and needs no quoting. Reversing took 20 µs an address, and "My bookings" links
  130 of them.
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import template
from django.template import defaultfilters, defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.formats import FORMAT_SETTINGS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# --- Dates -----------------------------------------------------------------------------------------

Part = Callable[[datetime.date], str]
_DATE_PARTS: dict[str, Part] = {
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "n": lambda d: str(d.month),
    "m": lambda d: f"{d.month:02d}",
    "M": lambda d: MONTHS_3[d.month].title(),  # as Django's "M"
    "F": lambda d: str(MONTHS[d.month]),
    "Y": lambda d: f"{d.year:04d}",
    "l": lambda d: str(WEEKDAYS[d.weekday()]),
}
_TIME_PARTS: dict[str, Part] = {
    "H": lambda d: f"{d.hour:02d}",  # type: ignore[attr-defined]
    "i": lambda d: f"{d.minute:02d}",  # type: ignore[attr-defined]
    "s": lambda d: f"{d.second:02d}",  # type: ignore[attr-defined]
}


@functools.lru_cache(maxsize=256)
def _date_plan(fmt: str) -> tuple[tuple[Part | str, ...], bool] | None:
    """The format as parts to fill in, and whether it needs a time; None where Django must do it
    (no format or a format setting's name, an escaped letter, or any letter not above)."""
    if not fmt or fmt in FORMAT_SETTINGS:
        return None
    parts: list[Part | str] = []
    timed = False
    for char in fmt:
        if char in _DATE_PARTS:
            parts.append(_DATE_PARTS[char])
        elif char in _TIME_PARTS:
            parts.append(_TIME_PARTS[char])
            timed = True
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(char)
    return tuple(parts), timed


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter (the value arrives in the reader's time zone, as there)."""
    plan = _date_plan(arg) if isinstance(arg, str) else None
    if plan is None or not isinstance(value, datetime.date):
        return defaultfilters.date(value, arg)
    parts, timed = plan
    if timed and not isinstance(value, datetime.datetime):
        return defaultfilters.date(value, arg)  # Django's own refusal
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


# --- Addresses of one thing -------------------------------------------------------------------------

# Not a UUID of any version or variant: a converter that takes only some UUIDs (version 4, say)
# refuses it, and its names are then always reversed by Django.
_SAMPLE = UUID("5a3e0c1b-7d2f-0e6a-0b8c-0d1e2f3a4b5c")
_SLOW = ("",)  # a name this does not answer: Django reverses it every time
_patterns: dict[tuple[Any, ...], tuple[str, ...]] = {}
_patterns_lock = threading.Lock()


def _around_id(view_name: str, current_app: str | None) -> tuple[str, ...]:
    """The address of `view_name` for a sample id, split where the id goes; or `_SLOW`."""
    urlconf = get_urlconf()
    # The resolver itself, not only its module's name: `clear_url_caches()` (tests that change
    # the URLconf) makes a new one, and with it new keys.
    key: tuple[Any, ...] = (view_name, current_app, get_resolver(urlconf), urlconf)
    key += (get_script_prefix(), get_language())
    found = _patterns.get(key)
    if found is not None:
        return found
    try:
        sample = reverse(view_name, args=[_SAMPLE], current_app=current_app)
    except NoReverseMatch:
        found = _SLOW
    else:
        head, _, tail = sample.partition(str(_SAMPLE))
        found = (head, tail) if sample.count(str(_SAMPLE)) == 1 else _SLOW
    with _patterns_lock:
        if len(_patterns) > 4096:
            _patterns.clear()  # URLconfs swapped by tests, many times over: start afresh
        _patterns[key] = found
    return found


def _current_app(context: template.Context) -> str | None:
    # As Django's own tag finds it.
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


class URLNode(defaulttags.URLNode):
    def render(self, context: template.Context) -> str | SafeString:
        # Each argument is resolved once, as in Django's tag (a callable is called once).
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        url = None
        if not kwargs and len(args) == 1 and isinstance(args[0], UUID):
            around = _around_id(view_name, current_app)
            if around is not _SLOW:
                url = f"{around[0]}{args[0]}{around[1]}"
        if url is None:
            try:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> URLNode:
    """Django's `url` tag (same arguments, same answers)."""
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
