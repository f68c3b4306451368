"""Editors may add and link citations but no longer change or delete them.

A citation is shared: changing its URL or title changes what every verified item that cites it
vouches for, so only Reviewers (who may verify) change or delete citations.
"""

from django.db import migrations

REMOVED = [("iomkb", "change_citation"), ("iomkb", "delete_citation")]


def _editors_and_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    permissions = [
        permission
        for app_label, codename in REMOVED
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]
    return editors, permissions


def remove_citation_changes(apps, schema_editor):
    editors, permissions = _editors_and_permissions(apps)
    if editors is not None:
        editors.permissions.remove(*permissions)


def restore_citation_change(apps, schema_editor):
    editors, permissions = _editors_and_permissions(apps)
    if editors is not None:
        editors.permissions.add(*[p for p in permissions if p.codename == "change_citation"])


class Migration(migrations.Migration):
    dependencies = [("sections", "0003_editorial_groups")]

    operations = [migrations.RunPython(remove_citation_changes, restore_citation_change)]
