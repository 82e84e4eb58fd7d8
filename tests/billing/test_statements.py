"""Statements per organisation (pages and API) and the finance team's CSV/XLSX export."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from recoverynet.billing import services
from tests.conftest import page_queries, sign_in, token_client

from .conftest import fee_invoice

pytestmark = pytest.mark.django_db


def _statement_world(world):
    paid = fee_invoice(world, net="100.00")
    services.invoice_mark_paid(
        actor=world.coordinator_uk, invoice=paid, paid_on=paid.issued_on, method="card"
    )
    unpaid = fee_invoice(world, net="200.00")
    credited = fee_invoice(world, net="50.00")
    services.credit_note_issue(actor=world.coordinator_uk, invoice=credited, reason="Waived")
    return paid, unpaid, credited


def test_statement_page_shows_everything_and_what_is_unpaid(world):
    paid, unpaid, credited = _statement_world(world)
    page = sign_in(Client(), world.lead_a).get(f"/organisations/{world.org_a.slug}/statement/")
    assert page.status_code == 200
    body = page.content.decode()
    for number in (paid.number, unpaid.number, credited.number, "CN-UK-000001"):
        assert number in body
    assert "Unpaid: £240.00" in body and "Credited in full" in body
    # Still to pay: only the unpaid invoice (240.00), not the paid or credited ones.
    assert "<strong>£240.00</strong>" in body


def test_statement_is_for_the_lead_and_the_network_team_only(world):
    _statement_world(world)
    url = f"/organisations/{world.org_a.slug}/statement/"
    for role, status in [
        ("lead_a", 200),
        ("coordinator_uk", 200),
        ("consultant_uk", 200),
        ("staff_a", 404),
        ("lead_b", 404),
        ("coordinator_ie", 404),
        ("outsider", 404),
    ]:
        assert world.client_for(role).get(url).status_code == status, role
    assert world.client_for("anonymous").get(url).status_code == 302


def test_statement_api(world):
    _, unpaid, _ = _statement_world(world)
    answer = token_client(world.lead_a, scopes=("billing:read",)).get(
        f"/api/v1/organisations/{world.org_a.slug}/statement?network=uk"
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["unpaid"] == [unpaid.number] and data["network"] == "uk"
    (gbp,) = data["totals"]
    assert gbp["outstanding"] == "240.00" and gbp["paid"] == "120.00"
    assert [i["billed"]["kind"] for i in data["invoices"]] == ["network.membership"] * 3
    other = token_client(world.lead_b).get(f"/api/v1/organisations/{world.org_a.slug}/statement")
    assert other.status_code == 404


def test_an_events_token_still_reaches_invoices(world):
    invoice = fee_invoice(world)
    url = f"/api/v1/invoices/{invoice.public_id}"
    assert token_client(world.lead_a, scopes=("events:read",)).get(url).status_code == 200
    assert token_client(world.lead_a, scopes=("library:read",)).get(url).status_code == 403


def test_finance_export_csv_and_xlsx_guard_formulas(world):
    world.org_a.name = "=HYPERLINK(1)"
    world.org_a.save()
    _statement_world(world)
    client = sign_in(Client(), world.coordinator_uk)
    answer = client.get("/manage/invoices/uk/export/")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert "attachment" in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0][0] == "Number" and len(rows) == 4
    assert rows[1][3] == "'=HYPERLINK(1)"
    xlsx = client.get("/manage/invoices/uk/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][3] == "'=HYPERLINK(1)" and len(values) == 4
    assert client.get("/manage/invoices/uk/export/?format=pdf").status_code == 400
    for role in ("lead_a", "coordinator_ie", "editor_uk"):
        assert world.client_for(role).get("/manage/invoices/uk/export/").status_code in (403, 404)
    api = token_client(world.coordinator_uk).get("/api/v1/networks/uk/invoices/export?format=xlsx")
    assert api.status_code == 200 and api.content.startswith(b"PK")


def test_network_invoice_list_query_count_does_not_grow(world):
    client = sign_in(Client(), world.coordinator_uk)
    fee_invoice(world)
    client.get("/manage/invoices/uk/")
    few = page_queries(client, "/manage/invoices/uk/")
    for _ in range(5):
        fee_invoice(world)
    assert page_queries(client, "/manage/invoices/uk/") == few
