"""The two ways of running a parsed query: PostgreSQL full-text search and SQLite FTS5.

Both read the same `iomkb_searchentry` rows and apply the same visibility rule as
`ContentQuerySet.published()`: status 'published' and published_at not in the future, checked
at query time so a scheduled item appears when its time comes without being saved again.
"""

from django.db import connection

from .query import to_fts5, to_websearch

TABLE = "iomkb_searchentry"
FTS_TABLE = "iomkb_searchentry_fts"

# Highlight markers: private-use characters stripped from all indexed text, so they can only
# come from the database's highlighter. The view HTML-escapes everything, then turns them into
# <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30

PUBLISHED_SQL = "e.status = 'published' AND e.published_at <= %s"

# SQL that creates the index structures, run by the iomkb migrations for the database in use.
POSTGRESQL_SETUP = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    f"CREATE INDEX {TABLE}_search_vector ON {TABLE} USING gin (search_vector)",
]
POSTGRESQL_TEARDOWN = [
    f"DROP INDEX IF EXISTS {TABLE}_search_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]

# An external-content FTS5 table: it stores only the index, reads text from iomkb_searchentry,
# and triggers keep it in step with every insert, update and delete of that table.
SQLITE_SETUP = [
    f"""
    CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, summary, body,
        content='{TABLE}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 0'
    )
    """,
    f"""
    CREATE TRIGGER {TABLE}_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_fts_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_fts_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_fts_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

HIT_COLUMNS = ("kind", "object_id", "title", "url", "summary", "title_marked", "snippet_marked")


class PostgresBackend:
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    )
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"

    def match(self, query):
        return to_websearch(query)

    def counts_sql(self):
        return (
            f"SELECT e.kind, count(*) FROM {TABLE} e "
            "WHERE e.search_vector @@ websearch_to_tsquery('english', %s) "
            f"AND {PUBLISHED_SQL} GROUP BY e.kind"
        )

    def hits_sql(self, with_kind):
        kind_sql = "AND e.kind = %s" if with_kind else ""
        # ts_headline is costly, so it runs only on the page of hits the inner query picked.
        return f"""
            SELECT hit.kind, hit.object_id, hit.title, hit.url, hit.summary,
                   ts_headline('english', hit.title, hit.query, %s),
                   ts_headline('english', hit.body, hit.query, %s)
            FROM (
                SELECT e.id, e.kind, e.object_id, e.title, e.url, e.summary, e.body, q.query,
                       ts_rank(e.search_vector, q.query) AS rank
                FROM {TABLE} e, websearch_to_tsquery('english', %s) AS q(query)
                WHERE e.search_vector @@ q.query AND {PUBLISHED_SQL} {kind_sql}
                ORDER BY rank DESC, e.title, e.id
                LIMIT %s OFFSET %s
            ) hit
            ORDER BY hit.rank DESC, hit.title, hit.id
        """

    def hits_params(self, match, now, kind, limit, offset):
        return [
            self.title_options,
            self.headline_options,
            match,
            now,
            *([kind] if kind else []),
            limit,
            offset,
        ]


class SqliteBackend:
    # bm25 column weights: a word in the title counts ten times one in the body.
    bm25 = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"

    def match(self, query):
        return to_fts5(query)

    def counts_sql(self):
        return (
            f"SELECT e.kind, count(*) FROM {FTS_TABLE} JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {PUBLISHED_SQL} GROUP BY e.kind"
        )

    def hits_sql(self, with_kind):
        kind_sql = "AND e.kind = %s" if with_kind else ""
        return f"""
            SELECT e.kind, e.object_id, e.title, e.url, e.summary,
                   highlight({FTS_TABLE}, 0, %s, %s),
                   snippet({FTS_TABLE}, 2, %s, %s, ' … ', {SNIPPET_WORDS})
            FROM {FTS_TABLE} JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid
            WHERE {FTS_TABLE} MATCH %s AND {PUBLISHED_SQL} {kind_sql}
            ORDER BY {self.bm25}, e.title, e.id
            LIMIT %s OFFSET %s
        """

    def hits_params(self, match, now, kind, limit, offset):
        markers = [MARK_START, MARK_END]
        return [*markers, *markers, match, now, *([kind] if kind else []), limit, offset]


def backend_for(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def count_hits(query, now):
    """{kind: number of visible items matching}, one query."""
    backend = backend_for()
    with connection.cursor() as cursor:
        cursor.execute(backend.counts_sql(), [backend.match(query), _db_datetime(now)])
        return dict(cursor.fetchall())


def fetch_hits(query, now, kind, limit, offset):
    """One page of visible hits, best first, as dicts; one query."""
    backend = backend_for()
    params = backend.hits_params(backend.match(query), _db_datetime(now), kind, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(backend.hits_sql(with_kind=bool(kind)), params)
        return [dict(zip(HIT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def _db_datetime(value):
    # Raw SQL bypasses the ORM's conversion; SQLite compares datetimes as Django's text format.
    return connection.ops.adapt_datetimefield_value(value)
