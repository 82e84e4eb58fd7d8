"""Markdown that people write (event descriptions, newsletter articles): the one renderer.

Markdown becomes HTML with Python-Markdown, and the HTML is then sanitised by nh3 against one
allow-list: a few text tags, links (http, https and mailto only, `rel="noopener noreferrer
nofollow"`) and, where asked for, tables. No images (a picture needs its alt text, so pictures are
uploads placed by the app itself), no scripts, no styles, no event-handler or other attributes.

The page's own title is its `h1`, so the text's top heading becomes `h2` (whether the writer
started with `#` or `##`), keeping the levels below it in step, down to `h4`."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown as python_markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "strong",
        "em",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "code",
        "pre",
    }
)
TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "th", "td"})
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set[str]()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)


def demote_headings(text: str) -> str:
    """Shift the Markdown headings so that the top one is `##` (h2), none deeper than `####`."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(text)]
    if not levels:
        return text
    shift = 2 - min(levels)
    return _HEADING.sub(lambda m: "#" * min(max(len(m.group(1)) + shift, 2), 4), text)


# A link whose address the sanitiser removed (javascript:, data:, …): only its text is kept, so it
# does not look like a link that goes nowhere.
_DEAD_LINK = re.compile(r"<a(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.S)


def sanitise(html_text: str, *, tables: bool = False) -> str:
    """HTML cut down to the allow-list (anything else is dropped, its text kept)."""
    return _DEAD_LINK.sub(r"\1", _clean(html_text, tables=tables))


def _clean(html_text: str, *, tables: bool) -> str:
    return nh3.clean(
        html_text,
        tags=set(TAGS | TABLE_TAGS) if tables else set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )


def to_html(text: str, *, tables: bool = False) -> str:
    """The Markdown as sanitised HTML (a plain string: callers that add more mark it safe)."""
    extensions = ["sane_lists", "tables"] if tables else ["sane_lists"]
    return sanitise(
        python_markdown.markdown(demote_headings(text), extensions=extensions), tables=tables
    )


def render(text: str, *, tables: bool = False) -> SafeString:
    """The Markdown as HTML safe to put in a page."""
    return mark_safe(to_html(text, tables=tables))  # noqa: S308 (sanitised by nh3 above)


def without_html(text: str) -> str:
    """The Markdown with any raw HTML and HTML comments taken out (for plain-text editions):
    what the page does not show is published nowhere."""
    return html.unescape(nh3.clean(text, tags=set()))


class _PlainText(HTMLParser):
    """Sanitised HTML (from `to_html`) as plain text for e-mails: no Markdown marks left (`##`,
    `**`), headings in capitals, list items with "- " or "1. ", a link as "text (address)" — and a
    link the sanitiser took out (a `javascript:` address, say) as its text alone."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [number of the next item] or [] for ul
        self.href: list[str] = []
        self.heading = False
        self.pre = False

    def _block(self) -> None:
        if self.out and not "".join(self.out[-2:]).endswith("\n\n"):
            self.out.append("\n\n" if not "".join(self.out[-1:]).endswith("\n") else "\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "h2", "h3", "h4", "blockquote", "pre", "table", "hr"}:
            self._block()
        if tag in {"h2", "h3", "h4"}:
            self.heading = True
        elif tag == "pre":
            self.pre = True
        elif tag in {"ul", "ol"}:
            if not self.lists:
                self._block()
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            if self.out and not self.out[-1].endswith("\n"):
                self.out.append("\n")
            indent = "  " * (len(self.lists) - 1)
            current = self.lists[-1] if self.lists else []
            if current:
                self.out.append(f"{indent}{current[0]}. ")
                current[0] += 1
            else:
                self.out.append(f"{indent}- ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "hr":
            self.out.append("----")
        elif tag in {"td", "th"}:
            self.out.append(" | " if self.out and not self.out[-1].endswith("\n") else "")
        elif tag == "tr":
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h2", "h3", "h4"}:
            self.heading = False
        elif tag == "pre":
            self.pre = False
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://")):
                self.out.append(f" ({href})")
            elif href.startswith("mailto:"):
                self.out.append(f" ({href.removeprefix('mailto:')})")
        if tag in {"p", "h2", "h3", "h4", "blockquote", "pre", "table"}:
            self._block()

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if not self.out or self.out[-1].endswith("\n"):
                data = data.lstrip()
        self.out.append(data.upper() if self.heading else data)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self.out).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def to_plain_text(text: str, *, tables: bool = False) -> str:
    """The Markdown as plain text for e-mails' text part: rendered and sanitised exactly as the page
    is (so what the page leaves out, the text leaves out), then written out without markup."""
    parser = _PlainText()
    parser.feed(to_html(text, tables=tables))
    parser.close()
    return parser.text()
