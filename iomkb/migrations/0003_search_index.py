"""Full-text index structures for SearchEntry, for whichever database is in use, and a backfill."""

from django.db import migrations
from django.urls import reverse

from iomkb.search import backends
from iomkb.search.indexing import INDEXED_MODELS, body_text, plain_text

URL_NAMES = {
    "section": "sections:detail",
    "case_study": "casestudies:detail",
    "legal_framework": "sections:framework_detail",
}


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(
        schema_editor,
        {"postgresql": backends.POSTGRESQL_SETUP, "sqlite": backends.SQLITE_SETUP},
    )


def drop_index(apps, schema_editor):
    _run(
        schema_editor,
        {"postgresql": backends.POSTGRESQL_TEARDOWN, "sqlite": backends.SQLITE_TEARDOWN},
    )


def index_existing_content(apps, schema_editor):
    SearchEntry = apps.get_model("iomkb", "SearchEntry")
    for kind, label in INDEXED_MODELS.items():
        model = apps.get_model(label)
        entries = [
            SearchEntry(
                kind=kind,
                object_id=item.pk,
                title=plain_text(item.title),
                summary=plain_text(item.summary),
                body=body_text(item),
                url=reverse(URL_NAMES[kind], kwargs={"slug": item.slug}),
                status=item.status,
                published_at=item.published_at,
            )
            for item in model.objects.all()
        ]
        # Re-applying after a reverse finds the rows still there; keep them.
        SearchEntry.objects.bulk_create(entries, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("iomkb", "0002_search_entry"),
        ("sections", "0001_initial"),
        ("casestudies", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_existing_content, migrations.RunPython.noop),
    ]
