"""Columns and read-only fields the content admin shows."""

from django.contrib import admin
from django.utils.html import format_html

from ..lines import describe_lines
from ..textdiff import inline_diff
from . import drafts, revisions


class ContentDisplays:
    @admin.display(description="publication", ordering="status")
    def publication(self, obj):
        if obj.is_expired:
            return f"Expired on {revisions.when(obj.expires_at)}"
        if obj.is_scheduled:
            return f"Scheduled for {revisions.when(obj.published_at)}"
        if obj.expires_at is not None:
            return f"{obj.get_status_display()}; expires {revisions.when(obj.expires_at)}"
        return obj.get_status_display()

    @admin.display(description="themes")
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    @admin.display(description="source lines")
    def source_lines(self, obj):
        if obj is None or not obj.source_url:
            return "Written here, not imported."
        return format_html(
            '<a href="{}">{} of “{}”</a>',
            obj.source_url,
            describe_lines(obj.source_start_line, obj.source_end_line).capitalize(),
            obj.source,
        )

    @admin.display(description="difference from the source")
    def source_diff(self, obj):
        if obj is None or obj.source_id is None:
            return "—"
        draft = drafts.pending_change(obj)
        if draft is not None and "body" in draft.values:  # the form shows the draft's body
            body, whose = draft.values["body"], "The body in the pending changes"
        else:
            body, whose = obj.body, "The body"
        if body.replace("\r\n", "\n") == obj.source_body:
            return f"None: {whose[0].lower()}{whose[1:]} is still the imported source text."
        return format_html(
            '<p>{}, against the imported source text:</p><div class="editorial-diff">{}</div>',
            whose,
            inline_diff(obj.source_body, body),
        )
