"""JSON shapes of the API and the export. Links are absolute, built from `base_url` in the
serializer context (the request's own origin, or `export_content --base-url`)."""

from functools import cache

from django.urls import reverse
from rest_framework import serializers

from ..models import Citation
from .types import is_content_model, linked, plain_fields, prefetched, relation_fields

# A value that fits the slug converter, to make a URL pattern once per URL name and model.
PLACEHOLDER = "zz-placeholder-zz"


def absolute(context, path):
    return f"{context.get('base_url', '')}{path}" if path else None


@cache
def _api_pattern(name, key):
    return reverse(f"api:{name}", kwargs={key: PLACEHOLDER} if key else {})


def api_url(context, name, **kwargs):
    """reverse() of an API URL with at most one slug-like argument; reverse() itself was the
    largest cost of serializing a page of items, so each URL name is reversed once."""
    if not kwargs:
        return absolute(context, _api_pattern(name, None))
    ((key, value),) = kwargs.items()
    return absolute(context, _api_pattern(name, key).replace(PLACEHOLDER, value))


@cache
def _page_pattern(model):
    return model(slug=PLACEHOLDER).get_absolute_url()


def html_url(context, obj):
    """obj.get_absolute_url(), which for every public model depends on its slug alone."""
    return absolute(context, _page_pattern(type(obj)).replace(PLACEHOLDER, obj.slug))


class LinkedSerializer(serializers.Serializer):
    """Adds `url` (this resource in the API) and `html_url` (its public page)."""

    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    api_name = ""
    lookup = "slug"

    def get_url(self, obj) -> str:
        return api_url(
            self.context, f"{self.api_name}-detail", **{self.lookup: getattr(obj, self.lookup)}
        )

    def get_html_url(self, obj) -> str | None:
        return html_url(self.context, obj)


# The small nested shapes below write their dicts by hand: DRF's generic field machinery costs
# more than everything else in serializing a page of items. The declared fields describe
# them in the schema, and tests/test_api_schema.py checks real responses against it.
DATETIME = serializers.DateTimeField()


def when(value):
    return DATETIME.to_representation(value) if value is not None else None


class ThemeSerializer(LinkedSerializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    api_name = "theme"

    def to_representation(self, obj):
        return {
            "url": api_url(self.context, "theme-detail", slug=obj.slug),
            "html_url": html_url(self.context, obj),
            "slug": obj.slug,
            "name": obj.name,
            "description": obj.description,
        }


class TermSerializer(serializers.Serializer):
    """A vocabulary entry (region, country, intervention...): its slug and name."""

    slug = serializers.SlugField()
    name = serializers.CharField()

    def to_representation(self, obj):
        return {"slug": obj.slug, "name": str(obj)}


class CitationSerializer(serializers.ModelSerializer):
    url = serializers.URLField(allow_null=True, help_text="Null for offline sources.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["key", "title", "url", "publisher", "accessed_on", "api_url"]

    def get_api_url(self, obj) -> str:
        return api_url(self.context, "citation-detail", key=obj.key)

    def to_representation(self, obj):
        return {
            "key": obj.key,
            "title": obj.title,
            "url": obj.url or None,
            "publisher": obj.publisher,
            "accessed_on": obj.accessed_on.isoformat() if obj.accessed_on else None,
            "api_url": self.get_api_url(obj),
        }


class SourceDocumentSerializer(LinkedSerializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    filename = serializers.CharField()
    sha256 = serializers.CharField(help_text="SHA-256 of the text as imported.")
    imported_at = serializers.DateTimeField()
    disclaimer = serializers.CharField(help_text="The warning the text itself carries.")
    line_count = serializers.SerializerMethodField()
    api_name = "source-document"

    def get_line_count(self, obj) -> int:
        return len(obj.lines)


class SourceRefSerializer(serializers.Serializer):
    """The source document an item was imported from."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField()
    html_url = serializers.URLField()

    def to_representation(self, document):
        return {
            "slug": document.slug,
            "title": document.title,
            "url": api_url(self.context, "source-document-detail", slug=document.slug),
            "html_url": html_url(self.context, document),
        }


class ContentRefSerializer(serializers.Serializer):
    """A link to another published item."""

    type = serializers.CharField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField()
    html_url = serializers.URLField()

    def to_representation(self, obj):
        return {
            "type": obj.content_kind,
            "slug": obj.slug,
            "title": obj.title,
            "url": api_url(self.context, f"{obj.content_kind}-detail", slug=obj.slug),
            "html_url": html_url(self.context, obj),
        }


class PublishedRefSerializer(ContentRefSerializer):
    """A foreign key to another item: null unless that item is public."""

    def to_representation(self, obj):
        return super().to_representation(obj) if obj.is_published() else None


class VerificationSerializer(serializers.Serializer):
    """As the public page shows it: a status without its evidence is shown as unverified."""

    status = serializers.ChoiceField(choices=["unverified", "verified", "disputed"])
    note = serializers.CharField()
    verified_by = serializers.CharField(
        allow_null=True, help_text="Full name or username; never email."
    )
    verified_at = serializers.DateTimeField(allow_null=True)
    citations = CitationSerializer(many=True)

    def to_representation(self, obj):
        citations = linked(obj, "citations")
        problems = obj.verification_problems(obj.verification, obj.verification_note, citations)
        shown = "unverified" if problems else obj.verification  # VerificationRules' rule
        vouched = shown != "unverified"
        citation = CitationSerializer(context=self.context)
        return {
            "status": shown,
            "note": obj.verification_note,
            "verified_by": (obj.verifier_name or None) if vouched else None,
            "verified_at": when(obj.verified_at) if vouched else None,
            "citations": [citation.to_representation(c) for c in citations],
        }


class ProvenanceSerializer(serializers.Serializer):
    source_document = SourceRefSerializer(allow_null=True)
    start_line = serializers.IntegerField(allow_null=True)
    end_line = serializers.IntegerField(allow_null=True)
    edited_since_import = serializers.BooleanField()
    source_lines_url = serializers.URLField(
        allow_null=True, help_text="The source viewer at its lines."
    )
    changes_url = serializers.URLField(
        allow_null=True, help_text="Source lines against the text now, if edited."
    )

    def to_representation(self, obj):
        document = obj.source if obj.source_id is not None else None
        edited = obj.changed_since_import
        return {
            "source_document": (
                SourceRefSerializer(context=self.context).to_representation(document)
                if document is not None
                else None
            ),
            "start_line": obj.source_start_line,
            "end_line": obj.source_end_line or obj.source_start_line,
            "edited_since_import": edited,
            "source_lines_url": absolute(self.context, obj.source_url),
            "changes_url": absolute(self.context, obj.changes_url) if edited else None,
        }


class ItemSerializer(serializers.ModelSerializer):
    """What every content type shares; item_serializer() adds each type's own fields."""

    type = serializers.CharField(source="content_kind")
    body_markdown = serializers.CharField(source="body")
    body_html = serializers.CharField(help_text="Rendered from the Markdown and sanitised.")
    themes = ThemeSerializer(many=True, source=prefetched("themes"))
    verification = VerificationSerializer(source="*")
    provenance = ProvenanceSerializer(source="*")
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    shared = [
        "type", "slug", "title", "summary", "body_markdown", "body_html", "url", "html_url",
        "published_at", "updated_at", "expires_at", "themes", "verification", "provenance",
    ]  # fmt: skip

    def get_url(self, obj) -> str:
        return api_url(self.context, f"{obj.content_kind}-detail", slug=obj.slug)

    def get_html_url(self, obj) -> str:
        return html_url(self.context, obj)


def relation_field(field):
    """Many-to-many links are read from the lists item_queryset() prefetches."""
    target = field.related_model
    if is_content_model(target):
        if field.many_to_many:
            return ContentRefSerializer(many=True, source=prefetched(field.name))
        return PublishedRefSerializer(allow_null=True)
    if field.many_to_many:
        return TermSerializer(many=True, source=prefetched(field.name))
    return TermSerializer(allow_null=True)


@cache
def item_serializer(model):
    """The serializer of one content type: the shared fields, then its own."""
    own = {field.name: relation_field(field) for field in relation_fields(model)}
    meta = type(
        "Meta",
        (),
        {"model": model, "fields": [*ItemSerializer.shared, *plain_fields(model), *own]},
    )
    name = f"{model.__name__}Serializer"
    return type(name, (ItemSerializer,), {**own, "Meta": meta, "__module__": __name__})
