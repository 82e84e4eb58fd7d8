"""Files stored before issue #9 kept the uploader's name, so a PNG uploaded as `agenda.html` was listed
(and downloaded) under that name. Rename each to a safe stem plus the extension of its detected type.
Downloads also work the name out when served, so a row this cannot judge is still safe."""

from django.db import migrations

from recoverynet.core.downloads import download_name

# The accepted types at the time of this migration, with their extensions (library/uploads.py).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "text/plain": ".txt",
    "text/csv": ".csv",
}


def rename(apps, schema_editor):
    ResourceFile = apps.get_model("library", "ResourceFile")
    for file in ResourceFile.objects.only("pk", "file_name", "content_type").iterator():
        extension = EXTENSIONS.get(file.content_type)
        if extension is None:
            continue
        name = download_name(file.file_name, extension, fallback="resource")[:200]
        if name != file.file_name:
            ResourceFile.objects.filter(pk=file.pk).update(file_name=name)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_resource_files")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
