"""The change form's side of the review workflow (review.py): "Submit for review", the review
page where a Reviewer approves or requests changes, the item's status and recent log, and the
audit entries of reverts and recovers."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from . import audit, drafts, review, revisions
from .state import editorial_state

SUBMITTED = "Submitted for review: the reviewers have been told."


class ReviewForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes: say what should change.",
    )
    publish_at = forms.DateTimeField(
        required=False,
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Optional, new items only: a future time schedules it instead.",
    )


class ReviewAdmin:
    """ModelAdmin mixin for content: the review workflow and the audit log on the change form."""

    # Submit: the change form's "Submit for review" saves (as any save would), then submits.

    def _submit_if_asked(self, request, obj):
        if "_submit_review" not in request.POST:
            return False
        try:
            review.submit(obj, request.user, request.POST.get("review_message", "")[:2000])
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, f"Not submitted: {_text(error)}", messages.ERROR)
        else:
            self.message_user(request, SUBMITTED, messages.SUCCESS)
        return True

    def response_add(self, request, obj, post_url_continue=None):
        if self._submit_if_asked(request, obj):
            return HttpResponseRedirect(self.admin_url("change", quote(obj.pk)))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._submit_if_asked(request, obj):
            return HttpResponseRedirect(self.admin_url("change", quote(obj.pk)))
        return super().response_change(request, obj)

    def draft_saved(self, request, saved):
        response = super().draft_saved(request, saved)
        draft = drafts.pending_change(saved.obj)
        if draft is not None and draft.updated_by == request.user:  # not refused as a conflict
            self._submit_if_asked(request, saved.obj)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        found = review.review_request(obj)
        if obj is not None and (obj.is_expired or obj.is_published()):
            audit.record_clock_events(obj)  # its go-live or expiry, if the clock made one
        context.update(
            review_request=found,
            can_submit=self.has_change_permission(request, obj)
            and not editorial_state(request).reverting,
            audit_entries=audit.entries_for(obj) if obj is not None else [],
        )
        if obj is not None:
            context["review_url"] = self.admin_url("review", quote(obj.pk))
        if obj is not None and request.user.has_perm("iomkb_editorial.view_auditentry"):
            context["audit_url"] = reverse("admin:iomkb_editorial_auditentry_changelist") + (
                f"?content_type__id__exact={found_type(obj)}&object_id={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The review page: what changed, and the Reviewer's decision.

    def review_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        form, status = ReviewForm(request.POST or None), 200
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if "_request_changes" in request.POST:
                    review.request_changes(obj, request.user, data["comment"])
                    done = "Changes requested: the submitter has been told."
                else:
                    obj = review.approve(obj, request.user, data["comment"], data["publish_at"])
                    done = "Approved: " + ("scheduled." if obj.is_scheduled else "published.")
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_error(None, _text(error))
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:index"))
        context = self.review_context(request, obj, form)
        return TemplateResponse(request, "admin/iomkb/review.html", context, status=status)

    def review_context(self, request, obj, form):
        draft = drafts.pending_change(obj)
        now = revisions.current_values(obj)
        if draft is not None:
            found = revisions.changes(self.model, now, revisions.draft_values(obj, draft))
        elif drafts.is_live(obj):
            found = []
        else:
            found = revisions.changes(self.model, dict.fromkeys(now, ""), now)
        return {
            **self.admin_site.each_context(request),
            "title": f"Review: {obj}",
            "opts": self.opts,
            "object": obj,
            "review_request": review.review_request(obj),
            "draft": draft,
            "changes": found,
            "is_live": drafts.is_live(obj),
            "can_review": review.may_review(obj, request.user),
            "form": form,
            "change_url": self.admin_url("change", quote(obj.pk)),
            "preview_url": self.admin_url("preview", quote(obj.pk)),
        }

    # Reverts and recovers record one entry each; the saves inside record nothing of their own.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        with audit.quiet():
            response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                version = Version.objects.filter(pk=version_id).first()
                comment = _reverted_comment(request, version, obj)
                audit.record(obj, audit.Action.REVERTED, comment, request.user)
        return response

    def recover_view(self, request, version_id, extra_context=None):
        with audit.quiet():
            response = super().recover_view(request, version_id, extra_context)
        version = Version.objects.filter(pk=version_id).first()
        if request.method == "POST" and response.status_code == 302 and version is not None:
            obj = self.model._base_manager.filter(pk=version.object_id).first()
            if obj is not None:
                comment = f"Back as {obj.get_status_display().lower()}, {obj.verification}."
                audit.record(obj, audit.Action.RECOVERED, comment, request.user)
        return response

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_review"
        view = self.admin_site.admin_view(self.review_view)
        return [path("<path:object_id>/review/", view, name=name), *super().get_urls()]


def _reverted_comment(request, version, obj):
    when = revisions.when(version.revision.date_created) if version else "an earlier date"
    comment = f"To the revision of {when}."
    if drafts.is_live(obj) and not request.user.has_perm(f"{obj._meta.app_label}.publish_content"):
        comment += " Stored as a draft of changes, for review."
    reset = editorial_state(request).verification_reset
    return f"{comment} {reset}".strip()


def found_type(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=False).pk


def _text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
