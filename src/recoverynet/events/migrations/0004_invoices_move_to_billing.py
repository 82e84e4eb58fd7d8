"""Invoices, credit notes, their lines and numbering move to the billing app. State only: the
tables stay (billing renames them later, keeping every row)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_credit_note_reason_room'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='documentline',
                    name='credit_note',
                ),
                migrations.RemoveField(
                    model_name='documentline',
                    name='delegate',
                ),
                migrations.RemoveField(
                    model_name='documentline',
                    name='invoice',
                ),
                migrations.RemoveField(
                    model_name='documentsequence',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='invoice',
                    name='booking',
                ),
                migrations.RemoveField(
                    model_name='invoice',
                    name='network',
                ),
                migrations.DeleteModel(
                    name='CreditNote',
                ),
                migrations.DeleteModel(
                    name='DocumentLine',
                ),
                migrations.DeleteModel(
                    name='DocumentSequence',
                ),
                migrations.DeleteModel(
                    name='Invoice',
                ),
            ],
            database_operations=[],
        ),
    ]
