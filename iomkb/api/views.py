"""The API's endpoints: list and detail per content type, themes, citations, source documents,
search, and the root. Thin: the querysets, FilterSets and shapes come from types/serializers."""

from django.urls import resolve
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..content import content_models
from ..models import Citation, SourceDocument, Theme
from ..models.rules import Verification
from ..models.vocabulary import UsedByContentQuerySet
from ..search import backends, search
from ..search.query import MAX_QUERY_CHARS
from ..search.views import search_hit
from .base import ApiViewMixin
from .pagination import Pagination, bad
from .serializers import (
    CitationSerializer,
    SourceDocumentSerializer,
    ThemeSerializer,
    absolute,
    api_url,
    item_serializer,
)
from .types import api_filterset, item_queryset, path_segment


class ContextMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["base_url"] = self.request.build_absolute_uri("/")[:-1]
        return context


class ItemListView(ApiViewMixin, ContextMixin, generics.ListAPIView):
    model = None
    filter_backends = [DjangoFilterBackend]

    @property
    def filterset_class(self):
        # Looked up when first needed: the HTML list is found through the URLconf.
        return api_filterset(self.model)

    def get_queryset(self):
        return item_queryset(self.model)


class ItemDetailView(ApiViewMixin, ContextMixin, generics.RetrieveAPIView):
    """One published item; a draft, scheduled or expired item is 404 as on the site."""

    model = None
    lookup_field = "slug"

    def get_queryset(self):
        return item_queryset(self.model)


def item_views(model):
    """(list view, detail view) of one content type."""
    plural = model._meta.verbose_name_plural
    attrs = {
        "model": model,
        "serializer_class": item_serializer(model),
        "queryset": model.objects.none(),  # for the schema; get_queryset() serves requests
    }
    tags = [path_segment(model)]
    list_view = type(
        f"{model.__name__}ListView",
        (ItemListView,),
        {**attrs, "__doc__": f"Published {plural}."},
    )
    detail_view = type(
        f"{model.__name__}DetailView",
        (ItemDetailView,),
        {**attrs, "__doc__": f"One published {model._meta.verbose_name}, by slug."},
    )
    return (
        extend_schema(tags=tags)(list_view).as_view(),
        extend_schema(tags=tags)(detail_view).as_view(),
    )


class ThemeMixin(ApiViewMixin, ContextMixin):
    serializer_class = ThemeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Theme.objects.with_public_items().order_by("name", "pk")


@extend_schema(tags=["themes"])
class ThemeListView(ThemeMixin, generics.ListAPIView):
    """Themes that at least one published item has."""


class ThemeDetailSerializer(ThemeSerializer):
    lists = serializers.SerializerMethodField(
        help_text="{type: the API list of that type filtered by this theme}"
    )

    def to_representation(self, obj):
        return {**super().to_representation(obj), "lists": self.get_lists(obj)}

    def get_lists(self, obj) -> dict[str, str]:
        return {
            model.content_kind: f"{api_url(self.context, f'{model.content_kind}-list')}"
            f"?theme={obj.slug}"
            for model in content_models()
            if "theme" in api_filterset(model).base_filters
        }


@extend_schema(tags=["themes"])
class ThemeDetailView(ThemeMixin, generics.RetrieveAPIView):
    """One theme and links to the lists of its items."""

    serializer_class = ThemeDetailSerializer


class CitationMixin(ApiViewMixin, ContextMixin):
    serializer_class = CitationSerializer
    lookup_field = "key"

    def get_queryset(self):
        used = UsedByContentQuerySet(model=Citation).with_public_items()
        return used.order_by("title", "pk")


@extend_schema(tags=["citations"])
class CitationListView(CitationMixin, generics.ListAPIView):
    """Sources cited by at least one published item."""


@extend_schema(tags=["citations"])
class CitationDetailView(CitationMixin, generics.RetrieveAPIView):
    """One citation, by key."""


class SourceDocumentMixin(ApiViewMixin, ContextMixin):
    serializer_class = SourceDocumentSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return SourceDocument.objects.with_public_items().order_by("imported_at", "pk")


@extend_schema(tags=["source-documents"])
class SourceDocumentListView(SourceDocumentMixin, generics.ListAPIView):
    """Texts that published items were imported from (metadata; the text is on the site's
    source viewer, where lines of unpublished items are withheld)."""


@extend_schema(tags=["source-documents"])
class SourceDocumentDetailView(SourceDocumentMixin, generics.RetrieveAPIView):
    """One source document, by slug."""


class HitSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, with matches in <mark>.")
    snippet_html = serializers.CharField(help_text="Matching passages, matches in <mark>.")
    summary = serializers.CharField()
    verification = serializers.CharField(help_text="The status its page shows.")
    updated_at = serializers.DateTimeField(allow_null=True)
    snippet_from_notes = serializers.BooleanField(
        help_text="The snippet comes from the verification note or citation titles."
    )
    url = serializers.URLField(allow_null=True, help_text="The item in the API.")
    html_url = serializers.URLField(help_text="Its public page.")


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HitSerializer(many=True)
    matched_any_word = serializers.BooleanField(
        help_text="No item had every word, so these have at least one."
    )
    count_is_lower_bound = serializers.BooleanField(help_text="More matched than were counted.")
    counts_by_type = serializers.DictField(child=serializers.IntegerField())
    counts_by_verification = serializers.DictField(child=serializers.IntegerField())
    counts_by_theme = serializers.DictField(child=serializers.IntegerField())
    suggestion = serializers.CharField(help_text='"Did you mean": the query with typos fixed.')


@extend_schema(
    tags=["search"],
    parameters=[
        OpenApiParameter("q", str, required=True, description='Words, "phrases", -word, or.'),
        OpenApiParameter("type", str, enum=[m.content_kind for m in content_models()]),
        OpenApiParameter("verification", str, enum=list(Verification.values)),
        OpenApiParameter("theme", str, description="A theme's slug."),
        OpenApiParameter("page", int),
        OpenApiParameter("page_size", int),
    ],
    responses=SearchPageSerializer,
)
class SearchView(ApiViewMixin, APIView):
    """Published items matching `q`, best first, ranked and highlighted as on /search/."""

    query_parameters = frozenset({"q", "type", "verification", "theme", "page", "page_size"})

    def max_length(self, name):
        return MAX_QUERY_CHARS if name == "q" else super().max_length(name)

    def get(self, request):
        not_modified = self.conditional.not_modified(request) if self.conditional else None
        if not_modified:
            return not_modified
        text = request.query_params.get("q", "").strip()
        kind = request.query_params.get("type") or None
        kinds = [model.content_kind for model in content_models()]
        if not text:
            raise bad("q", "Give the words to search for.")
        if kind is not None and kind not in kinds:
            raise bad("type", f"One of: {', '.join(kinds)}.")
        verification = request.query_params.get("verification") or None
        if verification is not None and verification not in Verification.values:
            raise bad("verification", f"One of: {', '.join(Verification.values)}.")
        theme = request.query_params.get("theme") or None
        outcome = search(text, kind=kind, verification=verification, theme=theme)
        if not outcome.query:
            raise bad("q", "No searchable words (very common words and punctuation are ignored).")
        paginator = Pagination()
        hits = paginator.paginate_queryset(outcome.results, request)
        response = paginator.get_paginated_response([self.hit(hit) for hit in hits])
        response.data["matched_any_word"] = outcome.matched_any_word
        response.data["count_is_lower_bound"] = outcome.is_capped
        response.data["counts_by_type"] = {k: outcome.counts.get(k, 0) for k in kinds}
        response.data["counts_by_verification"] = outcome.facets.counts["verification"]
        response.data["counts_by_theme"] = outcome.facets.counts["theme"]
        response.data["suggestion"] = outcome.suggestion
        return response

    def hit(self, hit):
        base = {"base_url": self.request.build_absolute_uri("/")[:-1]}
        slug = resolve(hit["url"]).kwargs.get("slug")
        shown = search_hit(hit, {})
        return {
            "type": hit["kind"],
            "title": hit["title"],
            "title_html": str(shown["title_html"]),
            "snippet_html": str(shown["snippet_html"]),
            "summary": hit["summary"],
            "verification": hit["verification"],
            "updated_at": hit["updated_at"],
            "snippet_from_notes": shown["snippet_from_notes"],
            "url": api_url(base, f"{hit['kind']}-detail", slug=slug) if slug else None,
            "html_url": absolute(base, hit["url"]),
        }


class RootView(ApiViewMixin, APIView):
    """Where everything is."""

    @extend_schema(exclude=True)
    def get(self, request):
        not_modified = self.conditional.not_modified(request) if self.conditional else None
        if not_modified:
            return not_modified
        base = {"base_url": request.build_absolute_uri("/")[:-1]}
        lists = {m.content_kind: api_url(base, f"{m.content_kind}-list") for m in content_models()}
        for name in ("theme", "citation", "source-document"):
            lists[name.replace("-", "_")] = api_url(base, f"{name}-list")
        return Response(
            {
                "lists": lists,
                "search": api_url(base, "search"),
                "schema": api_url(base, "schema"),
                "docs": api_url(base, "docs"),
                "bulk_data": absolute(base, "/data/"),
                "search_count_limit": backends.COUNT_LIMIT,
            }
        )


class NotFoundView(ApiViewMixin, APIView):
    """Any other path under /api/: a JSON 404 rather than the site's HTML page."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound("No such API endpoint; see /api/v1/ for the list.")

    def check_parameters(self, request):
        pass
