"""Once created the Editors and Reviewers groups; iomkb.editorial.roles now makes them after
every migrate (post_migrate), from the registry of content types. Kept, empty, for the
migration graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("iomkb", "0001_initial"),
        ("sections", "0002_editorial_version_and_permissions"),
        ("casestudies", "0002_editorial_version_and_permissions"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
