"""Operations a text describes: a paragraph about one piece of work in one place, found in a
section about case studies or examples, or introduced as a case or example anywhere."""

import re
from dataclasses import dataclass

from .places import Country, Gazetteer
from .sentences import Paragraph

_CASE_HEADING = re.compile(
    r"case stud|\bexamples?\b|illustrat|in practice|success stor|lessons|field operations",
    re.IGNORECASE,
)
_CASE_MARKER = re.compile(
    r"\b(?:case stud\w*|for example|for instance|in one case"
    r"|(?:one|another|a third|a fourth|a further|a second|a notable) (?:notable )?"
    r"(?:example|instance|case|operation))\b",
    re.IGNORECASE,
)
_OPERATION_VERB = re.compile(
    r"\b(?:respond|assist|evacuat|resettl|provid|support|facilitat|implement|deliver|launch"
    r"|help|coordinat|reintegrat|relocat|shelter)\w*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_NAMED_EVENT = re.compile(
    r"\b(?:Typhoon|Hurricane|Cyclone|Tropical Storm|Storm|Earthquake|Tsunami|Operation)"
    r"(?: [A-Z][\w-]+){1,3}"
)
_EVENT = re.compile(
    r"\b(?:(?:19|20)\d\d )?(?:[a-z-]+ ){0,2}"
    r"(?:crisis|earthquake|floods?|conflict|war|drought|outbreak|cyclone|typhoon)\b"
)


@dataclass
class Operation:
    title: str
    paragraph: Paragraph
    year: int | None
    region: str | None
    countries: list[Country]
    interventions: list[str]


def operation_in(paragraph: Paragraph, gazetteer: Gazetteer) -> Operation | None:
    text = paragraph.text
    countries = gazetteer.countries_in(text)
    regions = gazetteer.regions_in(text)
    if not (countries or regions):
        return None
    in_case_section = bool(paragraph.heading and _CASE_HEADING.search(paragraph.heading))
    introduced = bool(_CASE_MARKER.search(text)) and len(countries) <= 2
    one_operation = (
        len(countries) == 1 and bool(_YEAR.search(text)) and bool(_OPERATION_VERB.search(text))
    )
    if not (in_case_section or introduced or one_operation):
        return None
    year = _YEAR.search(text)
    return Operation(
        title=_title(text, countries, regions, gazetteer),
        paragraph=paragraph,
        year=int(year[1]) if year else None,
        region=gazetteer.region_of(countries, text),
        countries=countries,
        interventions=gazetteer.interventions_in(text),
    )


_NOT_IN_A_NAME = {"by", "of", "in", "the", "a", "an", "after", "from", "during", "to", "and"}


def _event_name(phrase: str) -> str:
    """ "displaced by floods" -> "floods": verbs and little words before the event go."""
    words = phrase.split()
    while len(words) > 1 and (words[0] in _NOT_IN_A_NAME or words[0].endswith(("ed", "ing", "ly"))):
        words.pop(0)
    return " ".join(words)


def _title(text: str, countries: list[Country], regions: list[str], gazetteer) -> str:
    if countries:
        place = " and ".join(country.name for country in countries[:2])
    else:
        place = gazetteer.region_name(regions[0])
    if event := _NAMED_EVENT.search(text):
        name = event[0]
        return name if place in name else f"{name}, {place}"
    if event := _EVENT.search(text):
        name = _event_name(event[0])
        year = _YEAR.search(text)
        dated = year and year[1] not in name
        return f"{name[:1].upper()}{name[1:]} in {place}" + (f", {year[1]}" if dated else "")
    year = _YEAR.search(text)
    return f"Operation in {place}" + (f", {year[1]}" if year else "")
