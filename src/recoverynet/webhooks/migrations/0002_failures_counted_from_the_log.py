"""Failed tries in a row are counted from the delivery log, not kept in a counter: the counter goes,
and `failures_counted_from` marks when an endpoint was last turned back on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='endpoint',
            name='consecutive_failures',
        ),
        migrations.AddField(
            model_name='endpoint',
            name='failures_counted_from',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
