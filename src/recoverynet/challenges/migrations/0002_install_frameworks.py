"""Install the frameworks we ship, so every deployment has them (not only the demo)."""

from django.db import migrations


def install(apps, schema_editor):
    from recoverynet.challenges.frameworks import SHIPPED

    Framework = apps.get_model("challenges", "Framework")
    Level = apps.get_model("challenges", "Level")
    Challenge = apps.get_model("challenges", "Challenge")
    ScalePoint = apps.get_model("challenges", "ScalePoint")
    for data in SHIPPED:
        if Framework.objects.filter(family=data["family"]).exists():
            continue
        framework = Framework.objects.create(
            family=data["family"],
            name=data["name"],
            description=data["description"],
            source=data.get("source", ""),
        )
        for i, (key, label, description) in enumerate(data["levels"]):
            Level.objects.create(
                framework=framework, key=key, label=label, description=description, order=i
            )
        for number, title in enumerate(data["challenges"], start=1):
            Challenge.objects.create(framework=framework, number=number, title=title)
        for value, label, descriptor in data["scale"]:
            ScalePoint.objects.create(
                framework=framework, value=value, label=label, descriptor=descriptor
            )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
