"""Demo account extras: the UK consultant's read-only API token for a capacity spreadsheet (only
its hash is kept; the token itself was never shown, so it is of no use to anyone), and `member`'s
finished "Download my data". Runs after every other loader, so the copy holds what the demo gave
that person. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import DataExport
from recoverynet.core.privacy import export

from . import scopes as token_scopes
from . import services
from .models import ApiToken, User

DOMAIN = "demo.recoverynet.example"
TOKEN_OWNER = f"consultant.uk@{DOMAIN}"
TOKEN_NAME = "Capacity spreadsheet"
EXPORTED = f"member@{DOMAIN}"


def _token() -> int:
    owner = User.objects.filter(email=TOKEN_OWNER).first()
    if owner is None or ApiToken.objects.filter(user=owner, name=TOKEN_NAME).exists():
        return 0
    services.api_token_create(
        actor=owner,
        name=TOKEN_NAME,
        scopes=[token_scopes.READ],  # read-only, every area
        expires_at=timezone.now() + datetime.timedelta(days=180),
    )  # the raw token it returns is dropped here: nobody ever sees it
    return 1


def _data_export() -> int:
    person = User.objects.filter(email=EXPORTED).first()
    if person is None or DataExport.objects.filter(person=person, by_post=False).exists():
        return 0
    made = services.data_export_request(actor=person)
    try:
        export.build(made.pk)  # ready even where tasks wait for a worker (skipped when built)
    except ApplicationError:
        return 0  # no Pango here for the PDF: the export shows as failed, like any other
    return 1


def load_demo() -> dict[str, int]:
    return {"API tokens": _token(), "data exports": _data_export()}
