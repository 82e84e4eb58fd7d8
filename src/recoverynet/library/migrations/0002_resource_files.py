"""A version holds a link or one or more files: the file moves from ResourceVersion to ResourceFile.

Each existing file version gets one ResourceFile (position 0) with the same stored name, so nothing
on disk moves. Going back copies each version's single file back; it refuses if any version has
more than one file, rather than silently forgetting files."""

import django.db.models.deletion
from django.db import migrations, models


def files_forward(apps, schema_editor):
    ResourceVersion = apps.get_model("library", "ResourceVersion")
    ResourceFile = apps.get_model("library", "ResourceFile")
    batch = []
    for version in ResourceVersion.objects.exclude(stored_name="").iterator():
        batch.append(
            ResourceFile(
                version_id=version.pk,
                position=0,
                file_name=version.file_name or version.stored_name,
                stored_name=version.stored_name,
                content_type=version.content_type or "application/octet-stream",
                size=version.size or 1,
            )
        )
        if len(batch) >= 500:
            ResourceFile.objects.bulk_create(batch)
            batch = []
    ResourceFile.objects.bulk_create(batch)


def files_backward(apps, schema_editor):
    ResourceVersion = apps.get_model("library", "ResourceVersion")
    ResourceFile = apps.get_model("library", "ResourceFile")
    several = (
        ResourceFile.objects.values("version_id")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
        .values_list("version_id", flat=True)
    )
    if several.exists():
        raise RuntimeError(
            "Some resource versions have more than one file; the older schema holds one file per "
            "version. Remove the extra files first (version ids: "
            f"{', '.join(str(pk) for pk in several[:20])})."
        )
    for file in ResourceFile.objects.iterator():
        ResourceVersion.objects.filter(pk=file.version_id).update(
            file_name=file.file_name,
            stored_name=file.stored_name,
            content_type=file.content_type,
            size=file.size,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        # A version's file or link can no longer be checked on the version row alone.
        migrations.RemoveConstraint(
            model_name="resourceversion",
            name="version_is_file_or_link",
        ),
        migrations.CreateModel(
            name="ResourceFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "position",
                    models.PositiveSmallIntegerField(help_text="Order within the version, from 0."),
                ),
                (
                    "file_name",
                    models.CharField(help_text="The name people download it as.", max_length=200),
                ),
                (
                    "stored_name",
                    models.CharField(help_text="Random name on disk.", max_length=80, unique=True),
                ),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="library.resourceversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version_id", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "position"), name="resource_file_position_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("stored_name", ""), _negated=True),
                            models.Q(("file_name", ""), _negated=True),
                            ("size__gt", 0),
                        ),
                        name="resource_file_is_stored",
                    ),
                ],
            },
        ),
        migrations.RunPython(files_forward, files_backward),
        migrations.RemoveField(
            model_name="resourceversion",
            name="content_type",
        ),
        migrations.RemoveField(
            model_name="resourceversion",
            name="file_name",
        ),
        migrations.RemoveField(
            model_name="resourceversion",
            name="size",
        ),
        migrations.RemoveField(
            model_name="resourceversion",
            name="stored_name",
        ),
    ]
