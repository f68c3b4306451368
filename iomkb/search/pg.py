"""PostgreSQL full-text search: the weighted `search_vector` (GIN), ts_rank, ts_headline."""

import re

from .backends import (
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    TABLE,
    VISIBLE_SQL,
    Filters,
    facets_sql,
)
from .query import to_tsquery

# Each parameter's type, written into the SQL: a parameter used in two places must have one
# type for PostgreSQL to prepare the statement (server-side binding); the rest are text.
PARAMETER_TYPES = {
    "now": "timestamptz",
    "ids": "bigint[]",
    **dict.fromkeys(["count_limit", "rank_limit", "window", "limit", "offset"], "integer"),
}
PARAMETER = re.compile(r"%\((\w+)\)s(?!::)")


def typed(sql):
    """`sql` with an explicit type on every named parameter."""
    return PARAMETER.sub(lambda m: f"{m.group(0)}::{PARAMETER_TYPES.get(m.group(1), 'text')}", sql)


QUERY = "to_tsquery('english', %(match)s)"
WORDS_QUERY = "to_tsquery('english', %(words_match)s)"
# Of the visible items with a suggested word's stem, how many are checked for the word itself
# (bounded: a word only drafts have, of a common stem, would otherwise read every such item).
SUGGEST_CHECKED = 20


def match_ctes(query, filters, name, limit):
    """CTEs ending in `name`: (id, kind, verification) of at most `limit` visible matches.

    iomkb_search_matches() (migration 0007) finds them through the GIN index, never by
    reading the table in order and decompressing each row's vector to test it.

    GIN cannot check a phrase's word positions, so PostgreSQL would read every row with
    the phrase's words (31,000 of 100,000 for "capacity building"). Instead the index picks
    the first PHRASE_WINDOW items with the words, and the phrase is checked on those only.
    """
    chosen = filters.params()
    args = ", ".join(f"%({k})s" if chosen[k] else "NULL" for k in chosen)
    narrowed = ""
    if filters.kind or filters.verification:
        narrowed = " && to_tsquery('simple', %(filter_terms)s)"
    if not query.has_phrase:
        return f"""{name} AS MATERIALIZED (
            SELECT * FROM iomkb_search_matches({QUERY}{narrowed}, %(now)s, {args}, {limit})
        )"""
    return f"""
        {name}_window AS MATERIALIZED (
            SELECT * FROM iomkb_search_matches(
                {WORDS_QUERY}{narrowed}, %(now)s, {args}, %(window)s
            )
        ),
        {name} AS MATERIALIZED (
            SELECT w.* FROM {name}_window w
            WHERE (SELECT p.search_vector @@ {QUERY} FROM {TABLE} p WHERE p.id = w.id)
            LIMIT {limit}
        )
    """


class PostgresBackend:
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    )
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"

    def match_params(self, query, filters=None):
        # The type and status filters are words of search_vector too (migration 0007), so the
        # GIN index intersects them with the match instead of the rows being checked in turn.
        terms = [
            f"iomkb{column}{value.replace('_', '')}"
            for column, value in (
                ("kind", getattr(filters, "kind", None)),
                ("status", getattr(filters, "verification", None)),
            )
            if value and value.replace("_", "").isalnum()
        ]
        return {
            "match": to_tsquery(query),
            "words_match": to_tsquery(query, True),
            "filter_terms": " & ".join(terms),
        }

    def suggest_params(self, words):
        return {f"sw{i}": word for i, word in enumerate(words)}

    def count_sql(self, query, filters):
        ctes = match_ctes(query, filters, "matched", "%(count_limit)s")
        return typed(f"WITH {ctes} SELECT count(*) FROM matched")

    def facets_sql(self, query, filters, suggest_count):
        ctes = match_ctes(query, Filters(), "matched", "%(count_limit)s")
        extra = "UNION ALL SELECT 'id', m.id::text, '', 0 FROM matched m"
        if query.has_phrase:
            extra += " UNION ALL SELECT 'window', '', '', count(*) FROM matched_window"
        for i in range(suggest_count):
            # iomkb_suggest (migration 0007): indexed words nearest by trigram similarity,
            # the first one that a visible item contains; nothing without pg_trgm.
            extra += f"""
                UNION ALL SELECT 'suggest', %(sw{i})s, (
                    SELECT c.word FROM iomkb_suggest(%(sw{i})s) WITH ORDINALITY c(word, n)
                    WHERE EXISTS (
                        SELECT 1 FROM (
                            SELECT e.title, e.summary, e.body, e.notes FROM {TABLE} e
                            WHERE e.search_vector @@ plainto_tsquery('english', c.word)
                            AND {VISIBLE_SQL}
                            LIMIT {SUGGEST_CHECKED}
                        ) s
                        -- The word itself, not only its stem (universe, university): a word
                        -- only drafts have is never suggested.
                        WHERE to_tsvector('simple'::regconfig, s.title || ' ' || s.summary
                            || ' ' || s.body || ' ' || s.notes)
                            @@ plainto_tsquery('simple', c.word)
                    )
                    ORDER BY c.n LIMIT 1
                ), 0
                WHERE NOT EXISTS (SELECT 1 FROM matched)
            """
        return typed(facets_sql(ctes, filters, extra))

    def hits_sql(self, query, filters, capped, known_ids):
        if known_ids:
            # Every match is known (the facet query listed them): rank those only.
            ctes = f"""candidate AS (
                SELECT e.id, 0 AS tier FROM {TABLE} e
                WHERE e.id = ANY(%(ids)s) AND {filters.sql("e")}
            )"""
        elif capped:
            # Too many matches to rank them all: rank items with every word in the title,
            # then the first RANK_LIMIT other matches. A title match is a match, unless a
            # word the reader excluded is elsewhere.
            excluded = f"AND (e.search_vector @@ {QUERY}) IS TRUE" if query.excluded else ""
            ctes = f"""
                titled AS MATERIALIZED (
                    SELECT e.id FROM {TABLE} e
                    WHERE e.title_vector @@ {QUERY} {excluded}
                    AND {VISIBLE_SQL} AND {filters.sql("e")}
                ),
                {match_ctes(query, filters, "first", "%(rank_limit)s")},
                candidate AS (
                    SELECT tiers.id, min(tiers.tier) AS tier FROM (
                        (SELECT id, 0 AS tier FROM titled LIMIT %(rank_limit)s)
                        UNION ALL (SELECT id, 1 AS tier FROM first)
                    ) tiers
                    GROUP BY tiers.id
                )
            """
        else:
            ctes = f"""
                {match_ctes(query, filters, "every", "NULL")},
                candidate AS (SELECT id, 0 AS tier FROM every)
            """
        # ts_headline is costly, so it runs only on the page of hits chosen before it.
        return typed(f"""
            WITH {ctes},
            hit AS (
                SELECT e.id, e.kind, e.object_id, e.title, e.url, e.summary, e.body, e.notes,
                       e.verification, e.updated_at,
                       candidate.tier,
                       -- Items with every word in the title rank by their (short) title.
                       CASE WHEN candidate.tier = 0 AND {int(capped and not known_ids)} = 1
                            THEN ts_rank(e.title_vector, {QUERY})
                            ELSE ts_rank(e.search_vector, {QUERY}) END AS rank
                FROM candidate JOIN {TABLE} e ON e.id = candidate.id
                ORDER BY candidate.tier, rank DESC, e.title, e.id
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT hit.kind, hit.object_id, hit.title, hit.url, hit.summary,
                   hit.verification, hit.updated_at,
                   ts_headline('english', hit.title, {QUERY}, %(title_options)s),
                   ts_headline('english', hit.body, {QUERY}, %(headline_options)s),
                   ts_headline('english', hit.notes, {QUERY}, %(headline_options)s)
            FROM hit
            ORDER BY hit.tier, hit.rank DESC, hit.title, hit.id
        """)

    def hits_params(self, ids):
        return {
            "title_options": self.title_options,
            "headline_options": self.headline_options,
            "ids": ids or [],
        }
