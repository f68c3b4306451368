from django.db import connection
from django.db.models import Count, Window
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import classproperty
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView

from casestudies.models import CaseStudy
from sections.models import LegalFramework, Section

from .cache import reads_query_parameters
from .models import SourceDocument, Theme

# Longer values are never a real slug, year or choice: refuse them before any query runs.
MAX_PARAMETER_LENGTH = 100


def shorten(value, length=40):
    """A short excerpt of a reader's input, safe to show back (no control characters)."""
    printable = "".join(char if char.isprintable() else "\ufffd" for char in value[: length * 2])
    return Truncator(printable).chars(length)


class PublishedMixin:
    """Public views start from `published()`; staff may preview drafts on detail pages."""

    select_related = ()
    prefetch_related = ()

    def get_queryset(self):
        return (
            self.model.objects.published()
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )


class PublishedListView(PublishedMixin, ListView):
    """A published list with an optional FilterSet and forgiving pagination.

    Bad query strings never raise: an invalid filter value is ignored and a bad page number
    falls back to the nearest real page, each with a notice that says so.
    """

    paginate_by = 20
    filterset_class = None

    @classproperty
    def query_parameters(cls):
        filters = cls.filterset_class.base_filters if cls.filterset_class else {}
        return frozenset([*filters, cls.page_kwarg])

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notices = []
        self.filterset = None

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.filterset_class is None:
            return queryset
        self.filterset = self.filterset_class(
            self.filter_data(), queryset=queryset, request=self.request
        )
        for name, errors in self.filterset.errors.items():
            field = self.filterset.form.fields.get(name)
            label = field.label if field is not None else name
            self.notices.append(f"{label}: {' '.join(errors)} This filter was ignored.")
        return self.filterset.qs

    def filter_data(self):
        """The last value of each known filter parameter, minus values no filter could accept."""
        data = {}
        for name, filter_ in self.filterset_class.base_filters.items():
            value = self.request.GET.get(name)
            if value is None:
                continue
            if len(value) > MAX_PARAMETER_LENGTH or "\x00" in value:
                label = filter_.label or name.replace("_", " ").capitalize()
                self.notices.append(
                    f"{label}: “{shorten(value)}” is not a valid value. This filter was ignored."
                )
                continue
            data[name] = value
        return data

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        requested = self.request.GET.get(self.page_kwarg, "1")
        if requested == "last":
            number = paginator.num_pages
        else:
            try:
                number = int(requested)
            except ValueError:
                number = 1
                self.notices.append(f"“{shorten(requested)}” is not a page number. Showing page 1.")
            else:
                if number < 1:
                    self.notices.append("Page numbers start at 1. Showing page 1.")
                    number = 1
                elif number > paginator.num_pages:
                    number = paginator.num_pages
                    self.notices.append(
                        f"There is no page {shorten(requested)}; "
                        f"there {'is' if number == 1 else 'are'} {number} "
                        f"page{'' if number == 1 else 's'}. Showing page {number}."
                    )
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.notices:
            # Anyone can invent more bad input: a page about it is not worth a cache entry.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["notices"] = self.notices
        context["query_string"] = self.valid_query_string()
        context["is_filtered"] = bool(self.valid_query_string())
        return context

    def valid_query_string(self):
        """The applied filters as a query string, for pagination links (never carries bad input)."""
        if self.filterset is None:
            return ""
        form = self.filterset.form
        return urlencode(
            [
                (name, form.data[name])
                for name in form.fields
                if name in form.data and form.data[name] != "" and name not in form.errors
            ]
        )


class ContentDetailView(PublishedMixin, DetailView):
    select_related = ("source",)
    prefetch_related = ("themes", "citations")

    def get_queryset(self):
        if self.request.user.is_staff:
            return (
                self.model.objects.all()
                .select_related(*self.select_related)
                .prefetch_related(*self.prefetch_related)
            )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published()
        return context


def primary_source(documents):
    return documents.order_by("imported_at", "pk").first()


HOME_TOC_LIMIT = 100  # an article has a few dozen sections; a bulk import must not bloat home


def home(request):
    source = primary_source(SourceDocument.objects.with_public_items())
    sections = list(
        Section.objects.published().only("title", "slug", "order")[: HOME_TOC_LIMIT + 1]
    )
    context = {
        "source": source,
        "sections": sections[:HOME_TOC_LIMIT],
        "more_sections": len(sections) > HOME_TOC_LIMIT,
        "case_studies": CaseStudy.objects.published()
        .select_related("region")
        .order_by("-published_at", "title")[:3],
        "frameworks": LegalFramework.objects.published().order_by("-published_at", "title")[:3],
        "themes": Theme.objects.with_public_items(),
    }
    return render(request, "iomkb/home.html", context)


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "iomkb/theme_detail.html"
    items_per_group = 24

    def get_queryset(self):
        return Theme.objects.with_public_items()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        groups = [
            ("Sections", "sections", Section.objects.published(), reverse("sections:list")),
            (
                "Case studies",
                "case-studies",
                CaseStudy.objects.published().select_related("region"),
                reverse("casestudies:list"),
            ),
            (
                "Legal frameworks",
                "legal-frameworks",
                LegalFramework.objects.published(),
                reverse("sections:framework_list"),
            ),
        ]
        context["groups"] = []
        for label, key, queryset, list_url in groups:
            # The window count gives the group's full size in the same query as its first page.
            items = list(
                queryset.filter(themes=theme).annotate(total=Window(Count("pk")))[
                    : self.items_per_group
                ]
            )
            total = items[0].total if items else 0
            more_url = ""
            if total > len(items):
                # The sections page lists them all in article order; the others filter by theme.
                more_url = list_url if key == "sections" else f"{list_url}?theme={theme.slug}"
            context["groups"].append(
                {"label": label, "key": key, "items": items, "total": total, "more_url": more_url}
            )
        context["item_count"] = sum(group["total"] for group in context["groups"])
        return context


@reads_query_parameters("lines")
def source_view(request, slug=None):
    documents = SourceDocument.objects.all()
    if not request.user.is_staff:
        documents = documents.with_public_items()
    document = get_object_or_404(documents, slug=slug) if slug else primary_source(documents)
    if document is None:
        raise Http404("No source text has been imported yet.")
    highlight, message = parse_line_span(request.GET.get("lines", ""), len(document.lines))
    owners, unpublished = line_owners(document)
    withheld = set() if request.user.is_staff else unpublished
    lines = [
        {
            "number": number,
            "text": "" if number in withheld else text,
            "withheld": number in withheld,
            "highlighted": highlight is not None and highlight[0] <= number <= highlight[1],
            "owner": owners.get(number),
        }
        for number, text in enumerate(document.lines, start=1)
    ]
    context = {
        "document": document,
        "lines": lines,
        "span": highlight,
        "notices": [message] if message else [],
    }
    response = render(request, "iomkb/source.html", context)
    if message:
        add_never_cache_headers(response)  # as in PublishedListView: bad input isn't cached
    return response


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
    the lines that belong only to items not yet public, which the public must not read."""
    owners, unpublished = {}, set()
    fields = ("title", "slug", "status", "published_at", "source_start_line", "source_end_line")
    for model in (Section, LegalFramework, CaseStudy):
        for item in model.objects.filter(source=document).only(*fields):
            if item.source_start_line is None:
                continue
            start = item.source_start_line
            span = range(start, max(start, item.source_end_line or start) + 1)
            if item.is_published():
                for number in span:
                    owners[number] = item
            else:
                unpublished.update(span)
    return owners, unpublished - owners.keys()


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
