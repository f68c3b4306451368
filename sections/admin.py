from django.contrib import admin

from iomkb.admin import ContentItemAdmin

from .models import LegalFramework, Section


@admin.register(Section)
class SectionAdmin(ContentItemAdmin):
    list_display = ["title", "order", "status", "is_published", "verification", "updated_at"]
    list_editable = ["order"]
    list_filter = ["status", "verification", "themes"]
    extra_fieldsets = (("Place in the article", {"fields": ("order", "parent")}),)
    autocomplete_fields = ["themes", "citations", "parent"]


@admin.register(LegalFramework)
class LegalFrameworkAdmin(ContentItemAdmin):
    list_display = [
        "title",
        "kind",
        "binding",
        "year_adopted",
        "status",
        "is_published",
        "verification",
    ]
    list_filter = ["kind", "binding", "status", "verification", "themes"]
    extra_fieldsets = (("Framework", {"fields": ("kind", "binding", "year_adopted", "sections")}),)
    autocomplete_fields = ["themes", "citations", "sections"]
