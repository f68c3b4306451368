"""The admin dashboard's numbers."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ..content import content_models
from ..models import Status, Verification
from . import audit
from .models import PendingChange, ReviewRequest
from .queue import review_lists


@dataclass
class TypeSummary:
    label: str
    changelist_url: str
    counts: dict  # draft, scheduled, live, unverified, verified, disputed, pending, awaiting

    def url(self, query):
        return f"{self.changelist_url}?{query}"

    @property
    def links(self):
        """(count, link) per column, in the dashboard table's order."""
        queries = {
            "live": "publication=live",
            "scheduled": "publication=scheduled",
            "draft": "publication=draft",
            "unverified": "verification__exact=unverified",
            "verified": "verification__exact=verified",
            "disputed": "verification__exact=disputed",
            "pending": "review=pending",
            "awaiting": "review=submitted",
        }
        return [(self.counts[name], self.url(query)) for name, query in queries.items()]


def type_summary(model, review_counts):
    now = timezone.now()
    published = Q(status=Status.PUBLISHED)
    unexpired = Q(expires_at=None) | Q(expires_at__gt=now)
    counts = model.objects.aggregate(
        live=Count("pk", filter=published & Q(published_at__lte=now) & unexpired),
        scheduled=Count("pk", filter=published & (Q(published_at__gt=now) | Q(published_at=None))),
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        **{
            value: Count("pk", filter=Q(verification=value))
            for value in (Verification.UNVERIFIED, Verification.VERIFIED, Verification.DISPUTED)
        },
    )
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    counts.update({name: found.get(content_type.pk, 0) for name, found in review_counts.items()})
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return TypeSummary(str(opts.verbose_name_plural).capitalize(), url, counts)


def unverified_items(models, limit=50):
    """The items still waiting for a reviewer, oldest first, across the given types."""
    items = []
    for model in models:
        items += (
            model.objects.filter(verification=Verification.UNVERIFIED)
            .only("title", "created_at", "updated_at", "status", "published_at")
            .order_by("created_at", "pk")[:limit]
        )
    items.sort(key=lambda item: (item.created_at, item._meta.verbose_name, item.pk))
    return [
        {
            "item": item,
            "type": item._meta.verbose_name,
            "change_url": reverse(
                f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]
            ),
        }
        for item in items[:limit]
    ]


def dashboard(user):
    models = [
        model
        for model in content_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    audit.record_clock_events()  # go-lives and expiries: recorded when someone looks
    review_counts = {
        "pending": _count_by_type(PendingChange.objects.all()),
        "awaiting": _count_by_type(ReviewRequest.objects.filter(state="submitted")),
    }
    return {
        "summaries": [type_summary(model, review_counts) for model in models],
        "unverified": unverified_items(models),
        **(review_lists(user) if models else {}),
    }


def _count_by_type(queryset):
    rows = queryset.values("content_type").annotate(n=Count("pk")).order_by()
    return {row["content_type"]: row["n"] for row in rows}
