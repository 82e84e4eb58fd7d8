"""No developer text reaches a page: every HTML page rendered in the test suite is checked.

Every request the suite makes goes through Django's `BaseHandler.get_response` — the test client's
and the live server's (browser tests) alike — so wrapping it once covers every rendered page. A page
whose visible text or attribute values hold template syntax (`{#`, `#}`, `{%`, `{{`) or a Python
`None` rendered as text fails the test that asked for it, naming the page and the text.

Inline `<script>`/`<style>` and `<textarea>`/`<pre>`/`<code>` content is not checked (a person may type
`{{` into a form field, and code samples may show it); everything else a reader can see is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

TEMPLATE_TEXT = ("{#", "#}", "{%", "%}", "{{", "}}")
# "None" as a word on its own: a rendered Python None. Plain English uses "None of …", "None yet" (and Django's admin "None available");
# those are allowed, "None" alone (a cell, a value, "£None", "None None") is not.
NONE_WORD = re.compile(
    r"(?<![\w-])None(?![\w-])(?! of\b)(?! yet\b)(?! available\b)(?! (?:are|is|was|were|has|have|chosen|given|recorded|set|found|listed|selected)\b)"
)
_SKIP_TEXT_IN = {"script", "style", "textarea", "pre", "code"}
_CHECKED_ATTRIBUTES = {
    "href",
    "src",
    "value",
    "title",
    "alt",
    "aria-label",
    "placeholder",
    "action",
    "content",
}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TEXT_IN:
            self.skip_depth += 1
        for name, value in attrs:
            if value and name in _CHECKED_ATTRIBUTES:
                self._check(value, f"<{tag} {name}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT_IN and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._check(data, "text")

    def _check(self, text: str, where: str) -> None:
        for marker in TEMPLATE_TEXT:
            if marker in text:
                self.found.append(f"{where}: template text {marker!r} in {text.strip()[:120]!r}")
                return
        if NONE_WORD.search(text):
            self.found.append(f"{where}: 'None' in {text.strip()[:120]!r}")


def developer_text(html: str) -> list[str]:
    """What on this HTML page is developer text rather than words for people (empty when clean)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


# Findings since the current test started: (path, finding). The autouse fixture in tests/conftest.py
# fails the test when this is not empty and clears it.
FINDINGS: list[tuple[str, str]] = []


def check_response(request: Any, response: Any) -> None:
    if getattr(response, "streaming", False):
        return
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    try:
        html = response.content.decode(response.charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        return
    for finding in developer_text(html):
        FINDINGS.append((request.get_full_path(), finding))


def install() -> Any:
    """Wrap BaseHandler.get_response; returns a function that undoes it."""
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(self: Any, request: Any) -> Any:
        response = original(self, request)
        try:
            check_response(request, response)
        except Exception as exc:  # a checker bug must show, not break the page under test
            FINDINGS.append((request.get_full_path(), f"page-text check failed: {exc!r}"))
        return response

    BaseHandler.get_response = get_response  # type: ignore[method-assign]

    def undo() -> None:
        BaseHandler.get_response = original  # type: ignore[method-assign]

    return undo
