"""Feedback cleared contact details, and outcomes destroyed each collection's linkage key and list
of people, with their own scheduled jobs before the personal-data map's purge became the only one
(decision 0039). The map's rules that replace those jobs do what the jobs did, at the same time,
so their first versions are recorded as approved: the purge does not stop on deploy. Any change
to these rules has a new fingerprint and needs a second team member's approval."""

from django.db import migrations
from django.utils import timezone

RULES = {
    "feedback.Answer:feedback.contact_details": (
        "a1fe6762e19c7b9f0a6afa81ce791eac04a350cb8e43666144ef1c2049d70abf"
    ),
    "outcomes.Invitation:outcomes.invitations": (
        "56f20ff0d788a365202401a36dc11bc935c876531628d6e8381819f99d391fde"
    ),
    "outcomes.LinkageKey:outcomes.linkage": (
        "882dce33f7b95ee1d2436c0f3779d3c34d6113a9090a9146fac06f660e6418f0"
    ),
    "outcomes.Participant:outcomes.participants": (
        "8c555b753c5c45e45527bdbf5b86f1e29a0ed1258062bc3012b045a7cc9ea903"
    ),
}


def approve(apps, schema_editor):
    RuleApproval = apps.get_model("core", "RuleApproval")
    for rule_key, fingerprint in RULES.items():
        RuleApproval.objects.get_or_create(
            rule_key=rule_key,
            fingerprint=fingerprint,
            defaults={
                "approved_at": timezone.now(),
                "note": "The app's own purge, in place before the personal-data map's was the "
                "only one.",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0007_kept_upload")]

    operations = [migrations.RunPython(approve, migrations.RunPython.noop)]
