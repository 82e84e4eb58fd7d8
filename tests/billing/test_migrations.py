"""The move of invoices from events to billing keeps every existing invoice, credit note, line and
number: made on the old schema (events 0003), migrated forward, read back through billing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("events", "0003_credit_note_reason_room"), ("billing", None)]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _empty_database() -> None:
    """The test database is built without migrations; start again from nothing, with them."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def test_invoices_made_in_events_survive_the_move_to_billing(settings):
    settings.MIGRATION_MODULES = {}
    _empty_database()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate(OLD)
    try:
        User = old.get_model("accounts", "User")
        Network = old.get_model("network", "Network")
        Organisation = old.get_model("network", "Organisation")
        Event = old.get_model("events", "Event")
        Rate = old.get_model("events", "Rate")
        Booking = old.get_model("events", "Booking")
        Delegate = old.get_model("events", "Delegate")
        Invoice = old.get_model("events", "Invoice")
        CreditNote = old.get_model("events", "CreditNote")
        DocumentLine = old.get_model("events", "DocumentLine")
        Sequence = old.get_model("events", "DocumentSequence")
        AuditEntry = old.get_model("core", "AuditEntry")

        user = User.objects.create(email="booker@example.org", full_name="Bea Booker")
        network = Network.objects.create(
            name="UK", slug="uk", currency="GBP", tax_name="VAT", time_zone="Europe/London"
        )
        org = Organisation.objects.create(name="Alpha NHS Trust", slug="alpha", kind="nhs")
        now = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
        event = Event.objects.create(
            network=network,
            kind="workshop",
            title="Recovery workshop",
            starts_at=now,
            ends_at=now + datetime.timedelta(hours=3),
        )
        rate = Rate.objects.create(event=event, kind="non_member", name="All", net_amount=100)
        booking = Booking.objects.create(
            event=event, booker=user, organisation=org, status="confirmed", currency="GBP"
        )
        money = {"net": Decimal("100.00"), "tax": Decimal("20.00"), "gross": Decimal("120.00")}
        delegate = Delegate.objects.create(
            booking=booking,
            name="Dee",
            email="dee@example.org",
            rate=rate,
            rate_name="All",
            tax_rate=Decimal("0.2"),
            **money,
        )
        day = datetime.date(2026, 3, 2)
        invoice = Invoice.objects.create(
            network=network,
            number="UK-000007",
            sequence_number=7,
            booking=booking,
            bill_to="Alpha NHS Trust",
            currency="GBP",
            tax_name="VAT",
            net_total=money["net"],
            tax_total=money["tax"],
            gross_total=money["gross"],
            issued_at=now,
            issued_on=day,
            payment_terms_days=30,
            due_on=day + datetime.timedelta(days=30),
            supplier_name="UK Network Ltd",
        )
        DocumentLine.objects.create(
            invoice=invoice, delegate=delegate, description="Workshop: Dee", tax_rate=0.2, **money
        )
        note = CreditNote.objects.create(
            network=network,
            number="CN-UK-000003",
            sequence_number=3,
            invoice=invoice,
            reason="Cancelled",
            currency="GBP",
            net_total=money["net"],
            tax_total=money["tax"],
            gross_total=money["gross"],
            issued_at=now,
            issued_on=day,
        )
        DocumentLine.objects.create(
            credit_note=note, delegate=delegate, description="Credit", tax_rate=0.2, **money
        )
        Sequence.objects.create(network=network, kind="invoice", next_number=8)
        AuditEntry.objects.create(
            action="events.invoice.issued", object_type="events.invoice", object_id=str(invoice.pk)
        )
        ids = (invoice.pk, invoice.public_id, note.pk, booking.pk, delegate.pk)
    finally:
        new = _migrate(latest)

    Invoice = new.get_model("billing", "Invoice")
    moved = Invoice.objects.get(pk=ids[0])
    assert moved.public_id == ids[1] and moved.number == "UK-000007"
    assert (moved.sequence_number, moved.gross_total) == (7, Decimal("120.00"))
    assert moved.supplier_name == "UK Network Ltd"
    assert (moved.billed_id, moved.organisation_id, moved.person_id) == (ids[3], org.pk, user.pk)
    billed_type = new.get_model("contenttypes", "ContentType").objects.get(pk=moved.billed_type_id)
    assert (billed_type.app_label, billed_type.model) == ("events", "booking")
    assert moved.billed_label == "Recovery workshop"
    line = new.get_model("billing", "DocumentLine").objects.get(invoice_id=ids[0])
    assert line.item_ref == ids[4] and line.gross == Decimal("120.00")
    note = new.get_model("billing", "CreditNote").objects.get(pk=ids[2])
    assert note.invoice_id == ids[0] and note.number == "CN-UK-000003"
    sequence = new.get_model("billing", "DocumentSequence").objects.get(kind="invoice")
    assert sequence.next_number == 8
    entry = new.get_model("core", "AuditEntry").objects.get(action="events.invoice.issued")
    assert entry.object_type == "billing.invoice"
    assert "billing_invoice" in connection.introspection.table_names()
    assert "events_invoice" not in connection.introspection.table_names()
