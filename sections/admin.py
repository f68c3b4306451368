from django.contrib import admin

from iomkb.editorial.admin import ChangedSinceImportFilter, ContentItemAdmin, PublicationFilter

from .models import LegalFramework, Section


@admin.register(Section)
class SectionAdmin(ContentItemAdmin):
    list_display = ["title", "order", "publication", "verification", "updated_at", "theme_list"]
    list_editable = ["order"]
    list_filter = [PublicationFilter, "verification", ChangedSinceImportFilter, "themes"]
    extra_fieldsets = (
        (
            "Place in the article",
            {
                "fields": ("order", "parent"),
                "description": "Sections are listed in this order on the home page. "
                "You can also change the order straight from the list of sections.",
            },
        ),
    )
    autocomplete_fields = ["themes", "parent"]


@admin.register(LegalFramework)
class LegalFrameworkAdmin(ContentItemAdmin):
    list_display = [
        "title", "kind", "binding", "year_adopted", "publication", "verification", "updated_at",
        "theme_list",
    ]  # fmt: skip
    list_filter = [
        "kind", "binding", PublicationFilter, "verification", ChangedSinceImportFilter,
        "suggested_by_import", "themes",
    ]  # fmt: skip
    extra_fieldsets = (
        (
            "Framework",
            {
                "fields": ("kind", "binding", "year_adopted", "sections"),
                "description": "Check kind, binding force and year against the text of the "
                "instrument itself, not against the source article.",
            },
        ),
    )
    autocomplete_fields = ["themes", "sections"]
    help_texts = {"kind": "What sort of instrument it is, as its own text describes itself."}
