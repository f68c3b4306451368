"""Ready-made citations of one version of a page: APA, Chicago, BibTeX and RIS.

The site is the author (the pages have no personal authors); the date is the day the cited
version became public, the address its permanent link. APA follows the 7th edition's webpage
form (group author, exact date, title in italics, URL), Chicago the 17th edition's bibliography
entry for a website ("Last modified"). RIS uses type ELEC (web page), which Zotero, EndNote and
Mendeley read as such.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify

from .models.versions import shown_since

# BibTeX's special characters, escaped so a title cannot break the entry or run LaTeX.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(char) for char in _BIBTEX))
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def one_line(text):
    """Reference formats are line-based: no line breaks or control characters in a value."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def bibtex_escape(text):
    return _BIBTEX_PATTERN.sub(lambda match: _BIBTEX[match.group()], one_line(text))


@dataclass
class Citation:
    title: str
    url: str  # absolute: the permanent link of the version, else the page
    date: datetime  # when the cited version became public
    site: str
    kind: str  # "Case study", …
    key: str  # for BibTeX, and the downloads' file names
    is_permanent: bool  # False: the item has no stored version yet, so this cites the page
    downloads: tuple = ()  # (label, path) of the citation files

    @property
    def day(self):
        return timezone.localtime(self.date).date()

    @property
    def title_line(self):
        return one_line(self.title)

    def apa_parts(self):
        """(before the italic title, the title, after it): templates italicise the middle."""
        day = self.day
        before = f"{one_line(self.site)}. ({day.year}, {day:%B} {day.day}). "
        return before, self.title_line, f". {self.url}"

    @property
    def apa(self):
        return "".join(self.apa_parts())

    @property
    def chicago(self):
        day = self.day
        return (
            f"{one_line(self.site)}. “{self.title_line}.” Last modified {day:%B} {day.day}, "
            f"{day.year}. {self.url}."
        )

    @property
    def bibtex(self):
        day = self.day
        fields = [
            ("author", "{" + bibtex_escape(self.site) + "}"),  # a group: never split into names
            ("title", bibtex_escape(self.title)),
            ("howpublished", bibtex_escape(self.site)),
            ("year", str(day.year)),
            ("month", _MONTHS[day.month - 1]),
            ("date", day.isoformat()),
            ("url", self.url),
            ("note", f"{bibtex_escape(self.kind)}, version of {day.isoformat()}"),
        ]
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
            for name, value in fields
        )
        return f"@misc{{{self.key},\n{body}\n}}\n"

    @property
    def ris(self):
        day = self.day
        lines = [
            ("TY", "ELEC"),
            ("AU", one_line(self.site)),
            ("TI", self.title_line),
            ("PY", str(day.year)),
            ("DA", f"{day:%Y/%m/%d}"),
            ("UR", self.url),
            ("DB", one_line(self.site)),
            ("N1", f"{one_line(self.kind)}, version of {day.isoformat()}"),
            ("ER", ""),
        ]
        # The RIS specification's line form: tag, two spaces, a hyphen, a space; CRLF endings.
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def citation_key(site, slug, revision_id):
    base = slugify(site).replace("-", "") or "item"
    return f"{base}-{slug}-v{revision_id}" if revision_id else f"{base}-{slug}"


def version_url(item, revision_id, fmt=""):
    """The permanent link of `item`'s revision `revision_id` (iomkb/site/versions.py), or of
    its citation file in `fmt` ("ris", "bib")."""
    kwargs = {"slug": item.slug, "revision": revision_id}
    if fmt:
        return reverse(f"{item.content_kind}_version_file", kwargs={**kwargs, "fmt": fmt})
    return reverse(f"{item.content_kind}_version", kwargs=kwargs)


def _citation(request, item, title, revision_id, date):
    site = settings.SITE_NAME
    path = version_url(item, revision_id) if revision_id else item.get_absolute_url()
    downloads = ()
    if revision_id:
        downloads = tuple(
            (label, version_url(item, revision_id, fmt))
            for label, fmt in (("RIS (.ris)", "ris"), ("BibTeX (.bib)", "bib"))
        )
    return Citation(
        title=title,
        url=request.build_absolute_uri(path),
        date=date,
        site=site,
        kind=capfirst(item.content_type_label),
        key=citation_key(site, item.slug, revision_id),
        is_permanent=bool(revision_id),
        downloads=downloads,
    )


def citation_of_version(request, version):
    """The citation of a PublishedVersion (iomkb/models/versions.py)."""
    return _citation(request, version.item, version.shown.title, version.revision_id, version.date)


def citation_of_page(request, item):
    """The citation of a live item's page as the reader sees it: the revision that stored it
    as it is (the detail view's `shown_revision` annotation, so no query of its own); an item
    saved outside any revision since (a shell) cites its page instead."""
    revision_id = getattr(item, "shown_revision_id", None)
    return _citation(request, item, item.title, revision_id, shown_since(item))
