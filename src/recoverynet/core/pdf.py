"""PDF documents (invoices, certificates) from HTML templates with WeasyPrint.

Nothing is fetched over the network: the template carries its own CSS, and a URL fetcher refuses
anything that is not a data: URL.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from .errors import ApplicationError


def _data_only_fetcher() -> Any:
    """A fetcher that loads data: URLs (embedded images) and refuses everything else."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    try:
        from weasyprint import HTML  # imported lazily: it loads Pango, which pages never need
    except OSError as exc:  # the Pango system library is missing
        raise ApplicationError(
            "pdf_unavailable",
            "PDF documents cannot be made on this server yet. Please tell the network team.",
            status=503,
        ) from exc

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_data_only_fetcher()).write_pdf()
