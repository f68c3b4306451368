"""The change list's side of drafts and review: a column and a filter for items with pending
changes or awaiting review, and no editing in the list for those who cannot publish."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery

from .models import PendingChange, ReviewRequest

State = ReviewRequest.State
LIST_EDIT_REFUSED = (
    "Only reviewers change items straight from the list: it would change live items without "
    "review. Open an item to save your change as a draft."
)


def _for_model(model, queryset):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return queryset.filter(content_type=content_type)


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("pending", "Has pending changes"),
            (State.SUBMITTED, "Awaiting review"),
            (State.CHANGES_REQUESTED, "Changes requested"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            drafts = _for_model(queryset.model, PendingChange.objects)
            return queryset.filter(pk__in=drafts.values("object_id"))
        if self.value() in State.values:
            requests = _for_model(queryset.model, ReviewRequest.objects)
            return queryset.filter(pk__in=requests.filter(state=self.value()).values("object_id"))
        return queryset


class ReviewListAdmin:
    """ModelAdmin mixin for content change lists."""

    def changelist_view(self, request, extra_context=None):
        request.review_flags = True
        if request.method == "POST" and "_save" in request.POST and self.list_editable:
            if not self.has_publish_permission(request):
                self.message_user(request, LIST_EDIT_REFUSED, messages.ERROR)
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_publish_permission(request):
            # Read-only: a list edit would change a live row directly, past review.
            changelist.list_editable = ()
        return changelist

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not getattr(request, "review_flags", False):
            return queryset
        pending = _for_model(self.model, PendingChange.objects).filter(object_id=OuterRef("pk"))
        requests = _for_model(self.model, ReviewRequest.objects).filter(object_id=OuterRef("pk"))
        return queryset.annotate(
            has_pending_change=Exists(pending),
            review_state=Subquery(requests.values("state")[:1]),
        )

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReviewStateFilter]

    @admin.display(description="publication", ordering="status")
    def publication(self, obj):
        """ContentDisplays' text, plus "Pending changes" and the review state, if any."""
        flags = [super().publication(obj)]
        if getattr(obj, "has_pending_change", False):
            flags.append("pending changes")
        state = getattr(obj, "review_state", None)
        if state:
            flags.append(State(state).label.lower())
        return " · ".join(flags)
