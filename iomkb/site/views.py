"""The pages that span content types: home, themes, the source viewer, robots, health."""

from functools import cache, partial

from django.db import connection, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.generic import DetailView

from ..content import content_models, model_for_kind
from ..models import SourceDocument, Theme
from ..models.prepared import NOW, Parameter, PreparedQuery
from ..pagination import shorten
from ..terms import public_terms
from ..textdiff import inline_diff
from ..views import reads_query_parameters
from .memo import per_content_version

HOME_TOC_LIMIT = 100  # an article has a few dozen sections; a bulk import must not bloat home
SOURCES_LISTED = 50


def home(request):
    # The same for every reader until the content changes: computed once per content version.
    # A copy: rendering adds the request to its context, and the answer is shared (memo.py).
    return render(request, "iomkb/home.html", {**per_content_version("home", home_context)})


def home_context():
    # The first imported text is the site's article; any others are listed under it.
    sources = list(
        SourceDocument.objects.with_public_items()
        .order_by("imported_at", "pk")
        .defer("text")[: SOURCES_LISTED + 1]
    )
    source = sources[0] if sources else None
    models = content_models()
    # The article's table of contents comes from the first type (sections, in article order);
    # the others are featured, newest first.
    contents_model, featured_models = models[0], models[1:]
    contents = list(contents_model.objects.published().only("title", "slug")[: HOME_TOC_LIMIT + 1])
    return {
        "source": source,
        "other_sources": sources[1:SOURCES_LISTED],
        "contents": contents[:HOME_TOC_LIMIT],
        "contents_label": str(contents_model._meta.verbose_name_plural),
        "contents_url": contents_model.list_url(),
        "more_contents": len(contents) > HOME_TOC_LIMIT,
        "featured": [
            {
                "label": str(model._meta.verbose_name_plural),
                "list_url": model.list_url(),
                "items": list(
                    model.objects.published()
                    .select_related(*model.card_select_related)
                    .only(*model.card_fields)
                    .order_by("-published_at", "title")[:3]
                ),
            }
            for model in featured_models
        ],
        "themes": public_terms(Theme),
    }


def through_fk(model):
    """The name of the link table's column that points at `model`'s row (e.g. section_id)."""
    return model.themes.field.m2m_column_name()


def theme_group(model, theme, now, size):
    """`model`'s first `size` published items on `theme` (a pk), in list order.

    EXISTS, not a join: the database reads the type's published rows in list order (a partial
    index) and stops at the first page, however large the theme."""
    through = model.themes.through
    in_theme = Exists(through.objects.filter(**{through_fk(model): OuterRef("pk")}, theme_id=theme))
    published = model.objects.published(now).filter(in_theme)
    return published.select_related(*model.card_select_related).only(*model.card_fields)[:size]


# The theme's primary key, given when a theme group's prepared query runs.
THEME = Parameter("theme", models.BigIntegerField())


@cache
def prepared_theme_group(model, size):
    return PreparedQuery(model, partial(theme_group, model, THEME, NOW, size))


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "iomkb/theme_detail.html"
    # A preview per type; "See all … on this theme" opens the type's list filtered by theme.
    items_per_group = 12

    def get_object(self, queryset=None):
        # Only a theme some public item is on has a page: the themes the home page lists, one
        # answer per content version.
        slug = self.kwargs[self.slug_url_kwarg]
        for theme in public_terms(Theme):
            if theme.slug == slug:
                return theme
        raise Http404("No published item is on this theme.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        now = timezone.now()
        context["groups"] = []
        for model in content_models():
            items = prepared_theme_group(model, self.items_per_group).run(theme=theme.pk, now=now)
            total = len(items)
            if total == self.items_per_group:  # the exact size only when there may be more
                total = per_content_version(
                    f"theme-size:{theme.pk}:{model._meta.label}",
                    lambda model=model: theme_group(model, theme.pk, now, size=None).count(),
                )
            context["groups"].append(
                {
                    "label": model._meta.verbose_name_plural.capitalize(),
                    "key": slugify(model._meta.verbose_name_plural),
                    "items": items,
                    "total": total,
                    "more_url": model.list_url(theme) if total > len(items) else "",
                    "filters_by_theme": model.lists_by_theme,
                }
            )
        context["item_count"] = sum(group["total"] for group in context["groups"])
        return context


# A reader's /source/: the first two texts with public items (one is shown, two make a list).
first_public_documents = PreparedQuery(
    SourceDocument,
    lambda: SourceDocument.objects.with_public_items(NOW).order_by("imported_at", "pk")[:2],
)


@reads_query_parameters("lines")
def source_view(request, slug=None):
    def shown_documents():
        documents = SourceDocument.objects.all()
        return documents if request.user.is_staff else documents.with_public_items()

    if slug is None:
        # With several texts, /source/ lists them; with one, it is that text.
        if request.user.is_staff:
            first_two = list(shown_documents().order_by("imported_at", "pk")[:2])
        else:
            first_two = first_public_documents.run(now=timezone.now())
        if len(first_two) > 1:
            return source_list(request, shown_documents())
        document = first_two[0] if first_two else None
        several = False
    else:
        documents = shown_documents()
        document = get_object_or_404(documents, slug=slug)
        several = documents.exclude(pk=document.pk).exists()
    if document is None:
        raise Http404("No source text has been imported yet.")
    highlight, message = parse_line_span(request.GET.get("lines", ""), len(document.lines))
    # The same for every reader until the content changes (staff differ only in `withheld`).
    owners, unpublished = per_content_version(
        f"line-owners:{document.pk}", lambda: line_owners(document)
    )
    withheld = set() if request.user.is_staff else unpublished
    lines = [
        {
            "number": number,
            "text": "" if number in withheld else text,
            "withheld": number in withheld,
            "highlighted": highlight is not None and highlight[0] <= number <= highlight[1],
            "owner": owners.get(number),
            "starts_owner": False,
            "edited": number in owners and owners[number].edited_since_import,
        }
        for number, text in enumerate(document.lines, start=1)
    ]
    shown = None  # the owner last linked: its link once, on the first written line of a run
    for line in lines:
        if line["text"].strip() and line["owner"] is not None and line["owner"] is not shown:
            line["starts_owner"], shown = True, line["owner"]
        elif line["text"].strip() and line["owner"] is None:
            shown = None
        marks = [("is-highlighted", "highlighted"), ("is-edited", "edited")]
        marks.append(("starts-owner", "starts_owner"))
        line["classes"] = " ".join(name for name, key in marks if line[key])
    context = {
        "document": document,
        "lines": lines,
        "span": highlight,
        "several_sources": several,
        "notices": [message] if message else [],
    }
    response = render(request, "iomkb/source.html", context)
    if message:
        add_never_cache_headers(response)  # as in PublishedListView: bad input isn't cached
    return response


def source_list(request, documents):
    listed = documents.order_by("imported_at", "pk").defer("text")
    return render(request, "iomkb/source_list.html", {"documents": listed})


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the pages link to."""
    return HttpResponsePermanentRedirect(static("iomkb/favicon.svg"))


def parse_line_span(value, line_count):
    """'12-15' or '12' -> (12, 15); anything else -> (None, a message for the reader)."""
    if not value:
        return None, ""
    first, _, last = value.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        return None, f"“{shorten(value)}” is not a line range; use e.g. lines=12-15."
    if not 1 <= start <= end <= line_count:
        return None, f"Lines {start}–{end} are outside this text (1–{line_count})."
    return (start, end), ""


def line_owners(document):
    """Map each line to the published item it belongs to (the finest owner wins), and list
    the lines that belong only to items not (or no longer) public, which the public must not
    read."""
    owners, unpublished = {}, set()
    fields = (
        *("title", "slug", "status", "published_at", "expires_at"),
        *("source_start_line", "source_end_line"),
    )
    edited = ExpressionWrapper(~Q(body=F("source_body")), output_field=BooleanField())
    items = [
        item
        for model in content_models()
        for item in model.objects.filter(source=document)
        .only(*fields)
        .annotate(edited_since_import=edited)
        if item.source_start_line is not None
    ]
    # Longest spans first, so an excerpt (a case study, a framework) owns its lines rather
    # than the section around it.
    items.sort(key=lambda item: (item.source_end_line or 0) - item.source_start_line, reverse=True)
    for item in items:
        start = item.source_start_line
        span = range(start, max(start, item.source_end_line or start) + 1)
        if item.is_published():
            item.source = document  # for its changes_url, without a query per item
            for number in span:
                owners[number] = item
        else:
            unpublished.update(span)
    return owners, unpublished - owners.keys()


def source_changes(request, slug, kind, item):
    """A published item edited since import: its source lines against its current text."""
    try:
        model = model_for_kind(kind)
    except LookupError:
        raise Http404("No such content type.") from None
    queryset = model.objects.published().select_related("source")
    obj = get_object_or_404(queryset, slug=item, source__slug=slug)
    if not obj.changed_since_import:
        raise Http404("This item is still the source's text.")
    context = {"object": obj, "diff": inline_diff(obj.source_body, obj.body)}
    return render(request, "iomkb/source_changes.html", context)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
