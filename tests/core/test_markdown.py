"""The one Markdown renderer (core/markdown.py): what survives sanitising and what never does."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynet.core import markdown


@pytest.mark.parametrize("tables", [False, True])
def test_scripts_styles_and_handlers_are_removed(tables: bool) -> None:
    html = markdown.to_html(
        "Hello\n\n<script>alert(1)</script>\n\n<style>p{}</style>\n\n"
        '<p onclick="alert(1)" style="color:red" class="x" id="y">click</p>\n\n'
        '<a href="https://example.org" onmouseover="alert(1)" target="_blank">ok</a>',
        tables=tables,
    )
    for bad in (
        "<script",
        "alert(1)</",
        "<style",
        "onclick",
        "onmouseover",
        "style=",
        "class=",
        "id=",
        "target=",
    ):
        assert bad not in html, bad
    assert "<p>click</p>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
    ],
)
def test_only_web_and_mail_links_keep_their_address(link: str) -> None:
    html = markdown.to_html(link)
    assert "href" not in html and "script:" not in html.lower() and "data:" not in html


def test_web_and_mail_links_are_kept() -> None:
    html = markdown.to_html("[site](https://example.org) and [mail](mailto:a@example.org)")
    assert 'href="https://example.org"' in html and 'href="mailto:a@example.org"' in html


@pytest.mark.parametrize("tables", [False, True])
def test_images_are_never_allowed(tables: bool) -> None:
    html = markdown.to_html(
        '![tracker](https://evil.example/p.gif) <img src="x" onerror="alert(1)"> '
        '<svg onload="alert(1)"></svg> <iframe src="https://evil.example"></iframe>',
        tables=tables,
    )
    assert "<img" not in html and "<svg" not in html and "<iframe" not in html
    assert "onerror" not in html and "onload" not in html


def test_tables_only_where_asked_for() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert "<table>" in markdown.to_html(text, tables=True)
    assert "<table" not in markdown.to_html(text) and "<table" not in markdown.to_html(
        "<table><tr><td>1</td></tr></table>"
    )


def test_headings_start_at_h2_and_stop_at_h4() -> None:
    html = markdown.to_html("# Top\n\n## Next\n\n###### Deep")
    assert "<h2>Top</h2>" in html and "<h3>Next</h3>" in html and "<h4>Deep</h4>" in html
    assert "<h1" not in html and "<h5" not in html


def test_render_is_safe_for_templates_and_without_html_keeps_the_text() -> None:
    assert str(markdown.render("**bold**")) == "<p><strong>bold</strong></p>"
    assert markdown.without_html("Hi <!-- secret --> <b>there</b> &amp; you") == "Hi  there & you"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>=\"' /ascriptonerrorhfjv:()[]!#*-\n"))
        | st.characters(exclude_categories=("Cs",)),
        max_size=80,
    )
)
def test_no_script_image_handler_or_script_link_survives_any_input(text: str) -> None:
    parser = _Tags()
    parser.feed(markdown.to_html(text, tables=True))
    allowed = markdown.TAGS | markdown.TABLE_TAGS
    for tag, attrs in parser.found:
        assert tag in allowed, tag
        for name, value in attrs:
            assert name in {"href", "title", "scope", "rel"}, name
            if name == "href":
                assert (value or "").split(":", 1)[0].lower() in {"http", "https", "mailto"} or (
                    ":" not in (value or "").split("/", 1)[0]
                ), value
