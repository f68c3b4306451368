"""SQLite FTS5: bm25 with column weights, snippet() and highlight(); the unstemmed word table's
fts5vocab view for "Did you mean" (migration 0007)."""

from .backends import FTS_TABLE, SNIPPET_WORDS, TABLE, VISIBLE_SQL, Filters, facets_sql
from .query import to_fts5

VOCAB = "iomkb_searchentry_vocab"
WORDS_TABLE = "iomkb_searchentry_words"
# The columns readers' words are looked for in: not `kind` and `verification`, which hold the
# filters' values ("case_study", "verified"), words no item's text need contain.
TEXT_COLUMNS = "{title summary body notes}"


def max_distance(word):
    return 1 if len(word) <= 4 else 2


def suggestion_rows(count):
    """The facet query's "Did you mean" rows, run only when nothing matched (SEARCH.md)."""
    fts = FTS_TABLE
    columns = TEXT_COLUMNS.replace("{", "{{").replace("}", "}}")  # visible_match is formatted
    extra = ""
    for i in range(count):
        w = f"sw{i}"
        visible_match = f"""EXISTS (
            SELECT 1 FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid
            WHERE {fts} MATCH '{columns} : "' || replace({{term}}, '"', '""') || '"'
            AND {VISIBLE_SQL}
        )"""
        # A suggested word itself, unstemmed, must be in a visible item: its stem may also be
        # that of a word only drafts have (universe, university).
        visible_word = f"""EXISTS (
            SELECT 1 FROM {WORDS_TABLE} CROSS JOIN {TABLE} e ON e.id = {WORDS_TABLE}.rowid
            WHERE {WORDS_TABLE} MATCH '"' || replace(near.term, '"', '""') || '"'
            AND {VISIBLE_SQL}
        )"""
        # A word some visible item has is left as it is; otherwise the nearest of the 20
        # closest words (by distance, then how many items have it) that one visible item has.
        extra += f"""
            UNION ALL SELECT 'suggest', %({w})s, CASE
                WHEN {visible_match.format(term=f"%({w})s")} THEN %({w})s
                ELSE (SELECT near.term FROM (
                    SELECT v.term, iomkb_editdist(v.term, %({w})s, %({w}_d)s) AS distance,
                           v.doc
                    FROM {VOCAB} v
                    WHERE v.term >= %({w}_lo)s AND v.term < %({w}_hi)s
                    AND length(v.term) BETWEEN %({w}_min)s AND %({w}_max)s
                    AND iomkb_editdist(v.term, %({w})s, %({w}_d)s) <= %({w}_d)s
                    ORDER BY distance, v.doc DESC, v.term LIMIT 20
                ) near
                WHERE {visible_word}
                ORDER BY near.distance, near.doc DESC, near.term LIMIT 1)
            END, 0
            WHERE NOT EXISTS (SELECT 1 FROM matched)
        """
    return extra


def window_rows(filters):
    """The first PHRASE_WINDOW visible items with all the words (of the unfiltered query for
    the facets, `filters` None, whose match parameter has no filter in it then)."""
    visible = VISIBLE_SQL + (f" AND {filters.sql('e')}" if filters else "")
    fts = FTS_TABLE
    return f"""
        SELECT {fts}.rowid AS id FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid
        WHERE {fts} MATCH %(words_match)s AND {visible} LIMIT %(window)s
    """


class SqliteBackend:
    # bm25 column weights: a word in the title counts ten times one in the body, twice one in
    # the verification note or a citation's title; the type and status columns are for filters.
    bm25 = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.5, 0.0, 0.0)"

    def match_params(self, query, filters=None):
        """The full-text query; the type and status filters are part of it (their columns in
        the FTS5 table), so FTS5 intersects them instead of the join checking every match."""
        clauses = []
        for column in ("kind", "verification"):
            value = getattr(filters, column, None)
            if value:
                clauses.append(f'{column} : "{value.replace(chr(34), chr(34) * 2)}"')

        def filtered(match):
            return " AND ".join([f"{TEXT_COLUMNS} : ({match})", *clauses])

        return {
            "match": filtered(to_fts5(query)),
            "title_match": filtered(to_fts5(query, title_only=True)),
            "words_match": filtered(to_fts5(query, phrases_as_words=True)),
        }

    @staticmethod
    def window(query, filters):
        """For a phrase: "AND rowid <= the last of the first PHRASE_WINDOW visible items with
        its words", as on PostgreSQL. FTS5 reads position lists through to the end to find a
        rare phrase of common words (80 ms for a four-word one at 100,000 items); a rowid
        bound stops it there."""
        if not query.has_phrase:
            return ""
        return f"""AND {FTS_TABLE}.rowid <= (
            SELECT coalesce(max(w.id), 0) FROM ({window_rows(filters)}) w
        )"""

    def suggest_params(self, words):
        params = {}
        for i, word in enumerate(words):
            # Same first letter, a length within the distance: a bounded slice of the vocabulary
            # that FTS5 reads by term range, then an edit distance on what is left.
            distance = max_distance(word)
            params |= {
                f"sw{i}": word,
                f"sw{i}_lo": word[0],
                f"sw{i}_hi": chr(ord(word[0]) + 1),
                f"sw{i}_min": len(word) - distance,
                f"sw{i}_max": len(word) + distance,
                f"sw{i}_d": distance,
            }
        return params

    def count_sql(self, query, filters):
        return f"""
            SELECT count(*) FROM (
                SELECT e.id FROM {FTS_TABLE} CROSS JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid
                WHERE {FTS_TABLE} MATCH %(match)s AND {VISIBLE_SQL} AND {filters.sql("e")}
                {self.window(query, filters)}
                LIMIT %(count_limit)s
            )
        """

    def facets_sql(self, query, filters, suggest_count):
        fts = FTS_TABLE
        ctes = f"""matched AS MATERIALIZED (
            SELECT e.id, e.kind, e.verification
            FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid
            WHERE {fts} MATCH %(match)s AND {VISIBLE_SQL} {self.window(query, Filters())}
            LIMIT %(count_limit)s
        )"""
        extra = suggestion_rows(suggest_count)
        if query.has_phrase:
            extra += f"UNION ALL SELECT 'window', '', '', count(*) FROM ({window_rows(None)})"
        return facets_sql(ctes, filters, extra, join="CROSS JOIN")

    def hits_sql(self, query, filters, capped, known_ids):
        visible = f"{VISIBLE_SQL} AND {filters.sql('e')}"
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
            WHERE {fts} MATCH {{match}} AND {visible} {{bound}} {self.window(query, filters)}
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
            SELECT e.kind, e.object_id, e.title, e.url, e.summary, e.verification, e.updated_at,
                   highlight({fts}, 0, %(mark_start)s, %(mark_end)s),
                   snippet({fts}, 2, %(mark_start)s, %(mark_end)s, ' … ', {SNIPPET_WORDS}),
                   snippet({fts}, 3, %(mark_start)s, %(mark_end)s, ' … ', {SNIPPET_WORDS})
            FROM {fts} CROSS JOIN {TABLE} e ON e.id = {fts}.rowid CROSS JOIN page ON page.id = e.id
            WHERE {fts} MATCH %(match)s
                AND {fts}.rowid >= (SELECT min(id) FROM page)
                AND {fts}.rowid <= (SELECT max(id) FROM page)
                AND +{fts}.rowid IN (SELECT id FROM page)
            ORDER BY page.tier, page.score, page.title, page.id
        """

    def hits_params(self, ids):
        from .backends import MARK_END, MARK_START

        return {"mark_start": MARK_START, "mark_end": MARK_END}
