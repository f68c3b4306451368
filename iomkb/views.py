from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView

from casestudies.models import CaseStudy
from sections.models import LegalFramework, Section

from .models import SourceDocument, Theme


class PublishedMixin:
    """Public views start from `published()`; staff may preview drafts on detail pages."""

    paginate_by = 20
    select_related = ()
    prefetch_related = ()

    def get_queryset(self):
        return (
            self.model.objects.published()
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
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


def primary_source():
    return SourceDocument.objects.order_by("imported_at", "pk").first()


def home(request):
    source = primary_source()
    context = {
        "source": source,
        "sections": Section.objects.published().only("title", "slug", "order"),
        "case_studies": CaseStudy.objects.published().select_related("region")[:6],
        "frameworks": LegalFramework.objects.published()[:6],
        "themes": Theme.objects.all(),
    }
    return render(request, "iomkb/home.html", context)


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "iomkb/theme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        context["groups"] = [
            ("Sections", Section.objects.published().filter(themes=theme)),
            ("Case studies", CaseStudy.objects.published().filter(themes=theme)),
            ("Legal frameworks", LegalFramework.objects.published().filter(themes=theme)),
        ]
        return context


def source_view(request, slug=None):
    document = get_object_or_404(SourceDocument, slug=slug) if slug else primary_source()
    if document is None:
        raise Http404("No source text has been imported yet.")
    highlight, message = parse_line_span(request.GET.get("lines", ""), len(document.lines))
    owners = line_owners(document)
    lines = [
        {
            "number": number,
            "text": text,
            "highlighted": highlight is not None and highlight[0] <= number <= highlight[1],
            "owner": owners.get(number),
        }
        for number, text in enumerate(document.lines, start=1)
    ]
    context = {"document": document, "lines": lines, "span": highlight, "span_message": message}
    return render(request, "iomkb/source.html", context)


def parse_line_span(value, line_count):
    """'12-15' or '12' -> (12, 15); anything else -> (None, a message for the reader)."""
    if not value:
        return None, ""
    first, _, last = value.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        return None, f"“{value[:40]}” is not a line range; use e.g. lines=12-15."
    if not 1 <= start <= end <= line_count:
        return None, f"Lines {start}–{end} are outside this text (1–{line_count})."
    return (start, end), ""


def line_owners(document):
    """Map each line number to the published section it belongs to (the finest owner wins)."""
    owners = {}
    for model in (Section, LegalFramework, CaseStudy):
        items = (
            model.objects.published()
            .filter(source=document)
            .only("title", "slug", "source_start_line", "source_end_line")
        )
        for item in items:
            if item.source_start_line is None:
                continue
            end = item.source_end_line or item.source_start_line
            for number in range(item.source_start_line, end + 1):
                owners[number] = item
    return owners


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
