"""Fill the generic "what is billed" link of every existing invoice from its booking, and the item of
every line from its delegate, before the booking and delegate columns go (0004). Content types and
audit entries of the moved models follow them to `billing`, so history and permissions are kept.
Nothing that is printed on an invoice or a credit note changes."""

from django.db import migrations

MOVED = ("invoice", "creditnote", "documentline", "documentsequence")


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Invoice = apps.get_model("billing", "Invoice")
    DocumentLine = apps.get_model("billing", "DocumentLine")
    AuditEntry = apps.get_model("core", "AuditEntry")
    booking_type, _ = ContentType.objects.get_or_create(app_label="events", model="booking")
    for invoice in Invoice.objects.select_related("booking__event").iterator():
        booking = invoice.booking
        invoice.billed_type_id = booking_type.pk
        invoice.billed_id = booking.pk
        invoice.organisation_id = booking.organisation_id
        invoice.person_id = booking.booker_id
        invoice.billed_label = booking.event.title[:300]
        invoice.billed_url = f"/bookings/{booking.public_id}/"
        invoice.save(
            update_fields=[
                "billed_type",
                "billed_id",
                "organisation",
                "person",
                "billed_label",
                "billed_url",
            ]
        )
    for line in DocumentLine.objects.exclude(delegate_id=None).iterator():
        DocumentLine.objects.filter(pk=line.pk).update(item_ref=line.delegate_id)
    for model in MOVED:
        if not ContentType.objects.filter(app_label="billing", model=model).exists():
            ContentType.objects.filter(app_label="events", model=model).update(app_label="billing")
        AuditEntry.objects.filter(object_type=f"events.{model}").update(
            object_type=f"billing.{model}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_billed_link"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_aggregate_snapshot"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
