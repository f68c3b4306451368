"""Running a parsed query on PostgreSQL full-text search or SQLite FTS5 (pg.py, fts5.py).

Both read the same `iomkb_searchentry` rows and apply the same visibility rule as
`ContentQuerySet.published()`: status 'published', published_at not in the future and
expires_at, if any, still ahead; checked at query time, so a scheduled item appears and an
expiring one disappears when its time comes without being saved again.

Per search: one query for the facets (counts by type, verification and theme, each with the
other choices applied, plus "Did you mean" when nothing matches), one for the page of hits.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

TABLE = "iomkb_searchentry"
FTS_TABLE = "iomkb_searchentry_fts"
THEME_LINKS = "iomkb_searchentry_themes"
THEMES = "iomkb_theme"

# Highlight markers: private-use characters stripped from all indexed text, so they can only
# come from the database's highlighter. The view HTML-escapes everything, then turns them into
# <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30

HIT_COLUMNS = (
    "kind", "object_id", "title", "url", "summary", "verification", "updated_at",
    "title_marked", "snippet_marked", "notes_marked",
)  # fmt: skip

# Work per search is bounded, so a word found in most of 100,000 items stays fast: counts stop
# at COUNT_LIMIT (the page then says "more than"), and only RANK_LIMIT candidates are ranked,
# items matching in their title first. Below these limits results are exact and complete.
COUNT_LIMIT = 500
RANK_LIMIT = 500
# PostgreSQL checks a phrase's word positions only on the first PHRASE_WINDOW visible items
# with all its words (the index finds those without reading them); beyond, counts are "at least".
PHRASE_WINDOW = 1500
SUGGEST_WORDS = 6

VISIBLE_SQL = (
    "e.status = 'published' AND e.published_at <= %(now)s "
    "AND (e.expires_at IS NULL OR e.expires_at > %(now)s)"
)
FACETS = ("kind", "verification", "theme")


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    verification: str | None = None
    theme: str | None = None

    def params(self):
        return {"kind": self.kind, "verification": self.verification, "theme": self.theme}

    def sql(self, alias="e", skip=None):
        """AND-ed conditions for the chosen filters, leaving out the facet `skip`."""
        parts = []
        if self.kind and skip != "kind":
            parts.append(f"{alias}.kind = %(kind)s")
        if self.verification and skip != "verification":
            parts.append(f"{alias}.verification = %(verification)s")
        if self.theme and skip != "theme":
            parts.append(
                f"EXISTS (SELECT 1 FROM {THEME_LINKS} st JOIN {THEMES} th ON th.id = st.theme_id"
                f" WHERE st.searchentry_id = {alias}.id AND th.slug = %(theme)s)"
            )
        return " AND ".join(parts) or "1 = 1"


@dataclass
class Facets:
    matched: int = 0  # visible matches, unfiltered, counted up to COUNT_LIMIT + 1
    window_full: bool = False  # a phrase was checked on a bounded window only
    counts: dict = field(default_factory=lambda: {name: {} for name in FACETS})
    theme_names: dict = field(default_factory=dict)
    theme_total: int = 0  # an item has several themes, so this is not the sum of their counts
    ids: list = field(default_factory=list)  # PostgreSQL: the matches, when all were counted
    suggestions: dict = field(default_factory=dict)  # {typed word: indexed word}

    @property
    def capped(self):
        return self.matched > COUNT_LIMIT

    @property
    def lower_bound(self):
        return self.capped or self.window_full


def facets_sql(matched_ctes, kind_filters, extra_rows="", join="JOIN"):
    """The facet query's shape, shared by both backends: `matched` (id, kind, verification).

    `join`: SQLite's backend passes CROSS JOIN, which keeps its tables' order: the theme counts
    go from the matches to their links (1.5 ms at 20,000 items of each type), where SQLite
    chose to start at the themes and read all their entries (16 ms)."""
    f = kind_filters
    return f"""
        WITH {matched_ctes}
        SELECT 'all', '', '', count(*) FROM matched
        UNION ALL SELECT 'kind', m.kind, '', count(*) FROM matched m
            WHERE {f.sql("m", "kind")} GROUP BY m.kind
        UNION ALL SELECT 'verification', m.verification, '', count(*) FROM matched m
            WHERE {f.sql("m", "verification")} GROUP BY m.verification
        UNION ALL SELECT 'theme_all', '', '', count(*) FROM matched m WHERE {f.sql("m", "theme")}
        UNION ALL SELECT 'theme', th.slug, th.name, count(*) FROM matched m
            {join} {THEME_LINKS} st ON st.searchentry_id = m.id
            {join} {THEMES} th ON th.id = st.theme_id
            WHERE {f.sql("m", "theme")} GROUP BY th.slug, th.name
        {extra_rows}
    """


def suggestion_words(query):
    words = [w for w in dict.fromkeys(query.words) if 3 <= len(w) <= 40 and not w.isdigit()]
    return words[:SUGGEST_WORDS]


def backend_for(vendor=None):
    from .fts5 import SqliteBackend
    from .pg import PostgresBackend

    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def facets(query, now, filters=Filters(), suggest=False):
    """Counts by facet for `query` (one query), and spelling suggestions if nothing matched."""
    backend = backend_for()
    words = suggestion_words(query) if suggest else []
    params = {
        **backend.match_params(query),
        **filters.params(),
        **backend.suggest_params(words),
        "now": _db_datetime(now),
        "count_limit": COUNT_LIMIT + 1,
        "window": PHRASE_WINDOW,
    }
    result = Facets()
    with connection.cursor() as cursor:
        cursor.execute(backend.facets_sql(query, filters, len(words)), params)
        for name, value, label, count in cursor.fetchall():
            if name == "all":
                result.matched = count
            elif name == "theme_all":
                result.theme_total = count
            elif name == "window":
                result.window_full = count >= PHRASE_WINDOW
            elif name == "id":
                result.ids.append(int(value))
            elif name == "suggest":
                if label and label != value:
                    result.suggestions[value] = label
            else:
                result.counts[name][value] = count
                if name == "theme":
                    result.theme_names[value] = label
    return result


def count_all(query, now, filters):
    """Visible matches with every filter applied, up to COUNT_LIMIT + 1 (for when the facets,
    counted over the first matches of the words alone, were capped)."""
    backend = backend_for()
    params = {
        **backend.match_params(query, filters),
        **filters.params(),
        "now": _db_datetime(now),
        "count_limit": COUNT_LIMIT + 1,
        "window": PHRASE_WINDOW,
    }
    with connection.cursor() as cursor:
        cursor.execute(backend.count_sql(query, filters), params)
        return cursor.fetchone()[0]


def fetch_hits(query, now, filters, limit, offset, capped=False, ids=None):
    """One page of visible hits, best first, as dicts; one query."""
    backend = backend_for()
    params = {
        **backend.match_params(query, filters),
        **backend.hits_params(ids),
        **filters.params(),
        "now": _db_datetime(now),
        "rank_limit": RANK_LIMIT,
        "window": PHRASE_WINDOW,
        "limit": limit,
        "offset": offset,
    }
    with connection.cursor() as cursor:
        cursor.execute(backend.hits_sql(query, filters, capped, ids is not None), params)
        hits = [dict(zip(HIT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for hit in hits:
        hit["updated_at"] = _from_db_datetime(hit["updated_at"])
    return hits


def after_bulk_load():
    """Leave the index in shape for fast queries after a rebuild."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            # Bulk inserts leave GIN entries in a pending list that every search reads through.
            cursor.execute(
                "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index"
                " JOIN pg_class ON pg_class.oid = indexrelid JOIN pg_am ON pg_am.oid = relam"
                " WHERE amname = 'gin'"
                " AND indrelid IN (%s::regclass, 'iomkb_searchword'::regclass)",
                [TABLE],
            )
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute("ANALYZE iomkb_searchword")


def clear_vocabulary():
    """Before a rebuild (in its transaction): PostgreSQL's word list only grows (SQLite's
    follows the rows), and its trigger, row by row, is slower than one pass at the end."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE iomkb_searchword")
            cursor.execute("SET LOCAL iomkb.bulk_index = 'on'")


def fill_vocabulary():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL iomkb.bulk_index = 'off'")
            cursor.execute(
                "INSERT INTO iomkb_searchword (word) SELECT word FROM ts_stat($$"
                "SELECT to_tsvector('simple'::regconfig, title || ' ' || summary || ' ' || body"
                f" || ' ' || notes) FROM {TABLE}$$)"
                " WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[[:alpha:]]+$'"
            )


def _db_datetime(value):
    # Raw SQL bypasses the ORM's conversion; SQLite compares datetimes as Django's text format.
    return connection.ops.adapt_datetimefield_value(value)


def _from_db_datetime(value):
    if value is None or not isinstance(value, str):
        return value
    parsed = parse_datetime(value)
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed
