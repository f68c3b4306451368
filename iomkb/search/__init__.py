"""Site search: one interface, PostgreSQL full-text search or SQLite FTS5 underneath.

outcome = search("trafficking", kind="section", verification="verified", theme="legal-aid")
outcome.counts   # {"section": 3, ...}: by type, the other filters applied
outcome.facets   # the same for verification and theme, and the spelling suggestions
outcome.results  # a lazy sequence for Paginator; each page is one query
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from ..site.memo import per_content_version
from . import backends
from .backends import Facets, Filters
from .query import ParsedQuery, parse_query


class SearchResults:
    """Hits for one query and its filters, fetched a page at a time (Paginator slices this)."""

    def __init__(self, query, filters, total, now, capped=False, ids=None):
        self.query, self.filters, self.total, self.now = query, filters, total, now
        self.capped, self.ids = capped, ids

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("SearchResults only supports slicing.")
        start, stop, _ = index.indices(self.total)
        if stop <= start:
            return []
        return backends.fetch_hits(
            self.query, self.now, self.filters, stop - start, start, self.capped, self.ids
        )


@dataclass
class SearchOutcome:
    text: str
    query: ParsedQuery
    filters: Filters = Filters()
    facets: Facets = field(default_factory=Facets)
    results: SearchResults | list = field(default_factory=list)
    matched_any_word: bool = False
    notices: list = field(default_factory=list)
    suggestion: str = ""

    @property
    def kind(self):
        return self.filters.kind

    @property
    def counts(self):
        return self.facets.counts["kind"]

    @property
    def total(self):
        """Matches with the other filters applied, over every type."""
        return sum(self.counts.values())

    @property
    def matched(self):
        """Matches of the words alone, before any filter."""
        return self.facets.matched

    @property
    def is_capped(self):
        """More items match than were counted: counts are then lower bounds."""
        return self.facets.lower_bound


SEARCH_ANSWERS_SECONDS = 600


def counted(name, query, filters, now, compute):
    """compute()'s answer (the facets, a count) for `query` and `filters`: the same for every
    reader until the content changes, so computed once per content version (site/memo.py),
    as a list's counts are. At 20,000 items the facets are two thirds of a search's time. Only
    at the current time: the content version says nothing about another one."""
    if now is not None:
        return compute()
    key = f"search-{name}:{query.groups!r}|{query.excluded!r}|{filters!r}"
    # Anyone can ask new words: in the shared cache no longer than a page stays there.
    return per_content_version(key, compute, timeout=SEARCH_ANSWERS_SECONDS)


def search(text, kind=None, now=None, verification=None, theme=None):
    """Search published items; with several words, fall back to any word when none has all."""
    asked_at, now = now, now or timezone.now()
    query = parse_query(text)
    filters = Filters(kind=kind, verification=verification, theme=theme)
    outcome = SearchOutcome(text=text, query=query, filters=filters, notices=list(query.notices))
    if not query:
        return outcome
    facets = counted(
        "facets", query, filters, asked_at,
        lambda: backends.facets(query, now, filters, suggest=True),
    )  # fmt: skip
    outcome.suggestion = suggested_text(text, facets.suggestions)
    if not facets.matched and len(query.groups) > 1:
        query = query.any_of()
        facets = counted(
            "facets-any", query, filters, asked_at, lambda: backends.facets(query, now, filters)
        )
        outcome.matched_any_word = bool(facets.matched)
    outcome.query, outcome.facets = query, facets
    if facets.capped and (kind or verification or theme):
        total = counted(
            "count", query, filters, asked_at, lambda: backends.count_all(query, now, filters)
        )
    else:
        total = facets.counts["kind"].get(kind, 0) if kind else outcome.total
    capped = total > backends.COUNT_LIMIT
    # Beyond the limits only a bounded set of candidates is ranked, so pages stop there.
    limit = backends.RANK_LIMIT if capped else total
    # When every match was counted (on PostgreSQL, phrases: within the window), rank just those.
    ids = facets.ids if not facets.capped else None
    outcome.results = SearchResults(query, filters, limit, now, capped=capped, ids=ids)
    return outcome


def suggested_text(text, suggestions):
    """The reader's text with each misspelt word replaced, keeping everything else as typed."""
    if not suggestions:
        return ""
    words = parse_query(text).words

    def replace(match):
        typed = match.group(0)
        word = suggestions.get(typed.lower()) if typed.lower() in words else None
        if not word:
            return typed
        if typed.isupper() and len(typed) > 1:
            return word.upper()
        return word.capitalize() if typed[0].isupper() else word

    return re.sub(r"[^\W_]+", replace, text.strip()[:200])
