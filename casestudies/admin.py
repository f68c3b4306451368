from django.contrib import admin

from iomkb.admin import ContentItemAdmin

from .models import CaseStudy, Country, Intervention, Region


@admin.register(CaseStudy)
class CaseStudyAdmin(ContentItemAdmin):
    list_display = [
        "title",
        "region",
        "year",
        "status",
        "is_published",
        "verification",
        "updated_at",
    ]
    list_filter = ["status", "verification", "region", "themes", "interventions"]
    list_select_related = ["region"]
    search_fields = ["title", "summary", "body", "countries__name", "region__name"]
    extra_fieldsets = (
        (
            "Where and when",
            {"fields": ("year", "region", "countries", "interventions", "section", "frameworks")},
        ),
    )
    autocomplete_fields = [
        "themes", "citations", "countries", "interventions", "section", "frameworks", "region",
    ]  # fmt: skip


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
