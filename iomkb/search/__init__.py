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

    def __init__(self, query, kind, total, now, capped=False):
        self.query, self.kind, self.total, self.now = query, kind, total, now
        self.capped = capped

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
            self.query, self.now, self.kind, stop - start, start, capped=self.capped
        )


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

    @property
    def is_capped(self):
        """More items match than were counted: counts are then lower bounds."""
        return self.total > backends.COUNT_LIMIT


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
    if kind and outcome.is_capped:
        total = sum(backends.count_hits(query, now, kind).values())
    else:
        total = counts.get(kind, 0) if kind else outcome.total
    capped = total > backends.COUNT_LIMIT
    # Beyond the limits only a bounded set of candidates is ranked, so pages stop there.
    limit = backends.RANK_LIMIT if capped else total
    outcome.results = SearchResults(query, kind, limit, now, capped=capped)
    return outcome
