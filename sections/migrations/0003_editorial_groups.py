"""Create the Editors and Reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["sections.section", "sections.legalframework", "casestudies.casestudy"]
TAXONOMY = ["iomkb.theme", "casestudies.region", "casestudies.country", "casestudies.intervention"]

# (app_label, codename) pairs. Editors write content but never publish or verify.
EDITORS = [
    *[(m.split(".")[0], f"{action}_{m.split('.')[1]}") for m in CONTENT for action in ("view", "add", "change")],
    ("iomkb", "view_citation"), ("iomkb", "add_citation"), ("iomkb", "change_citation"),
    *[(m.split(".")[0], f"view_{m.split('.')[1]}") for m in TAXONOMY],
    ("iomkb", "view_sourcedocument"),
]
REVIEWERS = [
    *EDITORS,
    *[(m.split(".")[0], f"delete_{m.split('.')[1]}") for m in CONTENT],
    ("sections", "publish_content"), ("sections", "verify_content"),
    ("casestudies", "publish_content"), ("casestudies", "verify_content"),
    ("iomkb", "delete_citation"),
    *[(m.split(".")[0], f"{action}_{m.split('.')[1]}") for m in TAXONOMY for action in ("add", "change")],
]
GROUPS = {"Editors": EDITORS, "Reviewers": REVIEWERS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, pairs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in pairs:
            permissions.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("iomkb", "0001_initial"),
        ("sections", "0002_editorial_version_and_permissions"),
        ("casestudies", "0002_editorial_version_and_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
