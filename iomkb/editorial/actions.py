"""Bulk actions on content: permission-checked, one revision per item."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from ..models import Status, Verification


class ContentActions:
    actions = ["publish", "unpublish", "mark_verified", "mark_disputed", "confirm_suggestions"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.model.suggested_from:
            actions.pop("confirm_suggestions", None)
        return actions

    def _bulk(self, request, queryset, change, verb):
        done = skipped = refused = 0
        for obj in queryset:
            changed = change(obj)
            if changed is None:  # refused; the action says why
                refused += 1
                continue
            if not changed:
                skipped += 1
                continue
            message = f"{verb} with a bulk action."
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(message)
                obj.save()
                self.log_change(request, obj, message)
            done += 1
        if refused and not (done or skipped):
            return  # only refusals: their own messages say why, with no "0 changed" beside them
        name = self.opts.verbose_name if done == 1 else self.opts.verbose_name_plural
        text = f"{verb}: {done} {name}."
        if skipped:
            text += f" {skipped} already were, so they were left alone."
        self.message_user(request, text, messages.SUCCESS if done else messages.WARNING)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish(self, request, queryset):
        refused = []

        def change(obj):
            if obj.is_published():
                return False
            try:
                obj.publish()
            except ValidationError as error:
                refused.append((obj, " ".join(error.message_dict["status"])))
                return None
            return True

        self._bulk(request, queryset, change, "Published")
        self._report_refused(request, refused)

    def _report_refused(self, request, refused):
        for obj, reason in refused:
            self.message_user(request, f"“{obj}” was not changed: {reason}", messages.WARNING)

    @admin.action(
        description="Confirm suggestions of the import (they stay drafts)", permissions=["change"]
    )
    def confirm_suggestions(self, request, queryset):
        def change(obj):
            if not obj.suggested_by_import:
                return False
            obj.suggested_by_import = False
            return True

        self._bulk(request, queryset, change, "Confirmed")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        def change(obj):
            if obj.status == Status.DRAFT:
                return False
            obj.unpublish()
            return True

        self._bulk(request, queryset, change, "Unpublished")

    def _verification_action(self, request, queryset, verification, verb):
        refused = []

        def change(obj):
            if obj.verification == verification:
                return False
            try:
                obj.set_verification(verification, request.user)
            except ValidationError as error:
                refused.append((obj, " ".join(error.message_dict["verification"])))
                return None
            return True

        self._bulk(request, queryset.prefetch_related("citations"), change, verb)
        for obj, reason in refused:
            self.message_user(
                request,
                f"“{obj}” was not changed: {reason} Open it to add what is missing.",
                messages.WARNING,
            )

    @admin.action(description="Mark verified", permissions=["verify"])
    def mark_verified(self, request, queryset):
        self._verification_action(request, queryset, Verification.VERIFIED, "Marked verified")

    @admin.action(description="Mark disputed", permissions=["verify"])
    def mark_disputed(self, request, queryset):
        self._verification_action(request, queryset, Verification.DISPUTED, "Marked disputed")
