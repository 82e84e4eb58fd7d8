"""Subject access ("Download my data"): every declared field of every row about the person, complete
by construction because it walks the same map as purge and erasure. Built in the background
(`build`), with progress on the DataExport row, as JSON and as a readable PDF."""

from __future__ import annotations

import datetime
import decimal
import json
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from recoverynet.core import files
from recoverynet.core.models import DataExport
from recoverynet.core.pdf import render_pdf
from recoverynet.core.personal_data import Model

from . import labels, paths, subjects
from .erasure import _emails
from .registry import personal_models

FOLDER = "data-exports"
Progress = Callable[[int, int, str], None]


def _value(row: models.Model, field: models.Field[Any, Any], person_id: Any) -> Any:
    if field.many_to_many:
        return [str(o) for o in getattr(row, field.name).all()]
    if field.is_relation:
        raw = getattr(row, field.attname)
        if raw is None:
            return None
        if paths.is_user_link(field) and raw == person_id:
            return "you"
        return str(getattr(row, field.name))
    value = getattr(row, field.attname)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def _section(
    decl: Model, model: type[models.Model], rows: list[models.Model], pid: Any
) -> dict[str, Any]:
    own = paths.own_fields(model)
    hidden = {n for n, f in decl.fields.items() if not f.export}
    shown = [n for n in own if n not in hidden]
    return {
        "what": decl.describe,
        "record_type": decl.model,
        "why": {
            name: {
                "purpose": f.purpose,
                "kept": f.retention.describe,
                "seen_by": labels.seen_by(f.seen_by),
                "lawful_basis": labels.BASIS[f.basis],
            }
            for name, f in decl.fields.items()
            if f.export
        },
        "records": [
            {"id": str(row.pk), **{n: _value(row, own[n], pid) for n in shown}} for row in rows
        ],
    }


def collect(person: Any, progress: Progress | None = None) -> dict[str, Any]:
    emails = _emails(person)
    decls = personal_models()
    sections = []
    for i, decl in enumerate(decls):
        if progress:
            progress(i, len(decls), decl.describe)
        try:
            model = apps.get_model(decl.model)
        except LookupError:
            continue
        if not decl.subject and not subjects.is_user_model(model):
            continue
        rows = list(subjects.subject_rows(decl, model, person.pk, emails).order_by("pk"))
        if rows:
            sections.append(_section(decl, model, rows, person.pk))
    return {
        "about": "Everything recoverynet holds about you, from its personal-data map.",
        "prepared_at": timezone.now().isoformat(),
        "sections": sections,
    }


def _set(export: DataExport, **changes: Any) -> None:
    for k, v in changes.items():
        setattr(export, k, v)
    DataExport.objects.filter(pk=export.pk).update(**changes)


def build(export_id: int) -> str:
    """Build the JSON and the PDF for one DataExport (run on the documents queue)."""
    export = DataExport.objects.select_related("person").get(pk=export_id)
    if export.status == DataExport.Status.READY:
        return "ready"
    _set(export, status=DataExport.Status.BUILDING, progress=0, step="Starting")
    try:

        def progress(i: int, n: int, step: str) -> None:
            _set(export, progress=min(90, int(90 * i / max(n, 1))), step=step[:200])

        data = collect(export.person, progress)
        _set(export, progress=92, step="Writing the files")
        token = secrets.token_hex(16)
        json_name = files.save(
            FOLDER, f"{token}.json", json.dumps(data, indent=2, ensure_ascii=False).encode()
        )
        pdf = render_pdf("core/privacy/data_export_pdf.html", {"data": data})
        pdf_name = files.save(FOLDER, f"{token}.pdf", pdf)
    except Exception:
        _set(export, status=DataExport.Status.FAILED, step="Something went wrong")
        raise
    _set(
        export,
        status=DataExport.Status.READY,
        progress=100,
        step="Ready",
        json_name=json_name,
        pdf_name=pdf_name,
        finished_at=timezone.now(),
    )
    return "ready"


def request(person: Any, *, requested_by: Any, by_post: bool = False) -> DataExport:
    """Create a DataExport and queue it on the documents queue."""
    from recoverynet.core.tasks import build_data_export

    export = DataExport.objects.create(person=person, requested_by=requested_by, by_post=by_post)
    build_data_export.enqueue(export.pk)
    export.refresh_from_db()
    return export
