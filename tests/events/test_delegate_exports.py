"""The delegate list downloads use the shared export (core/exports.py): the stronger formula guard,
the same columns, and headers that keep the list out of caches."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from recoverynet.events import services
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _book(world, event, name):
    services.booking_create(
        actor=world.outsider,
        event=event,
        delegates=[
            services.DelegateInput(
                name=name, email="x@example.org", rate_id=event.non_member_rate.pk
            )
        ],
    )


def test_delegate_csv_guards_names_the_old_rule_missed(world, event):
    """The events copy only looked at the first character: a zero-width space or a full-width equals
    sign went through as a formula."""
    _book(world, event, "\u200b=HYPERLINK(1)")
    _book(world, event, "\uff1dSUM(A1)")
    organiser = sign_in(Client(), world.consultant_uk)
    response = organiser.get(f"/manage/events/{event.public_id}/delegates/?format=csv")
    assert response.streaming and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].endswith(
        f'filename="delegates-{str(event.public_id)[:8]}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:3] == ["Name", "E-mail", "Organisation"]
    assert sorted(row[0] for row in rows[1:]) == ["'\u200b=HYPERLINK(1)", "'\uff1dSUM(A1)"]


def test_delegate_xlsx_has_no_formulas(world, event):
    _book(world, event, "\u200b=HYPERLINK(1)")
    organiser = sign_in(Client(), world.consultant_uk)
    response = organiser.get(f"/manage/events/{event.public_id}/delegates/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Delegates"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert sheet.cell(row=2, column=1).value == "'\u200b=HYPERLINK(1)"
