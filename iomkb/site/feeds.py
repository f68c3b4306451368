from django.contrib.syndication.views import Feed
from django.db.models.functions import Greatest
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from ..content import content_models

FEED_LENGTH = 20


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are `type="text"`. Summaries are plain text that editors type;
    Django's Atom1Feed marks them `type="html"`, so a reader would render any markup in them."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class UpdatesFeed(Feed):
    """Recently published or updated content of every type, newest first."""

    feed_type = PlainTextAtom1Feed
    title = "IOM Knowledge Base: updates"
    subtitle = "Sections, case studies and legal frameworks as they are published or revised."
    link = reverse_lazy("home")
    feed_url = reverse_lazy("feed_updates")

    def items(self):
        items = []
        for model in content_models():
            items += (
                model.objects.published()
                .annotate(last_change=Greatest("published_at", "updated_at"))
                .only("title", "slug", "summary", "published_at", "updated_at", "verification")
                .order_by("-last_change", "slug")[:FEED_LENGTH]
            )
        items.sort(key=lambda item: (item.last_change, item.slug), reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.content_type_label})"

    def item_description(self, item):
        return f"{item.summary or item.title} Verification: {item.get_verification_display()}."

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_change
