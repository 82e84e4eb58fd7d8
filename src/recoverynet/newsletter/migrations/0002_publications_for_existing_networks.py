"""Give every existing network its newsletter (new networks get one when they are created)."""

from django.db import migrations

SECTIONS = [
    ("Welcome", "articles"),
    ("Our views", "articles"),
    ("Out in the field", "articles"),
    ("News", "articles"),
    ("International", "articles"),
    ("Upcoming events", "events"),
]


def forwards(apps, schema_editor):
    Network = apps.get_model("network", "Network")
    Publication = apps.get_model("newsletter", "Publication")
    Section = apps.get_model("newsletter", "Section")
    for network in Network.objects.all():
        if Publication.objects.filter(network=network).exists():
            continue
        title = f"{network.short_name or network.name} newsletter"
        publication = Publication.objects.create(
            network=network,
            title=title,
            consent_text=(
                f"I would like to receive {title} by e-mail, a few times a year. I can stop at "
                "any time with the link at the foot of every e-mail. My address is used only to "
                "send the newsletter and is never shared. No e-mail tracks whether I open it or "
                "what I click."
            ),
        )
        for position, (name, kind) in enumerate(SECTIONS):
            Section.objects.create(
                publication=publication, title=name, kind=kind, position=position
            )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial"), ("network", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
