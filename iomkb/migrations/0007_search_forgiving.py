"""Search that forgives: verification notes and citation titles in the index at a lower weight,
the status and date results show, themes to narrow by, and a vocabulary for "Did you mean".

SQLite: the table is rebuilt with the small new columns before the long text (as in 0005), the
FTS5 table gets a column for the notes and two for the type and status (a filter is then part
of the full-text query, instead of a check on every match in rowid order), and a contentless, unstemmed FTS5 table
(`iomkb_searchentry_words`, detail=none) with its `fts5vocab` view holds the words readers
typed correctly. PostgreSQL: `search_vector` is generated again with the notes at weight D;
`iomkb_searchword` holds the same words, kept by a trigger, with a trigram index when
`pg_trgm` can be created (without the permission the migration goes on and suggestions use a
PostgreSQL then makes no spelling suggestions).
"""

from django.db import migrations, models

# Frozen here, as a migration should be.
FTS_COLUMNS = "title, summary, body, notes, kind, verification"
NEW_ROW = "new.title, new.summary, new.body, new.notes, new.kind, new.verification"
OLD_ROW = "old.title, old.summary, old.body, old.notes, old.kind, old.verification"
NEW_WORDS = "new.title || ' ' || new.summary || ' ' || new.body || ' ' || new.notes"
OLD_WORDS = "old.title || ' ' || old.summary || ' ' || old.body || ' ' || old.notes"
FTS_INSERT = f"""
    INSERT INTO iomkb_searchentry_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW_ROW});
    INSERT INTO iomkb_searchentry_words(rowid, words) VALUES (new.id, {NEW_WORDS});
"""
FTS_DELETE = f"""
    INSERT INTO iomkb_searchentry_fts(iomkb_searchentry_fts, rowid, {FTS_COLUMNS})
    VALUES ('delete', old.id, {OLD_ROW});
    INSERT INTO iomkb_searchentry_words(iomkb_searchentry_words, rowid, words)
    VALUES ('delete', old.id, {OLD_WORDS});
"""
SQLITE_TRIGGERS = [
    "CREATE TRIGGER iomkb_searchentry_fts_insert AFTER INSERT ON iomkb_searchentry BEGIN"
    f"{FTS_INSERT} END",
    "CREATE TRIGGER iomkb_searchentry_fts_delete AFTER DELETE ON iomkb_searchentry BEGIN"
    f"{FTS_DELETE} END",
    "CREATE TRIGGER iomkb_searchentry_fts_update AFTER UPDATE ON iomkb_searchentry BEGIN"
    f"{FTS_DELETE}{FTS_INSERT} END",
]
SQLITE_SETUP = [
    "DROP TABLE IF EXISTS iomkb_searchentry_fts",
    """
    CREATE TABLE "new__iomkb_searchentry" (
        "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "kind" varchar(20) NOT NULL,
        "object_id" bigint unsigned NOT NULL CHECK ("object_id" >= 0),
        "status" varchar(10) NOT NULL,
        "published_at" datetime NULL,
        "expires_at" datetime NULL,
        "verification" varchar(10) NOT NULL DEFAULT 'unverified',
        "updated_at" datetime NULL,
        "url" varchar(500) NOT NULL,
        "title" varchar(300) NOT NULL,
        "summary" text NOT NULL,
        "body" text NOT NULL,
        "notes" text NOT NULL DEFAULT '',
        CONSTRAINT "unique_search_entry" UNIQUE ("kind", "object_id")
    )
    """,
    """
    INSERT INTO "new__iomkb_searchentry"
        (id, kind, object_id, status, published_at, expires_at, url, title, summary, body)
    SELECT id, kind, object_id, status, published_at, expires_at, url, title, summary, body
    FROM "iomkb_searchentry"
    """,
    'DROP TABLE "iomkb_searchentry"',
    'ALTER TABLE "new__iomkb_searchentry" RENAME TO "iomkb_searchentry"',
    """
    CREATE VIRTUAL TABLE iomkb_searchentry_fts USING fts5(
        title, summary, body, notes, kind, verification,
        content='iomkb_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE VIRTUAL TABLE iomkb_searchentry_words USING fts5(
        words, content='', detail=none, tokenize='unicode61 remove_diacritics 0'
    )
    """,
    "CREATE VIRTUAL TABLE iomkb_searchentry_vocab USING fts5vocab(iomkb_searchentry_words, row)",
]
SQLITE_FILL = [
    "INSERT INTO iomkb_searchentry_fts(iomkb_searchentry_fts) VALUES ('rebuild')",
    """
    INSERT INTO iomkb_searchentry_words(rowid, words)
    SELECT id, title || ' ' || summary || ' ' || body || ' ' || notes FROM iomkb_searchentry
    """,
    # Only now: the rows above were filled in without the full-text tables following them.
    *SQLITE_TRIGGERS,
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS iomkb_searchentry_fts_update",
    "DROP TABLE IF EXISTS iomkb_searchentry_vocab",
    "DROP TABLE IF EXISTS iomkb_searchentry_words",
    "DROP TABLE IF EXISTS iomkb_searchentry_fts",
    'ALTER TABLE "iomkb_searchentry" DROP COLUMN "notes"',
    'ALTER TABLE "iomkb_searchentry" DROP COLUMN "updated_at"',
    'ALTER TABLE "iomkb_searchentry" DROP COLUMN "verification"',
    # 0003 and 0005 as they left it.
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

POSTGRESQL_SEARCH_VECTOR = """
    ALTER TABLE iomkb_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce(notes, '')), 'D')
        -- The type and status as two made-up words, so a filter is part of the index search.
        || to_tsvector('simple'::regconfig,
            'iomkbkind' || replace(kind, '_', '') || ' iomkbstatus' || verification)
    ) STORED
"""
POSTGRESQL_SETUP = [
    "ALTER TABLE iomkb_searchentry ADD COLUMN verification varchar(10) NOT NULL "
    "DEFAULT 'unverified'",
    "ALTER TABLE iomkb_searchentry ADD COLUMN updated_at timestamp with time zone NULL",
    "ALTER TABLE iomkb_searchentry ADD COLUMN notes text NOT NULL DEFAULT ''",
    "DROP INDEX IF EXISTS iomkb_searchentry_search_vector",
    "ALTER TABLE iomkb_searchentry DROP COLUMN IF EXISTS search_vector",
    POSTGRESQL_SEARCH_VECTOR,
    "CREATE INDEX iomkb_searchentry_search_vector ON iomkb_searchentry USING gin (search_vector)",
    # Words of letters only: the parser's other tokens (zones.within, 2015) are no spelling.
    # Visible matches of a tsquery, filtered, at most `lim` (NULL: all). Planned without
    # sequential scans: with a LIMIT, or a common word, the planner would read the table in
    # order and decompress every row's vector to test it, which costs far more than its
    # estimate; the GIN index answers without reading the vectors at all.
    """
    CREATE FUNCTION iomkb_search_matches(
        tsquery, timestamp with time zone, text, text, text, bigint
    ) RETURNS TABLE (id bigint, kind varchar, verification varchar)
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
        SELECT e.id, e.kind, e.verification FROM iomkb_searchentry e
        WHERE e.search_vector @@ $1
        AND e.status = 'published' AND e.published_at <= $2
        AND (e.expires_at IS NULL OR e.expires_at > $2)
        AND ($3 IS NULL OR e.kind = $3)
        AND ($4 IS NULL OR e.verification = $4)
        AND ($5 IS NULL OR EXISTS (
            SELECT 1 FROM iomkb_searchentry_themes st JOIN iomkb_theme th ON th.id = st.theme_id
            WHERE st.searchentry_id = e.id AND th.slug = $5
        ))
        LIMIT $6
    $$
    """,
    "CREATE TABLE iomkb_searchword (word text PRIMARY KEY)",
    # Words are added, never removed: a suggestion is only made when the word matches a
    # visible item, so a word left by a deleted item is harmless (a rebuild clears them).
    """
    CREATE FUNCTION iomkb_searchword_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- A rebuild sets this and adds all words in one pass at the end (faster).
        IF current_setting('iomkb.bulk_index', true) = 'on' THEN RETURN NULL; END IF;
        INSERT INTO iomkb_searchword (word)
        SELECT lexeme FROM unnest(to_tsvector('simple'::regconfig,
            NEW.title || ' ' || NEW.summary || ' ' || NEW.body || ' ' || NEW.notes))
        WHERE length(lexeme) BETWEEN 3 AND 40 AND lexeme ~ '^[[:alpha:]]+$'
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER iomkb_searchword_add AFTER INSERT OR UPDATE OF title, summary, body, notes
    ON iomkb_searchentry FOR EACH ROW EXECUTE FUNCTION iomkb_searchword_add()
    """,
    """
    INSERT INTO iomkb_searchword (word)
    SELECT word FROM ts_stat($$SELECT to_tsvector('simple'::regconfig,
        title || ' ' || summary || ' ' || body || ' ' || notes) FROM iomkb_searchentry$$)
    WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[[:alpha:]]+$'
    """,
]
POSTGRESQL_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX iomkb_searchword_trgm ON iomkb_searchword USING gin (word gin_trgm_ops)",
    # The indexed words nearest to a typed one, best first (the search checks which of them a
    # visible item contains).
    """
    CREATE FUNCTION iomkb_suggest(typed text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
        SELECT w.word FROM iomkb_searchword w WHERE w.word % typed
        ORDER BY similarity(w.word, typed) DESC, w.word LIMIT 8
    $$
    """,
]
# Without pg_trgm: no suggestions, everything else as usual.
POSTGRESQL_NO_TRIGRAM = """
    CREATE FUNCTION iomkb_suggest(typed text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
        SELECT NULL::text WHERE false
    $$
"""
POSTGRESQL_TEARDOWN = [
    "DROP FUNCTION IF EXISTS iomkb_search_matches(tsquery, timestamp with time zone, text, "
    "text, text, bigint)",
    "DROP FUNCTION IF EXISTS iomkb_suggest(text)",
    "DROP TRIGGER IF EXISTS iomkb_searchword_add ON iomkb_searchentry",
    "DROP FUNCTION IF EXISTS iomkb_searchword_add()",
    "DROP TABLE IF EXISTS iomkb_searchword",
    "DROP INDEX IF EXISTS iomkb_searchentry_search_vector",
    "ALTER TABLE iomkb_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE iomkb_searchentry DROP COLUMN notes",
    "ALTER TABLE iomkb_searchentry DROP COLUMN updated_at",
    "ALTER TABLE iomkb_searchentry DROP COLUMN verification",
    # 0003 as it left it.
    """
    ALTER TABLE iomkb_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX iomkb_searchentry_search_vector ON iomkb_searchentry USING gin (search_vector)",
]

INDEXED_MODELS = {
    "section": "sections.Section",
    "case_study": "casestudies.CaseStudy",
    "legal_framework": "sections.LegalFramework",
}


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_SETUP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRESQL_SETUP:
            schema_editor.execute(statement, params=None)
        create_trigram_index(schema_editor)


def create_trigram_index(schema_editor):
    """pg_trgm needs CREATE on the database (trusted since PostgreSQL 13); without it, go on."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for statement in POSTGRESQL_TRIGRAM:
                schema_editor.execute(statement, params=None)  # "%" is pg_trgm's operator
    except DatabaseError as error:
        schema_editor.execute(POSTGRESQL_NO_TRIGRAM, params=None)
        print(f"\n  pg_trgm is not available ({error}): no spelling suggestions on this database.")


def drop_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRESQL_TEARDOWN}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def shown_verification(item, citation_count):
    # ContentItem.shown_verification as of this migration: a status without evidence is unverified.
    needs_evidence = item.verification in ("verified", "disputed")
    has_evidence = item.verification_note.strip() and citation_count
    return item.verification if not needs_evidence or has_evidence else "unverified"


def fill_new_fields(apps, schema_editor):
    SearchEntry = apps.get_model("iomkb", "SearchEntry")
    for kind, label in INDEXED_MODELS.items():
        model = apps.get_model(label)
        entries = {e.object_id: e for e in SearchEntry.objects.filter(kind=kind)}
        items = model.objects.filter(pk__in=list(entries)).prefetch_related("citations", "themes")
        for item in items:
            entry = entries[item.pk]
            citations = list(item.citations.all())
            entry.notes = "\n".join([item.verification_note, *(c.title for c in citations)])
            entry.verification = shown_verification(item, len(citations))
            entry.updated_at = item.updated_at
            entry.save(update_fields=["notes", "verification", "updated_at"])
            entry.themes.set(item.themes.all())
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FILL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("iomkb", "0006_source_update"),
        ("sections", "0001_initial"),
        ("casestudies", "0001_initial"),
    ]

    operations = [
        # First: iomkb_search_matches() (PostgreSQL) reads the themes' link table.
        migrations.AddField(
            model_name="searchentry",
            name="themes",
            field=models.ManyToManyField(blank=True, related_name="+", to="iomkb.theme"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create_index, drop_index)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="notes",
                    field=models.TextField(
                        blank=True,
                        help_text="Verification note and citation titles, searched at a lower "
                        "weight.",
                    ),
                ),
                migrations.AddField(
                    model_name="searchentry",
                    name="updated_at",
                    field=models.DateTimeField(blank=True, null=True),
                ),
                migrations.AddField(
                    model_name="searchentry",
                    name="verification",
                    field=models.CharField(
                        choices=[
                            ("unverified", "Unverified"),
                            ("verified", "Verified"),
                            ("disputed", "Disputed"),
                        ],
                        default="unverified",
                        max_length=10,
                    ),
                ),
            ],
        ),
        migrations.RunPython(fill_new_fields, migrations.RunPython.noop),
    ]
