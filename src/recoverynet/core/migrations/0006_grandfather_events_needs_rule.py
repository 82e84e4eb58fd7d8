"""Events purged delegates' access and dietary needs (and perspective) 30 days after each event
before the personal-data map existed (issue #16). The map's rule that replaces it keeps that
behaviour, so its first version is recorded as approved: the purge does not stop on deploy. Any
change to the rule has a new fingerprint and needs a second team member's approval."""

from django.db import migrations
from django.utils import timezone

RULE_KEY = "events.Delegate:events.delegate_needs"
FINGERPRINT = "93fc3838e0fdaeda70e1f825a6c41fb88ceb0513ecdc18634811d87c1b129e52"


def approve(apps, schema_editor):
    RuleApproval = apps.get_model("core", "RuleApproval")
    RuleApproval.objects.get_or_create(
        rule_key=RULE_KEY,
        fingerprint=FINGERPRINT,
        defaults={
            "approved_at": timezone.now(),
            "note": "The events purge of needs, in place before the personal-data map.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_privacy")]

    operations = [migrations.RunPython(approve, migrations.RunPython.noop)]
