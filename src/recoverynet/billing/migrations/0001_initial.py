"""The models that were events.Invoice, CreditNote, DocumentLine and DocumentSequence, on their
existing tables. State only: nothing in the database changes here (see events 0004)."""

import django.db.models.deletion
import django.db.models.expressions
import uuid
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0004_invoices_move_to_billing"),
        ("network", "0003_invoice_details"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CreditNote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("supplier_name", models.CharField(default="", max_length=200)),
                        ("supplier_address", models.TextField(default="")),
                        ("supplier_tax_label", models.CharField(default="", max_length=60)),
                        ("supplier_tax_number", models.CharField(default="", max_length=40)),
                        ("payment_instructions", models.TextField(default="")),
                        (
                            "public_id",
                            models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
                        ),
                        ("number", models.CharField(max_length=30)),
                        ("sequence_number", models.PositiveIntegerField()),
                        ("reason", models.CharField(max_length=600)),
                        ("currency", models.CharField(max_length=3)),
                        ("net_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("tax_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("gross_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("issued_at", models.DateTimeField()),
                        (
                            "issued_on",
                            models.DateField(
                                help_text="The date of issue on the network's calendar."
                            ),
                        ),
                        (
                            "network",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="credit_notes",
                                to="network.network",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_creditnote",
                        "ordering": ["network", "sequence_number"],
                    },
                ),
                migrations.CreateModel(
                    name="Invoice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("supplier_name", models.CharField(default="", max_length=200)),
                        ("supplier_address", models.TextField(default="")),
                        ("supplier_tax_label", models.CharField(default="", max_length=60)),
                        ("supplier_tax_number", models.CharField(default="", max_length=40)),
                        ("payment_instructions", models.TextField(default="")),
                        (
                            "public_id",
                            models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
                        ),
                        ("number", models.CharField(max_length=30)),
                        ("sequence_number", models.PositiveIntegerField()),
                        ("bill_to", models.TextField()),
                        ("purchase_order", models.CharField(blank=True, max_length=60)),
                        ("currency", models.CharField(max_length=3)),
                        ("tax_name", models.CharField(max_length=20)),
                        ("net_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("tax_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("gross_total", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("issued_at", models.DateTimeField()),
                        (
                            "issued_on",
                            models.DateField(
                                help_text="The date of issue on the network's calendar."
                            ),
                        ),
                        ("payment_terms_days", models.PositiveSmallIntegerField()),
                        (
                            "due_on",
                            models.DateField(help_text="Date of issue plus the payment terms."),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("issued", "Issued"),
                                    ("paid", "Paid"),
                                    ("credited", "Credited in full"),
                                ],
                                default="issued",
                                max_length=10,
                            ),
                        ),
                        (
                            "paid_on",
                            models.DateField(
                                blank=True, help_text="When the money arrived.", null=True
                            ),
                        ),
                        (
                            "payment_method",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("bank_transfer", "Bank transfer"),
                                    ("card", "Card"),
                                    ("cheque", "Cheque"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "paid_at",
                            models.DateTimeField(
                                blank=True, help_text="When the payment was recorded.", null=True
                            ),
                        ),
                        (
                            "booking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="invoices",
                                to="events.booking",
                            ),
                        ),
                        (
                            "network",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="invoices",
                                to="network.network",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_invoice",
                        "ordering": ["network", "sequence_number"],
                    },
                ),
                migrations.CreateModel(
                    name="DocumentLine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("description", models.CharField(max_length=300)),
                        ("net", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("tax_rate", models.DecimalField(decimal_places=4, max_digits=5)),
                        ("tax", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("gross", models.DecimalField(decimal_places=2, max_digits=10)),
                        (
                            "credit_note",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines",
                                to="billing.creditnote",
                            ),
                        ),
                        (
                            "delegate",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="events.delegate",
                            ),
                        ),
                        (
                            "invoice",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines",
                                to="billing.invoice",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_documentline",
                        "ordering": ["id"],
                    },
                ),
                migrations.AddField(
                    model_name="creditnote",
                    name="invoice",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_notes",
                        to="billing.invoice",
                    ),
                ),
                migrations.CreateModel(
                    name="DocumentSequence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("invoice", "Invoice"), ("credit_note", "Credit note")],
                                max_length=12,
                            ),
                        ),
                        ("next_number", models.PositiveIntegerField(default=1)),
                        (
                            "network",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="network.network",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_documentsequence",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("network", "kind"), name="one_sequence_per_kind"
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="invoice",
                    constraint=models.UniqueConstraint(
                        fields=("network", "sequence_number"), name="invoice_number_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="invoice",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "gross_total__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net_total"), "+", models.F("tax_total")
                                    ),
                                    "-",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                            (
                                "gross_total__lte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net_total"), "+", models.F("tax_total")
                                    ),
                                    "+",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                        ),
                        name="invoice_totals_add_up",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="invoice",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "paid"), _negated=True),
                            ("paid_on__isnull", False),
                            _connector="OR",
                        ),
                        name="invoice_paid_has_date",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="invoice",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("due_on__gte", models.F("issued_on"))),
                        name="invoice_due_after_issue",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="documentline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("credit_note__isnull", True), ("invoice__isnull", False)),
                            models.Q(("credit_note__isnull", False), ("invoice__isnull", True)),
                            _connector="OR",
                        ),
                        name="line_belongs_to_one_document",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="documentline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "gross__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net"), "+", models.F("tax")
                                    ),
                                    "-",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                            (
                                "gross__lte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net"), "+", models.F("tax")
                                    ),
                                    "+",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                        ),
                        name="line_gross_is_net_plus_tax",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="creditnote",
                    constraint=models.UniqueConstraint(
                        fields=("network", "sequence_number"), name="credit_note_number_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="creditnote",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "gross_total__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net_total"), "+", models.F("tax_total")
                                    ),
                                    "-",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                            (
                                "gross_total__lte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("net_total"), "+", models.F("tax_total")
                                    ),
                                    "+",
                                    models.Value(Decimal("0.001")),
                                ),
                            ),
                        ),
                        name="credit_note_totals_add_up",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
