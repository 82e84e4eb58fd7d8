"""Article text: Markdown, sanitised by the one renderer (core/markdown.py, with tables),
then uploaded images placed as figures.

Images in the Markdown itself (`![..](..)`) are not allowed through: every image must be an upload
with its alt text, placed with a line reading `[[image 2]]`. Images not placed in the text follow it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from recoverynet.core import markdown as core_markdown

from .models import ArticleImage

PLACEHOLDER = re.compile(r"<p>\s*\[\[\s*image\s+(\d{1,3})\s*\]\]\s*</p>", re.IGNORECASE)
PLACEHOLDER_TEXT = re.compile(r"^\s*\[\[\s*image\s+(\d{1,3})\s*\]\]\s*$", re.IGNORECASE | re.M)


def sanitised_html(text: str) -> str:
    return core_markdown.to_html(text, tables=True)


def figure(image: ArticleImage, src: str) -> str:
    caption = format_html("<figcaption>{}</figcaption>", image.caption) if image.caption else ""
    return format_html(
        '<figure class="rn-figure"><img src="{}" alt="{}" class="rn-figure__img">{}</figure>',
        src,
        image.alt_text,
        mark_safe(caption),  # noqa: S308 (built by format_html above)
    )


def article_html(
    body: str, images: Iterable[ArticleImage], image_src: Callable[[ArticleImage], str]
) -> SafeString:
    """The article body as safe HTML. `image_src` gives each image's address for the edition
    (a page URL on the web and in e-mail, a data: URL in the PDF)."""
    by_number = {image.number: image for image in images}
    placed: set[int] = set()

    def place(match: re.Match[str]) -> str:
        number = int(match.group(1))
        image = by_number.get(number)
        if image is None:
            return ""
        placed.add(number)
        src = image_src(image)
        return figure(image, src) if src else ""

    html = PLACEHOLDER.sub(place, sanitised_html(body))
    rest = "".join(
        figure(image, src)
        for n, image in sorted(by_number.items())
        if n not in placed and (src := image_src(image))
    )
    return mark_safe(html + rest)  # noqa: S308 (sanitised by nh3; figures escaped by format_html)


def markdown_without_html(body: str) -> str:
    """The Markdown with any raw HTML and HTML comments taken out, as the web edition does: what
    the page does not show (a comment such as "<!-- written by … -->") is published nowhere."""
    return core_markdown.without_html(body)


def article_text(body: str, images: Iterable[ArticleImage]) -> str:
    """The plain-text edition: the Markdown (readable as it is, without raw HTML), with image
    placeholders replaced by their descriptions."""
    by_number = {image.number: image for image in images}

    def describe(match: re.Match[str]) -> str:
        image = by_number.get(int(match.group(1)))
        return f"[Image: {image.alt_text}]" if image else ""

    return PLACEHOLDER_TEXT.sub(describe, core_markdown.to_plain_text(body)).strip()
