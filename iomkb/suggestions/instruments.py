"""Legal instruments a text names: constitutions, conventions, protocols, compacts, statutes,
agreements and memoranda of understanding, each with the sentence that names it."""

import re
from dataclasses import dataclass

from .sentences import Sentence

# The instrument word, and the framework kind it suggests (the frameworks' Kind values).
KINDS = {
    "constitution": "constitution",
    "convention": "convention",
    "covenant": "convention",
    "treaty": "convention",
    "charter": "convention",
    "protocol": "convention",
    "statute": "convention",
    "compact": "compact",
    "declaration": "compact",
    "agreement": "agreement",
    "memorandum of understanding": "agreement",
    "memoranda of understanding": "agreement",
}
_NAMED = re.compile(
    r"\b(Constitution|Conventions?|Covenants?|Treat(?:y|ies)|Charter|Protocols?|Statutes?"
    r"|Compacts?|Declaration|Agreements?|Memorand(?:um|a) of Understanding)\b"
)
_GENERIC = re.compile(
    r"\b(memorand(?:um|a) of understanding|conventions|protocols|compacts|treaties|agreements)\b"
)
# Words that may sit inside a name between capitalised words ("Safe, Orderly and Regular").
_JOINERS = {"of", "the", "for", "on", "and", "to", "in", "against", "relating", "concerning"}
# Words that end a lower-case qualifier to the left of a generic mention.
_STOPS = {
    "the", "these", "those", "this", "that", "its", "their", "our", "a", "an", "of", "with",
    "by", "through", "in", "on", "to", "under", "such", "as", "are", "is", "were", "was",
    "other", "various", "several", "many", "some", "all", "existing", "formal", "signed",
    "include", "includes", "including", "implement", "implementing", "promote", "promotes",
    "support", "supports", "adopt", "adopted", "ratify", "ratified", "between", "and/or",
    "legislation", "law", "laws", "policies", "standards", "norms", "frameworks",
}  # fmt: skip
# Qualifiers that alone make no instrument ("international treaties", "clear protocols").
_WEAK = {
    "international", "national", "legal", "relevant", "key", "global", "clear", "new", "and",
    "regional", "bilateral", "multilateral", "binding", "non-binding", "important", "major",
    "treaties", "agreements", "conventions", "protocols", "compacts", "instruments",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "this", "these", "that", "its", "their", "our"}
_YEAR_AFTER = re.compile(
    r"\b(?:adopted|signed|concluded|agreed|established|affirmed|endorsed|approved"
    r"|entered into force)\s+in\s+(?:\w+ )?(\d{4})\b"
)
_YEAR_IN_TITLE = re.compile(r"^(\d{4}) ")
_YEAR_RIGHT_AFTER = re.compile(r"^\s*(?:(?:in|of)\s+(\d{4})\b|\((\d{4})\))")
_ANY_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_ADOPTION = re.compile(
    r"\b(?:adopt|sign|conclud|agree|establish|affirm|endors|approv|ratif)\w*", re.IGNORECASE
)
_YEAR_BEFORE = re.compile(r"\b(\d{4})\s+$")
_TOKEN = re.compile(r"[\w'’.-]+|,")


@dataclass
class Instrument:
    title: str
    kind: str
    sentence: Sentence
    year: int | None
    binding: str  # "yes", "no" or "unknown"


def instruments_in(sentence: Sentence) -> list[Instrument]:
    found = []
    for match in _NAMED.finditer(sentence.text):
        title = _named_title(sentence.text, match.start(), match.end())
        if title:
            found.append(_instrument(title, match[1], sentence, match.start()))
    for match in _GENERIC.finditer(sentence.text):
        if any(match.start() >= i.sentence.text.find(i.title) >= 0 for i in found):
            continue
        title = _generic_title(sentence.text, match.start(), match.end())
        if title:
            found.append(_instrument(title, match[1], sentence, match.start()))
    return found


def _instrument(title: str, word: str, sentence: Sentence, at: int) -> Instrument:
    key = word.lower()
    kind = KINDS.get(key) or KINDS.get(key.rstrip("s")) or KINDS.get(key[:-3] + "y", "other")
    in_title = _YEAR_IN_TITLE.match(title)
    end = sentence.text.find(title, max(0, at - len(title)))
    end = end + len(title) if end >= 0 else at
    year = int(in_title[1]) if in_title else _year(sentence.text, at, end)
    return Instrument(title, kind, sentence, year, _binding(sentence.text))


def _named_title(text: str, start: int, end: int) -> str | None:
    """Grow a capitalised name left and right of the instrument word."""
    left = text[:start]
    words = _TOKEN.findall(left)
    taken = []
    for word in reversed(words):
        if word.lower() in _DETERMINERS:
            break
        if word[:1].isupper() or re.fullmatch(r"\d{4}", word):
            taken.insert(0, word)
        else:
            break
    name = " ".join(taken + [text[start:end]])
    rest = _TOKEN.findall(text[end:])
    tail: list[str] = []
    for word in rest:
        if word[:1].isupper() or word.lower() in _JOINERS or word == ",":
            tail.append(word)
        else:
            break
    while tail and (tail[-1].lower() in _JOINERS or tail[-1] == ","):
        tail.pop()
    if tail and tail[0] == ",":
        tail = []  # "the Convention, which ..." : the name ended at the word
    if not taken and not tail:
        return None  # a bare "Convention" names nothing in particular
    title = (name + " " + " ".join(tail)).strip().replace(" ,", ",")
    return title.strip(" ,.")


def _generic_title(text: str, start: int, end: int) -> str | None:
    """A lower-case mention qualified by the words before it, e.g. 'human rights conventions'."""
    phrase = text[start:end]
    if phrase.lower().startswith("memorand"):
        return phrase[:1].upper() + phrase[1:]
    words = _TOKEN.findall(text[:start])
    taken: list[str] = []
    for word in reversed(words):
        if word == "," or word.lower() in _STOPS or not word[:1].isalpha():
            break
        taken.insert(0, word)
    while taken and taken[0].lower() == "and":
        taken.pop(0)
    if not taken or all(word.lower() in _WEAK for word in taken) or taken[0][:1].isupper():
        return None  # nothing specific, or the start of a sentence ("It", "These")
    title = " ".join(taken + [phrase])
    return title[:1].upper() + title[1:]


def _year(text: str, at: int, end: int) -> int | None:
    """The year the sentence gives the instrument: "the 1951 Convention", "the Convention of
    1951", "the Convention (1951)", "adopted in 1951", or "adopted the Convention in 2009"."""
    if match := _YEAR_BEFORE.search(text[:at]):
        return int(match[1])
    if match := _YEAR_RIGHT_AFTER.match(text[end:]):
        return int(match[1] or match[2])
    if match := _YEAR_AFTER.search(text[at:]):
        return int(match[1])
    years = _ANY_YEAR.findall(text)
    if len(set(years)) == 1 and _ADOPTION.search(text):
        return int(years[0])
    return None


def _binding(text: str) -> str:
    lowered = text.lower()
    non = "non-binding" in lowered or "not legally binding" in lowered
    binding = "legally binding" in lowered.replace("not legally binding", "")
    if non and not binding and "binding and non-binding" not in lowered:
        return "no"
    if binding and not non:
        return "yes"
    return "unknown"
