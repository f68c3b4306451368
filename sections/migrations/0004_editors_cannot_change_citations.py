"""Once took citation changes away from Editors; iomkb.editorial.roles now sets each group's
permissions exactly after every migrate. Kept, empty, for the migration graph."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sections", "0003_editorial_groups")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
