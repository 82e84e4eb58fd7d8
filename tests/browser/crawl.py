"""The crawler behind tests/browser/test_crawl.py (issue #15, "a crawl of every page").

Breadth-first over the links a signed-in person sees, GET only, within the site. Pages are grouped
by their resolved URL name (`events:detail`): at most `PER_NAME` pages of each name are opened per
role (a thousand bookings are one page, not a thousand), so the crawl reaches every kind of page a
role can see in minutes. Every opened page is checked for HTTP errors, script and console errors, and
developer text (tests/page_text.py, on every response); the first page of each name is also checked
with axe and for horizontal overflow at 320 and 390 px.

A URL name counts as *reached* when some page links to it (`<a href>`) or posts a form to it: a
download or a "Cancel" button is reached without being opened."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.browser.a11y import axe_violations
from tests.browser.test_first_hour import overflow

PER_NAME = 1
PHONES = (320, 390)
# Not opened: the admin site, the API, files, signing out (it would end the crawl).
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout", "/static/", "/media/")
SKIP_SUFFIXES = (".pdf", ".ics", ".csv", ".xlsx", ".atom", ".json", ".png", ".svg", ".txt")
# Views that answer with a file (their names: opening them would start a download).
DOWNLOADS = ("download", "export", "pdf", "csv", "ics", "qr", "feed", "poster", "file")
# Pages whose names say "download" or "feed" but which are HTML pages (a status page with the
# files' links, a page to turn a calendar feed on or off): opened and checked like any other.
PAGES_NAMED_LIKE_FILES = frozenset({"accounts:data-download", "engagements:calendar-feed"})

WIDEST = """() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && r.width > 0) {
            out.push(`${el.tagName.toLowerCase()}.${el.className}#${el.id} (${Math.round(r.right)} px)`);
        }
    }
    return out.slice(-3).join(", ");
}"""

LINKS = """() => ({
    links: Array.from(document.querySelectorAll("a[href]"), a => a.href),
    images: Array.from(document.querySelectorAll("img[src]"), i => i.src),
    forms: Array.from(document.querySelectorAll("form"),
                      f => [(f.getAttribute("method") || "get").toLowerCase(),
                            new URL(f.getAttribute("action") || "", location.href).href]),
})"""


def url_names() -> dict[str, str]:
    """Every named URL pattern of the site: name -> its route (for the report)."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                found.setdefault(f"{namespace}{p.name}", prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "/", "")
    return found


def name_of(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


def is_download(name: str, path: str) -> bool:
    if name in PAGES_NAMED_LIKE_FILES:
        return False
    last = name.rsplit(":", 1)[-1]
    return path.split("?")[0].endswith(SKIP_SUFFIXES) or any(
        word in last.split("_") or word in last.split("-") for word in DOWNLOADS
    )


def _open(page: Any, path: str) -> Any:
    """Open a page; once more if a late redirect of the previous page interrupted it."""
    try:
        return page.goto(path)
    except Exception as exc:
        if "interrupted by another navigation" not in str(exc):
            raise
        page.wait_for_load_state()
        return page.goto(path)


def _widest(page: Any) -> str:
    """The innermost elements that stick out on the right, to say what to fix."""
    return str(page.evaluate(WIDEST))


@dataclass
class Crawl:
    """What one crawl (all roles) found. `checked` is shared so each name is axe-checked once."""

    reached: dict[str, set[str]] = field(default_factory=dict)  # name -> roles
    opened: dict[str, int] = field(default_factory=dict)  # role -> pages opened
    checked: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went, for the report

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.monotonic() - started

    def timings(self) -> str:
        spent = sorted(self.seconds.items(), key=lambda item: -item[1])
        return ", ".join(f"{step} {secs:.0f} s" for step, secs in spent)

    def reach(self, name: str, role: str) -> None:
        self.reached.setdefault(name, set()).add(role)

    def check(self, page: Any, path: str, name: str) -> None:
        if name in self.checked:
            return
        self.checked.add(name)
        with self.timed("axe"):
            violations = axe_violations(page)
        for violation in violations:
            targets = [" ".join(map(str, n.get("target", []))) for n in violation["nodes"][:3]]
            self.problems.append(f"{path} ({name}): axe {violation['id']} at {targets}")
        with self.timed("phone widths"):
            for width in PHONES:
                page.set_viewport_size({"width": width, "height": 800})
                extra = overflow(page)
                if extra > 0:
                    self.problems.append(
                        f"{path} ({name}): {extra} px too wide at {width} px: {_widest(page)}"
                    )
            page.set_viewport_size({"width": 1280, "height": 800})

    def run(self, page: Any, role: str, start: list[str], errors: list[str]) -> None:
        """Crawl as whoever `page` is signed in as; `errors` is the page's script/CSP error list."""
        # Every console error, not only CSP ones (the `open_page` default): a failed image or
        # script load is a broken page too.
        page.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" not in msg.text
                else None
            ),
        )
        if page.url == "about:blank":  # signed out: nothing opened yet
            page.goto(start[0])
        host = urlsplit(page.url).netloc
        seen: set[str] = set(start)
        source: dict[str, str] = {}
        per_name: Counter[str] = Counter()
        queue = deque(start)
        opened = 0
        while queue:
            path = queue.popleft()
            name = name_of(path) or path
            before = len(errors)
            where = f"{path} ({name}, linked from {source.get(path, 'the start')}, as {role})"
            try:
                with self.timed("opening pages"):
                    response = _open(page, path)
            except Exception as exc:  # a download, or an error status with no page to show
                if "Download is starting" not in str(exc):
                    self.problems.append(f"{where}: {str(exc).splitlines()[0]}")
                page.goto("about:blank")  # so that the error page does not hold up the next one
                continue
            if response is None:
                continue
            if response.status >= 400:
                self.problems.append(f"{where}: HTTP {response.status}")
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            opened += 1
            self.reach(name, role)
            landed = urlsplit(page.url)
            landed_name = name_of(landed.path)
            if landed_name:
                self.reach(landed_name, role)
            self.check(page, path, name)
            with self.timed("reading links"):
                found = page.evaluate(LINKS)
            hrefs = list(found["links"])
            for src in found["images"]:
                image = urlsplit(src)
                image_name = name_of(image.path) if image.netloc == host else None
                if image_name:
                    self.reach(image_name, role)
            for method, action in found["forms"]:
                if method == "get":
                    hrefs.append(action)
                    continue
                target = urlsplit(urldefrag(action)[0])
                target_name = name_of(target.path) if target.netloc == host else None
                if target_name:
                    self.reach(target_name, role)
            for href in hrefs:
                url = urlsplit(urldefrag(href)[0])
                if url.netloc != host:
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                target_name = name_of(url.path)
                if target_name is None:
                    self.problems.append(f"{path} ({name}): link to {target} finds no page")
                    continue
                self.reach(target_name, role)
                if (
                    target in seen
                    or target.startswith(SKIP_PREFIXES)
                    or is_download(target_name, target)
                    or per_name[target_name] >= PER_NAME
                ):
                    continue
                seen.add(target)
                source[target] = path
                per_name[target_name] += 1
                queue.append(target)
            for message in errors[before:]:
                self.problems.append(f"{path} ({name}): script or CSP error: {message}")
        self.opened[role] = opened
        print(f"crawl: {role} opened {opened} pages; {len(self.reached)} names reached", flush=True)
