"""PDF documents (invoices, certificates) from HTML templates with WeasyPrint.

Nothing is fetched over the network: the template carries its own CSS, and a URL fetcher refuses
anything that is not a data: URL.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF documents may not load {url!r}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads Pango, which pages never need

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_no_network).write_pdf()
