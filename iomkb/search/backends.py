"""The two ways of running a parsed query: PostgreSQL full-text search and SQLite FTS5.

Both read the same `iomkb_searchentry` rows and apply the same visibility rule as
`ContentQuerySet.published()`: status 'published', published_at not in the future and
expires_at, if any, still ahead; checked at query time, so a scheduled item appears and an
expiring one disappears when its time comes without being saved again.
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

HIT_COLUMNS = ("kind", "object_id", "title", "url", "summary", "title_marked", "snippet_marked")

# Work per search is bounded, so a word found in most of 100,000 items stays fast: counts stop
# at COUNT_LIMIT (the page then says "more than"), and only RANK_LIMIT candidates are ranked,
# items matching in their title first. Below these limits results are exact and complete.
COUNT_LIMIT = 500
RANK_LIMIT = 500

VISIBLE_SQL = (
    "e.status = 'published' AND e.published_at <= %(now)s "
    "AND (e.expires_at IS NULL OR e.expires_at > %(now)s)"
)


def _kind_sql(kind):
    return "AND e.kind = %(kind)s" if kind else ""


class PostgresBackend:
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    )
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"

    def match_params(self, query):
        return {"match": to_websearch(query)}

    def counts_sql(self, kind):
        return f"""
            SELECT matched.kind, count(*) FROM (
                SELECT e.kind FROM {TABLE} e
                WHERE e.search_vector @@ websearch_to_tsquery('english', %(match)s)
                AND {VISIBLE_SQL} {_kind_sql(kind)}
                LIMIT %(count_limit)s
            ) matched
            GROUP BY matched.kind
        """

    def hits_sql(self, kind, capped):
        visible = f"{VISIBLE_SQL} {_kind_sql(kind)}"
        # The tsquery is written out each time rather than shared through a CTE: as a constant
        # the planner can weigh the words against the column statistics and, for a very common
        # word, read rows in order instead of building a bitmap of nearly the whole table.
        query = "websearch_to_tsquery('english', %(match)s)"
        if capped:
            # Too many matches to rank them all: rank items with every word in the title,
            # then the first RANK_LIMIT other matches.
            candidates = f"""
                SELECT tiers.id, min(tiers.tier) AS tier FROM (
                    (SELECT e.id, 0 AS tier FROM {TABLE} e
                     WHERE e.title_vector @@ {query} AND (e.search_vector @@ {query}) IS TRUE
                     AND {visible}
                     LIMIT %(rank_limit)s)
                    UNION ALL
                    (SELECT e.id, 1 AS tier FROM {TABLE} e
                     WHERE e.search_vector @@ {query} AND {visible}
                     LIMIT %(rank_limit)s)
                ) tiers
                GROUP BY tiers.id
            """
        else:
            candidates = f"""
                SELECT e.id, 0 AS tier FROM {TABLE} e
                WHERE e.search_vector @@ {query} AND {visible}
            """
        # ts_headline is costly, so it runs only on the page of hits chosen before it.
        return f"""
            WITH candidate AS ({candidates}),
            hit AS (
                SELECT e.id, e.kind, e.object_id, e.title, e.url, e.summary, e.body,
                       candidate.tier, ts_rank(e.search_vector, {query}) AS rank
                FROM candidate JOIN {TABLE} e ON e.id = candidate.id
                ORDER BY candidate.tier, rank DESC, e.title, e.id
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT hit.kind, hit.object_id, hit.title, hit.url, hit.summary,
                   ts_headline('english', hit.title, {query}, %(title_options)s),
                   ts_headline('english', hit.body, {query}, %(headline_options)s)
            FROM hit
            ORDER BY hit.tier, hit.rank DESC, hit.title, hit.id
        """

    def hits_params(self):
        return {"title_options": self.title_options, "headline_options": self.headline_options}


class SqliteBackend:
    # bm25 column weights: a word in the title counts ten times one in the body.
    bm25 = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"

    def match_params(self, query):
        return {"match": to_fts5(query), "title_match": to_fts5(query, title_only=True)}

    def counts_sql(self, kind):
        return f"""
            SELECT matched.kind, count(*) FROM (
                SELECT e.kind FROM {FTS_TABLE} CROSS JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid
                WHERE {FTS_TABLE} MATCH %(match)s AND {VISIBLE_SQL} {_kind_sql(kind)}
                LIMIT %(count_limit)s
            ) matched
            GROUP BY matched.kind
        """

    def hits_sql(self, kind, capped):
        visible = f"{VISIBLE_SQL} {_kind_sql(kind)}"
        fts = FTS_TABLE

        def first_matches(match):
            # FTS5 returns matches in rowid order, so "the first RANK_LIMIT matches" is a rowid
            # range, which FTS5 scans without touching the rest of a long list of matches.
            return f"""
                {fts}.rowid <= (
                    SELECT max(first.id) FROM (
                        SELECT {fts}.rowid AS id
                        FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid
                        WHERE {fts} MATCH {match} AND {visible} LIMIT %(rank_limit)s
                    ) first
                )
            """

        ranked_sql = f"""
            SELECT {fts}.rowid AS id, {{tier}} AS tier, {self.bm25} AS score, e.title
            FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid
            WHERE {fts} MATCH {{match}} AND {visible} {{bound}}
        """
        if capped:
            # Too many matches to rank them all: items with every word in the title first
            # (ranked among themselves), then the first RANK_LIMIT matches.
            ranked = " UNION ALL ".join(
                [
                    ranked_sql.format(
                        tier=0,
                        match="%(title_match)s",
                        bound="AND " + first_matches("%(title_match)s"),
                    ),
                    ranked_sql.format(
                        tier=1, match="%(match)s", bound="AND " + first_matches("%(match)s")
                    ),
                ]
            )
            ranked = (
                "SELECT id, min(tier) AS tier, min(score) AS score, title "
                f"FROM ({ranked}) GROUP BY id"
            )
        else:
            ranked = ranked_sql.format(tier=0, match="%(match)s", bound="")
        # snippet() and highlight() run only on the page. The full-text table always drives
        # the joins (CROSS JOIN fixes the order, `+rowid` hides the rowid from the planner):
        # looking up one rowid at a time restarts the full-text query once per row.
        return f"""
            WITH page AS MATERIALIZED (
                SELECT id, tier, score, title FROM ({ranked})
                ORDER BY tier, score, title, id
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT e.kind, e.object_id, e.title, e.url, e.summary,
                   highlight({fts}, 0, %(mark_start)s, %(mark_end)s),
                   snippet({fts}, 2, %(mark_start)s, %(mark_end)s, ' … ', {SNIPPET_WORDS})
            FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid CROSS JOIN page ON page.id = e.id
            WHERE {fts} MATCH %(match)s
                AND {fts}.rowid >= (SELECT min(id) FROM page)
                AND {fts}.rowid <= (SELECT max(id) FROM page)
                AND +{fts}.rowid IN (SELECT id FROM page)
            ORDER BY page.tier, page.score, page.title, page.id
        """

    def hits_params(self):
        return {"mark_start": MARK_START, "mark_end": MARK_END}


def backend_for(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def count_hits(query, now, kind=None):
    """{kind: visible matches}, one query; a total above COUNT_LIMIT means "more than that"."""
    backend = backend_for()
    params = {
        **backend.match_params(query),
        "now": _db_datetime(now),
        "kind": kind,
        "count_limit": COUNT_LIMIT + 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(backend.counts_sql(kind), params)
        return dict(cursor.fetchall())


def fetch_hits(query, now, kind, limit, offset, capped=False):
    """One page of visible hits, best first, as dicts; one query."""
    backend = backend_for()
    params = {
        **backend.match_params(query),
        **backend.hits_params(),
        "now": _db_datetime(now),
        "kind": kind,
        "rank_limit": RANK_LIMIT,
        "limit": limit,
        "offset": offset,
    }
    with connection.cursor() as cursor:
        cursor.execute(backend.hits_sql(kind, capped), params)
        return [dict(zip(HIT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def after_bulk_load():
    """Leave the index in shape for fast queries after a rebuild."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {TABLE}")


def _db_datetime(value):
    # Raw SQL bypasses the ORM's conversion; SQLite compares datetimes as Django's text format.
    return connection.ops.adapt_datetimefield_value(value)
