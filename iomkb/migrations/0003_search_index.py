"""Full-text index structures for SearchEntry, for whichever database is in use, and a backfill."""

import html
import unicodedata

from django.db import migrations
from django.urls import reverse
from django.utils.html import strip_tags

# Frozen here, as a migration should be: the index structures as they were created, and the
# content types that existed when it ran.
POSTGRESQL_SETUP = [
    """
    ALTER TABLE iomkb_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX iomkb_searchentry_search_vector ON iomkb_searchentry USING gin (search_vector)",
    """
    ALTER TABLE iomkb_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, coalesce(title, ''))
    ) STORED
    """,
    "CREATE INDEX iomkb_searchentry_title_vector ON iomkb_searchentry USING gin (title_vector)",
]
POSTGRESQL_TEARDOWN = [
    "DROP INDEX IF EXISTS iomkb_searchentry_title_vector",
    "DROP INDEX IF EXISTS iomkb_searchentry_search_vector",
    "ALTER TABLE iomkb_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE iomkb_searchentry DROP COLUMN IF EXISTS search_vector",
]
SQLITE_SETUP = [
    """
    CREATE VIRTUAL TABLE iomkb_searchentry_fts USING fts5(
        title, summary, body,
        content='iomkb_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER iomkb_searchentry_fts_insert AFTER INSERT ON iomkb_searchentry BEGIN
        INSERT INTO iomkb_searchentry_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER iomkb_searchentry_fts_delete AFTER DELETE ON iomkb_searchentry BEGIN
        INSERT INTO iomkb_searchentry_fts(iomkb_searchentry_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER iomkb_searchentry_fts_update AFTER UPDATE ON iomkb_searchentry BEGIN
        INSERT INTO iomkb_searchentry_fts(iomkb_searchentry_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO iomkb_searchentry_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    "INSERT INTO iomkb_searchentry_fts(iomkb_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_update",
    "DROP TABLE IF EXISTS iomkb_searchentry_fts",
]
INDEXED_MODELS = {
    "section": "sections.Section",
    "case_study": "casestudies.CaseStudy",
    "legal_framework": "sections.LegalFramework",
}

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
        {"postgresql": POSTGRESQL_SETUP, "sqlite": SQLITE_SETUP},
    )


def drop_index(apps, schema_editor):
    _run(
        schema_editor,
        {"postgresql": POSTGRESQL_TEARDOWN, "sqlite": SQLITE_TEARDOWN},
    )


def plain_text(text):
    return unicodedata.normalize("NFC", text)


def body_text(item):
    return plain_text(html.unescape(strip_tags(item.body_html or item.body)))


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
