from django.contrib import admin
from django.db import models

from .models import Citation, SourceDocument, Theme

admin.site.site_header = "IOM Knowledge Base"
admin.site.site_title = "IOM Knowledge Base admin"
admin.site.index_title = "Content"


class ContentItemAdmin(admin.ModelAdmin):
    """What every content type's admin shares; subclasses add their own fields."""

    list_display = ["title", "status", "is_published", "verification", "updated_at"]
    list_filter = ["status", "verification", "themes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "updated_at"
    autocomplete_fields = ["themes", "citations"]
    readonly_fields = [
        "source",
        "source_start_line",
        "source_end_line",
        "verified_by",
        "verified_at",
    ]
    list_select_related = []
    content_fields = ("title", "slug", "summary", "body")
    extra_fieldsets = ()

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": self.content_fields}),
            *self.extra_fieldsets,
            (
                "Publishing",
                {
                    "fields": ("status", "published_at"),
                    "description": (
                        "Drafts are never public. A future publication time schedules the item."
                    ),
                },
            ),
            (
                "Verification",
                {
                    "fields": (
                        "verification",
                        "verification_note",
                        "citations",
                        "verified_by",
                        "verified_at",
                    ),
                    "description": (
                        "The source was assembled by AI: check each claim against official sources."
                    ),
                },
            ),
            ("Themes", {"fields": ("themes",)}),
            (
                "Provenance",
                {
                    "fields": ("source", "source_start_line", "source_end_line"),
                    "classes": ("collapse",),
                    "description": "Where in the source text this item came from.",
                },
            ),
        ]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "url", "accessed_on"]
    search_fields = ["title", "publisher", "url", "key"]
    list_filter = ["publisher"]
    prepopulated_fields = {"key": ("title",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "filename", "imported_at", "sha256"]
    search_fields = ["title", "filename", "text"]
    readonly_fields = ["sha256", "imported_at"]
