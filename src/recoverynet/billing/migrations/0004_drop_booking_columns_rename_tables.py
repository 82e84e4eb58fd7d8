"""The booking and delegate columns go (0003 copied them into the generic link) and the tables take
billing's names. Rows, ids, numbers and amounts are untouched."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_fill_billed_link"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="documentline",
            name="delegate",
        ),
        migrations.RemoveField(
            model_name="invoice",
            name="booking",
        ),
        migrations.AlterModelTable(
            name="creditnote",
            table=None,
        ),
        migrations.AlterModelTable(
            name="documentline",
            table=None,
        ),
        migrations.AlterModelTable(
            name="documentsequence",
            table=None,
        ),
        migrations.AlterModelTable(
            name="invoice",
            table=None,
        ),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(fields=["billed_type", "billed_id"], name="invoice_billed_idx"),
        ),
    ]
