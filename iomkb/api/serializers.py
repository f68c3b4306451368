"""JSON shapes of the API and the export. Links are absolute, built from `base_url` in the
serializer context (the request's own origin, or `export_content --base-url`)."""

from functools import cache

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Citation
from .types import is_content_model, plain_fields, relation_fields


def absolute(context, path):
    return f"{context.get('base_url', '')}{path}" if path else None


def api_url(context, name, **kwargs):
    return absolute(context, reverse(f"api:{name}", kwargs=kwargs))


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
        return absolute(self.context, obj.get_absolute_url())


class ThemeSerializer(LinkedSerializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    api_name = "theme"


class TermSerializer(serializers.Serializer):
    """A vocabulary entry (region, country, intervention...): its slug and name."""

    slug = serializers.SlugField()
    name = serializers.CharField(source="__str__")


class CitationSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["key", "title", "url", "publisher", "accessed_on", "api_url"]

    def get_api_url(self, obj) -> str:
        return api_url(self.context, "citation-detail", key=obj.key)


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


class ContentRefSerializer(serializers.Serializer):
    """A link to another published item."""

    type = serializers.CharField(source="content_kind")
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return api_url(self.context, f"{obj.content_kind}-detail", slug=obj.slug)

    def get_html_url(self, obj) -> str:
        return absolute(self.context, obj.get_absolute_url())


@extend_schema_field(ContentRefSerializer(allow_null=True))
class PublishedRefField(serializers.Field):
    """A foreign key to another item: null unless that item is public."""

    def to_representation(self, value):
        if value is None or not value.is_published():
            return None
        return ContentRefSerializer(value, context=self.context).data

    def get_attribute(self, instance):
        return getattr(instance, self.source)


class VerificationSerializer(serializers.Serializer):
    """As the public page shows it: a status without its evidence is shown as unverified."""

    status = serializers.ChoiceField(
        source="shown_verification", choices=["unverified", "verified", "disputed"]
    )
    note = serializers.CharField(source="verification_note")
    verified_by = serializers.SerializerMethodField(help_text="Full name or username; never email.")
    verified_at = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, source="citations.all")

    def get_verified_by(self, obj) -> str | None:
        if obj.shown_verification == "unverified":
            return None
        return obj.verifier_name or None

    def get_verified_at(self, obj) -> str | None:
        if obj.shown_verification == "unverified" or obj.verified_at is None:
            return None
        return serializers.DateTimeField().to_representation(obj.verified_at)


class ProvenanceSerializer(serializers.Serializer):
    source_document = serializers.SerializerMethodField()
    start_line = serializers.IntegerField(source="source_start_line", allow_null=True)
    end_line = serializers.SerializerMethodField()
    edited_since_import = serializers.BooleanField(source="changed_since_import")
    source_lines_url = serializers.SerializerMethodField(
        help_text="The source viewer at its lines."
    )
    changes_url = serializers.SerializerMethodField(help_text="Source lines against the text now.")

    @extend_schema_field(SourceDocumentSerializer(allow_null=True))
    def get_source_document(self, obj):
        if obj.source_id is None:
            return None
        document = obj.source
        return {
            "slug": document.slug,
            "title": document.title,
            "url": api_url(self.context, "source-document-detail", slug=document.slug),
            "html_url": absolute(self.context, document.get_absolute_url()),
        }

    def get_end_line(self, obj) -> int | None:
        return obj.source_end_line or obj.source_start_line

    def get_source_lines_url(self, obj) -> str | None:
        return absolute(self.context, obj.source_url)

    def get_changes_url(self, obj) -> str | None:
        return absolute(self.context, obj.changes_url) if obj.changed_since_import else None


class ItemSerializer(serializers.ModelSerializer):
    """What every content type shares; item_serializer() adds each type's own fields."""

    type = serializers.CharField(source="content_kind")
    body_markdown = serializers.CharField(source="body")
    body_html = serializers.CharField(help_text="Rendered from the Markdown and sanitised.")
    themes = ThemeSerializer(many=True, source="themes.all")
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
        return absolute(self.context, obj.get_absolute_url())


def relation_field(field):
    target = field.related_model
    if is_content_model(target):
        if field.many_to_many:
            return ContentRefSerializer(many=True, source=f"{field.name}.all")
        return PublishedRefField()
    if field.many_to_many:
        return TermSerializer(many=True, source=f"{field.name}.all")
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
