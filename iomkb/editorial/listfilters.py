"""The admin change lists' filters for every content type."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from ..models import Status


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("live", "Public now"),
            ("scheduled", "Scheduled"),
            ("expired", "Expired"),
            ("draft", "Draft"),
        ]

    def queryset(self, request, queryset):
        published = queryset.published()
        if self.value() == "live":
            return published
        expired = Q(expires_at__lte=timezone.now())
        if self.value() == "scheduled":
            return (
                queryset.filter(status=Status.PUBLISHED)
                .exclude(expired)
                .exclude(pk__in=published.values("pk"))
            )
        if self.value() == "expired":
            return queryset.filter(expired, status=Status.PUBLISHED)
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        return queryset


class ChangedSinceImportFilter(admin.SimpleListFilter):
    title = "changed since import"
    parameter_name = "changed_since_import"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: edited here"), ("no", "No: still the source text")]

    def queryset(self, request, queryset):
        changed = queryset.changed_since_import()
        if self.value() == "yes":
            return changed
        if self.value() == "no":
            return queryset.exclude(source=None).exclude(pk__in=changed.values("pk"))
        return queryset
