"""The site-wide audit log in the admin: read-only, for Reviewers (the view permission is
theirs, roles.py), filterable by action, user, content type and date, searchable."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.timezone import localtime

from . import audit
from .guards import ForgivingQueryAdmin
from .models import AuditEntry
from .revisions import SECONDS_FORMAT


class ContentTypeFilter(admin.RelatedFieldListFilter):
    """Only the types that have entries (not every model of the site)."""

    def field_choices(self, field, request, model_admin):
        # Named as readers of the log know them ("Case study"), not "Case studies | case study".
        used = ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type"))
        choices = []
        for content_type in used:
            model = content_type.model_class()
            label = capfirst(model._meta.verbose_name) if model else content_type.model
            choices.append((content_type.pk, label))
        return sorted(choices, key=lambda choice: choice[1])


@admin.register(AuditEntry)
class AuditEntryAdmin(ForgivingQueryAdmin, admin.ModelAdmin):
    list_display = ["when", "action", "item_link", "type_label", "who", "short_comment"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter),
                   ("content_type", ContentTypeFilter), "created_at"]  # fmt: skip
    search_fields = ["object_repr", "comment", "user__username", "user__first_name",
                     "user__last_name"]  # fmt: skip
    date_hierarchy = "created_at"
    list_select_related = ["user", "content_type"]
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        audit.record_clock_events()  # go-lives and expiries: noticed when the log is read
        return super().changelist_view(request, extra_context)

    @admin.display(description="when", ordering="created_at")
    def when(self, entry):
        return date_format(localtime(entry.created_at), SECONDS_FORMAT)  # two in a minute differ

    @admin.display(description="item", ordering="object_repr")
    def item_link(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        if entry.action == AuditEntry.Action.DELETED:
            return f"{entry.object_repr} (deleted)"
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description="type", ordering="content_type")
    def type_label(self, entry):
        model = entry.content_type.model_class()
        return capfirst(model._meta.verbose_name) if model else entry.content_type.model

    @admin.display(description="comment")
    def short_comment(self, entry):
        return Truncator(entry.comment).chars(160)

    @admin.display(description="user", ordering="user__username")
    def who(self, entry):
        return entry.who

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
