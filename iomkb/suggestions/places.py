"""Places a text names: countries from pycountry's ISO 3166 list, regions from the site's own
taxonomy (pycountry has no regions). Pure Python; the importer passes the site's terms in."""

import re
from dataclasses import dataclass, field
from functools import cache

from iomkb.sourcetext import slugify


@dataclass(frozen=True)
class Country:
    name: str  # the name to file it under: the common name where ISO gives one
    iso_code: str  # ISO 3166-1 alpha-2


@dataclass
class Gazetteer:
    """What the text's place names resolve to. `regions` maps a region's name (as a text
    would write it) to its slug; `country_regions` maps an ISO code to a region slug."""

    regions: dict[str, str] = field(default_factory=dict)
    country_regions: dict[str, str] = field(default_factory=dict)
    interventions: dict[str, str] = field(default_factory=dict)  # name -> slug
    country_slugs: dict[str, str] = field(default_factory=dict)  # ISO code -> the site's slug

    def country_entry(self, country: Country) -> str | dict:
        """The site's slug for a country it has; a description to create one it lacks."""
        if slug := self.country_slugs.get(country.iso_code):
            return slug
        return {"slug": slugify(country.name), "name": country.name, "iso_code": country.iso_code}

    def region_name(self, slug: str) -> str:
        return next((name for name, s in self.regions.items() if s == slug), slug)

    def interventions_in(self, text: str) -> list[str]:
        """Slugs of the site's kinds of intervention the text names (any case)."""
        lowered = text.lower()
        return [slug for name, slug in self.interventions.items() if name.lower() in lowered]

    def countries_in(self, text: str) -> list[Country]:
        """Countries named in text, in order of first mention, each once."""
        names, pattern = _country_names()
        found: dict[str, Country] = {}
        for match in pattern.finditer(text):
            country = names[match[0]]
            found.setdefault(country.iso_code, country)
        return list(found.values())

    def regions_in(self, text: str) -> list[str]:
        """Slugs of the site's regions named in text, in order of first mention."""
        if not self.regions:
            return []
        pattern = _alternation(tuple(self.regions))
        slugs = [self.regions[match[0]] for match in pattern.finditer(text)]
        return list(dict.fromkeys(slugs))

    def region_of(self, countries: list[Country], text: str) -> str | None:
        """The one region the text's countries (or, failing them, its words) point to."""
        slugs = {self.country_regions.get(c.iso_code) for c in countries} - {None}
        if len(slugs) == 1:
            return slugs.pop()
        named = self.regions_in(text)
        return named[0] if len(named) == 1 and not slugs else None


@cache
def _country_names() -> tuple[dict[str, Country], re.Pattern]:
    import pycountry

    names: dict[str, Country] = {}
    aliases: dict[str, Country] = {}
    for entry in pycountry.countries:
        common = getattr(entry, "common_name", None) or entry.name.split(",")[0]
        country = Country(name=common, iso_code=entry.alpha_2)
        for name in (entry.name, common, getattr(entry, "official_name", None)):
            if name:
                names.setdefault(name, country)
        # "Congo, The Democratic Republic of the" is also written as the part before the comma.
        aliases.setdefault(entry.name.split(",")[0], country)
    for name, country in aliases.items():
        names.setdefault(name, country)
    return names, _alternation(tuple(names))


@cache
def _alternation(names: tuple[str, ...]) -> re.Pattern:
    # Longest first, so "Niger" never wins over "Nigeria"; whole words, case as written.
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")
