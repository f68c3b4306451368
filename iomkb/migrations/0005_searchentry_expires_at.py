"""SearchEntry.expires_at: the search applies the expiry rule of published() at query time.

On SQLite the table is rebuilt so that the new column sits before the long text columns (a
column added with ALTER TABLE goes last, and reading it would step over every body); the
full-text table keeps its rows (same rowids), and its triggers, dropped with the old table,
are made again. PostgreSQL stores long text out of line, so a plain ADD COLUMN will do.
"""

from django.db import migrations, models

# Frozen here: the table and triggers as 0001-0004 left them, plus the new column.
SQLITE_REBUILD = [
    """
    CREATE TABLE "new__iomkb_searchentry" (
        "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "kind" varchar(20) NOT NULL,
        "object_id" bigint unsigned NOT NULL CHECK ("object_id" >= 0),
        "status" varchar(10) NOT NULL,
        "published_at" datetime NULL,
        "expires_at" datetime NULL,
        "url" varchar(500) NOT NULL,
        "title" varchar(300) NOT NULL,
        "summary" text NOT NULL,
        "body" text NOT NULL,
        CONSTRAINT "unique_search_entry" UNIQUE ("kind", "object_id")
    )
    """,
    """
    INSERT INTO "new__iomkb_searchentry"
        (id, kind, object_id, status, published_at, expires_at, url, title, summary, body)
    SELECT id, kind, object_id, status, published_at, NULL, url, title, summary, body
    FROM "iomkb_searchentry"
    """,
    'DROP TABLE "iomkb_searchentry"',
    'ALTER TABLE "new__iomkb_searchentry" RENAME TO "iomkb_searchentry"',
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
]


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REBUILD:
            schema_editor.execute(statement)
        return
    field = models.DateTimeField(null=True, blank=True)
    field.set_attributes_from_name("expires_at")
    schema_editor.add_field(apps.get_model("iomkb", "SearchEntry"), field)


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "iomkb_searchentry" DROP COLUMN "expires_at"')


class Migration(migrations.Migration):
    dependencies = [
        ("iomkb", "0004_searchentry_kind_from_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="expires_at",
                    field=models.DateTimeField(blank=True, null=True),
                ),
            ],
        ),
    ]
