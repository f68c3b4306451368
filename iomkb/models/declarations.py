"""What each content type declares about itself: its pages, and the data it is made from.

The registry (iomkb/content.py) lists the types; everything that works across them reads these
declarations and never names a type: search, feeds, sitemaps and theme pages (the page
declarations), the extraction (iomkb/extraction.py), the fixture builder (iomkb/fixturegen.py)
and `seed_synthetic` (the data declarations). Defaults below; each type overrides what differs.
"""

from ..slugurls import fixed_url


class ContentTypeDeclarations:
    # A stable key for the search index, the URL name of its public list, whether that list
    # filters by theme, and what its card (templates/jinja2/includes/cards/<kind>.html) shows.
    content_kind = ""
    list_url_name = ""
    lists_by_theme = True
    card_select_related = ()
    # The fields its card reads (includes/item_list.html and the card template): lists, theme
    # pages and related cards read only these. A card that reads another costs a query per
    # card, which the query-count tests would catch (they render every page with cards).
    card_fields = ("title", "slug", "summary", "verification")
    # Its own fields its page lists as facts (region, year…), in order: a version's permanent
    # link (iomkb/models/versions.py) shows them as that version stored them.
    fact_fields = ()

    # Its [[table]] in fixtures/source/extraction.toml, and its file in fixtures/.
    extraction_table = ""
    fixture_file = ""
    # True for the one type whose items are the source text's own sections (its table only adds
    # metadata to them, by heading); False for excerpts, which its table names by line span.
    from_source_sections = False
    # Which list of iomkb.suggestions fills its table when a text comes without an extraction
    # file ("operations" or "instruments"); empty: the import suggests no items of this type.
    suggested_from = ""
    # seed_synthetic's option for how many to make (default: the table's name, `--case-studies`),
    # and the many-to-many fields it fills, each with how many links an item gets.
    synthetic_option = ""
    synthetic_links = {"themes": (1, 3)}

    @classmethod
    def list_url(cls, theme=None):
        """The public list of this type; of `theme`'s items where the list filters by theme."""
        url = fixed_url(cls.list_url_name)
        return f"{url}?theme={theme.slug}" if theme is not None and cls.lists_by_theme else url

    @property
    def content_type_label(self):
        return self._meta.verbose_name

    @property
    def card_template(self):
        return f"includes/cards/{self.content_kind}.html"

    @property
    def list_label(self):
        return self._meta.verbose_name_plural.capitalize()

    @classmethod
    def extracted_fields(cls, entry, *, position, section_slug):
        """This type's own fields for one item of the extraction, related rows named by slug.

        `entry` is its extraction.toml table entry ({} if none), `position` its 1-based place
        among the items of its type, and `section_slug(heading)` the slug of the text's section
        with that heading (it refuses headings the text lacks).
        """
        return {}

    @classmethod
    def place_imported(cls, items, source):
        """Adjust new items from `source` before they are saved (e.g. their place among the
        items other texts brought). Nothing by default."""

    @classmethod
    def suggestion_terms(cls):
        """What the site already knows that suggestions should use: keyword arguments for
        iomkb.suggestions.Gazetteer (regions, countries, kinds of intervention by name)."""
        return {}

    @classmethod
    def synthetic_title(cls, fake):
        """A title for a synthetic item; `fake` is seed_synthetic's source of words and ids."""
        return fake.capitalised(fake.topic)

    @classmethod
    def synthetic_fields(cls, fake, number):
        """This type's own fields for synthetic item `number`, drawn from `fake`."""
        return {}
