"""Markdown as plain text for e-mails, and links the sanitiser removed (issue #15)."""

from __future__ import annotations

from recoverynet.core.markdown import render, to_plain_text

BODY = """# Big news

Some **bold** and *leaning* text with a [link](https://example.org/a) and a [trap](javascript:alert(1)).

## Next steps

- one
- two

1. first
2. second
"""


def test_plain_text_has_no_markdown_marks_and_no_removed_links() -> None:
    text = to_plain_text(BODY)
    assert "#" not in text and "**" not in text and "*leaning*" not in text
    assert text.startswith("BIG NEWS\n\nSome bold and leaning text")
    assert "link (https://example.org/a)" in text
    assert "trap." in text and "javascript" not in text
    assert "NEXT STEPS\n\n- one\n- two\n\n1. first\n2. second" in text


def test_a_removed_link_does_not_look_like_a_link_on_the_page() -> None:
    html = str(render("A [trap](javascript:alert(1)) and <a title='x' href='data:x'>data</a>."))
    assert "<a" not in html
    assert "A trap and data." in html
    assert '<a href="https://example.org"' in str(render("[ok](https://example.org)"))
