"""The content change form's sections, with help that says what this user's role may do."""

PUBLISHING_FIELDS = ("status", "published_at", "expires_at")
VERIFICATION_FIELDS = ("verification", "verification_note")


def content_fieldsets(content_fields, extra_fieldsets, can_publish, can_verify, suggestible=False):
    return [
        (None, {"fields": (*content_fields, "edit_version", "edit_draft")}),
        *extra_fieldsets,
        (
            "Publishing",
            {
                "fields": PUBLISHING_FIELDS,
                "description": (
                    "Drafts are never public. Set “Published” with a future publication time "
                    "to schedule it: it goes public by itself at that time. An expiry time "
                    "takes it off every public page by itself at that time."
                    if can_publish
                    else "Only reviewers publish, schedule, set an expiry and unpublish. "
                    "Save your work; a reviewer will publish it."
                ),
            },
        ),
        (
            "Verification",
            {
                "fields": (*VERIFICATION_FIELDS, "verified_by", "verified_at"),
                "description": (
                    "The source text was assembled by AI: check each claim against official "
                    "sources and list them as citations below. Who set the status, and when, "
                    "is recorded when you save."
                    if can_verify
                    else "Only reviewers change the verification status. Add the sources you "
                    "checked as citations below and explain in the history note. Saving a "
                    "change to the title, summary, body or citations of a verified item "
                    "resets it to unverified until a reviewer checks it again."
                ),
            },
        ),
        ("Themes", {"fields": ("themes",)}),
        (
            "Provenance",
            {
                "fields": (
                    ("suggested_by_import", "source_lines", "source_diff", "source_update")
                    if suggestible
                    else ("source_lines", "source_diff", "source_update")
                ),
                "description": "Where in the source text this item came from.",
            },
        ),
        (
            "History",
            {
                "fields": ("revision_comment",),
                "description": "Every save is kept: see History (top right) to compare or revert.",
            },
        ),
    ]
