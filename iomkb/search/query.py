"""Turn whatever a reader types into a safe, backend-neutral query.

The grammar is a small, forgiving subset of what search engines accept: words (all must match),
"quoted phrases", `-word` to exclude, and `or` between alternatives. Everything else is
punctuation and is ignored. Words keep only letters and digits, so nothing the reader types can
reach PostgreSQL's or FTS5's own query syntax: each backend renders the parsed query itself.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# PostgreSQL's 'english' configuration drops these (the Snowball list); SQLite's FTS5 does not,
# so we drop them from queries for both, and both backends then match the same items.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing don down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own s same she should so some such t than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves
    """.split()
)

# Word forms stemming does not reach: English verbs from Latin roots change their ending before
# -ion (detain/detention, intervene/intervention). A word with one of these endings also
# matches words beginning with the other form; both directions, prefixes of at least 5 letters.
ALTERNATIONS = (
    ("tain", "tent"),
    ("ceive", "cept"),
    ("duce", "duct"),
    ("sume", "sumpt"),
    ("scribe", "script"),
    ("solve", "solut"),
    ("vene", "vent"),
    ("pel", "puls"),
    ("mit", "miss"),
)
INFLECTIONS = ("", "s", "ed", "ing", "ion", "ions", "ee", "ees")

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<negated>-?)(?P<bare>[^\s"]+)')


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words that must appear in this order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self):
        return len(self.words) > 1

    def other_forms(self):
        """Prefixes a single word also matches: its other Latin form (detain: detent…)."""
        return () if self.is_phrase else word_forms(self.words[0])[1:]


def word_forms(word):
    forms = [word]
    for one, other in ALTERNATIONS:
        for ending, replacement in ((one, other), (other, one)):
            for suffix in (ending + inflection for inflection in INFLECTIONS):
                if word.endswith(suffix):
                    form = word[: -len(suffix)] + replacement
                    if len(form) >= 5 and form not in forms:
                        forms.append(form)
    return tuple(forms)


@dataclass(frozen=True)
class ParsedQuery:
    # Every group must match; a group matches when any one of its terms does.
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    notices: tuple[str, ...] = field(default=(), compare=False)

    def __bool__(self):
        return bool(self.groups)

    @property
    def words(self):
        return [word for group in self.groups for term in group for word in term.words]

    @property
    def has_phrase(self):
        return any(term.is_phrase for group in self.groups for term in group)

    def any_of(self):
        """The same terms, but an item needs only one of them (the fallback when none has all)."""
        terms = tuple(term for group in self.groups for term in group)
        return ParsedQuery(groups=(terms,), excluded=self.excluded, notices=self.notices)


def parse_query(text):
    """Parse reader input into a ParsedQuery; never raises, whatever the input."""
    notices = []
    # NFC, as the index text is: "é" typed as e + combining accent is then one letter.
    text = unicodedata.normalize("NFC", text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(
            f"Your search was long, so only its first {MAX_QUERY_CHARS} characters were used."
        )

    groups, excluded = [], []
    join_with_previous = False
    for match in CHUNK.finditer(text):
        phrase, bare, negated = match["phrase"], match["bare"], bool(match["negated"])
        if phrase is None and not negated and bare.lower() == "or":
            join_with_previous = bool(groups)
            continue
        words = tuple(word.lower() for word in WORD.findall(phrase if phrase is not None else bare))
        if not words or all(word in STOPWORDS for word in words):
            join_with_previous = False
            continue
        term = Term(words)
        if negated:
            excluded.append(term)
            join_with_previous = False
        elif join_with_previous:
            groups[-1] = (*groups[-1], term)
            join_with_previous = False
        else:
            groups.append((term,))

    term_count = sum(len(group) for group in groups) + len(excluded)
    if term_count > MAX_TERMS:
        notices.append(f"Your search had many words, so only the first {MAX_TERMS} were used.")
        groups, excluded = _first_terms(groups, excluded, MAX_TERMS)
    return ParsedQuery(groups=tuple(groups), excluded=tuple(excluded), notices=tuple(notices))


def _first_terms(groups, excluded, limit):
    kept_groups = []
    for group in groups:
        if limit <= 0:
            break
        kept_groups.append(group[:limit])
        limit -= len(kept_groups[-1])
    return kept_groups, excluded[: max(limit, 0)]


def to_tsquery(query, phrases_as_words=False):
    """Render for PostgreSQL's to_tsquery('english', …) (words are letters and digits only).

    A word also matches its other forms as prefixes. With phrases_as_words, a phrase
    only needs its words, anywhere: the GIN index answers that without reading the rows, so it
    picks the candidates on which the phrase itself is then checked.
    """

    def render(term, expand=True):
        if term.is_phrase:
            return "(" + (" & " if phrases_as_words else " <-> ").join(term.words) + ")"
        forms = term.other_forms() if expand else ()
        word = term.words[0]
        return "(" + " | ".join([word, *(f"{form}:*" for form in forms)]) + ")" if forms else word

    parts = ["(" + " | ".join(render(term) for term in group) + ")" for group in query.groups]
    if query.excluded and not phrases_as_words:
        parts += [f"!{render(term, expand=False)}" for term in query.excluded]
    return " & ".join(parts)


def to_fts5(query, title_only=False, phrases_as_words=False):
    """Render for SQLite's FTS5 MATCH: every term is a quoted string, so none is an operator.

    A word also matches its other forms as prefixes (as in to_tsquery). With
    title_only, the positive terms must all be in the title (exclusions still apply to every
    column), like PostgreSQL's title tier in backends.py. With phrases_as_words, as in
    to_tsquery: a phrase's words anywhere, no exclusions (the window a phrase is checked on).
    """

    def quoted(words):
        if phrases_as_words and len(words) > 1:
            return "(" + " AND ".join(quoted([word]) for word in words) + ")"
        return '"' + " ".join(words).replace('"', '""') + '"'

    def render(term, expand=True):
        forms = term.other_forms() if expand else ()
        if not forms:
            return quoted(term.words)
        return "(" + " OR ".join([quoted(term.words), *(quoted([f]) + "*" for f in forms)]) + ")"

    positive = " AND ".join(
        "(" + " OR ".join(render(term) for term in group) + ")" for group in query.groups
    )
    if title_only:
        positive = f"{{title}} : ({positive})"
    if query.excluded and not phrases_as_words:
        negative = " OR ".join(render(term, expand=False) for term in query.excluded)
        return f"({positive}) NOT ({negative})"
    return positive
