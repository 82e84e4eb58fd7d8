"""PDF downloads: attendance certificates (invoices and credit notes are in `billing`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from recoverynet.core.downloads import protect

from .. import documents, selectors


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    protect(response, filename=filename)
    return response


@login_required
def certificate_pdf(request: HttpRequest, delegate_id: int) -> HttpResponse:
    delegate = selectors.attended_delegate(actor=request.user, delegate_id=delegate_id)
    return _pdf_response(documents.certificate_pdf(delegate), f"certificate-{delegate.pk}.pdf")
