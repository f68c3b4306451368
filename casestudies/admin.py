from django.contrib import admin

from iomkb.editorial.admin import (
    ChangedSinceImportFilter,
    ContentItemAdmin,
    HistoryAdmin,
    PublicationFilter,
)

from .models import CaseStudy, Country, Intervention, Region


@admin.register(CaseStudy)
class CaseStudyAdmin(ContentItemAdmin):
    list_display = [
        "title", "region", "year", "publication", "verification", "updated_at", "theme_list",
    ]  # fmt: skip
    list_filter = [
        PublicationFilter, "verification", ChangedSinceImportFilter, "suggested_by_import",
        "region", "themes", "interventions",
    ]  # fmt: skip
    list_select_related = ["region"]
    search_fields = ["title", "slug", "summary", "body", "countries__name", "region__name"]
    extra_fieldsets = (
        (
            "Where and when",
            {
                "fields": ("year", "region", "countries", "interventions", "section", "frameworks"),
                "description": "Leave the year empty unless a reliable source gives it.",
            },
        ),
    )
    autocomplete_fields = [
        "themes", "countries", "interventions", "section", "frameworks", "region",
    ]  # fmt: skip
    help_texts = {
        "region": "Where the work took place. Reviewers can add a missing region.",
        "countries": "Type to search. Reviewers can add a missing country.",
        "interventions": "The kinds of help given, e.g. legal aid or psychosocial support.",
        "frameworks": "Legal frameworks this case study relies on or illustrates.",
    }


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Country)
class CountryAdmin(HistoryAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Intervention)
class InterventionAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
