from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from .editorial import auditadmin  # noqa: F401 (registers the audit log)
from .editorial.admin import HistoryAdmin
from .editorial.guards import ForgivingQueryAdmin
from .models import Citation, SourceDocument, Theme

admin.site.site_header = "IOM Knowledge Base"
admin.site.site_title = "IOM Knowledge Base admin"
admin.site.index_title = "Editorial dashboard"
admin.site.index_template = "admin/iomkb/index.html"


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "link", "accessed_on"]
    search_fields = ["title", "publisher", "url", "key"]
    list_filter = ["publisher"]
    prepopulated_fields = {"key": ("title",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="URL", ordering="url")
    def link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.url) if obj.url else "—"


@admin.register(SourceDocument)
class SourceDocumentAdmin(ForgivingQueryAdmin, admin.ModelAdmin):
    list_display = ["title", "filename", "imported_at", "sha256"]
    search_fields = ["title", "filename", "text"]
    readonly_fields = ["sha256", "imported_at"]
