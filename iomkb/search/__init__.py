"""Site search: one interface, PostgreSQL full-text search or SQLite FTS5 underneath.

outcome = search("trafficking", kind="section")
outcome.counts   # {"section": 3, ...} over every kind, for the filter
outcome.results  # a lazy sequence for Paginator; each page is one query
"""

from dataclasses import dataclass, field

from django.utils import timezone

from . import backends
from .query import ParsedQuery, parse_query


class SearchResults:
    """Hits for one query and kind, fetched a page at a time (Paginator slices this)."""

    def __init__(self, query, kind, total, now):
        self.query, self.kind, self.total, self.now = query, kind, total, now

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
        return backends.fetch_hits(self.query, self.now, self.kind, stop - start, start)


@dataclass
class SearchOutcome:
    text: str
    query: ParsedQuery
    kind: str | None
    counts: dict = field(default_factory=dict)
    results: SearchResults | list = field(default_factory=list)
    matched_any_word: bool = False
    notices: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts.values())


def search(text, kind=None, now=None):
    """Search published items; with several words, fall back to any word when none has all."""
    now = now or timezone.now()
    query = parse_query(text)
    outcome = SearchOutcome(text=text, query=query, kind=kind, notices=list(query.notices))
    if not query:
        return outcome
    counts = backends.count_hits(query, now)
    if not counts and len(query.groups) > 1:
        query = query.any_of()
        counts = backends.count_hits(query, now)
        outcome.matched_any_word = bool(counts)
    outcome.query, outcome.counts = query, counts
    total = counts.get(kind, 0) if kind else sum(counts.values())
    outcome.results = SearchResults(query, kind, total, now)
    return outcome
