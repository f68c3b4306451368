"""The review workflow in the demo: one change awaiting review and one sent back, made through
the same service calls as the admin's, by the demo editor and reviewer."""

from django.test.utils import override_settings

from ..content import content_models
from . import drafts, review
from .models import ReviewRequest

AWAITING_NOTE = "Added a sentence on the 2016 agreement that made IOM a related organization."
SENT_BACK = (
    "Please cite the 2016 UN–IOM Agreement itself (UNGA resolution 70/296) before this goes "
    "live, and keep the source's wording for the rest."
)


def first_live(model, exclude=()):
    for item in model.objects.published().exclude(pk__in=exclude).order_by("pk"):
        if drafts.pending_change(item) is None and review.review_request(item) is None:
            return item
    return None


def seed_review_demo(editor, reviewer):
    """Leave one pending change awaiting review and one with changes requested. Returns what it
    did (a list of lines); does nothing if the demo already has review requests."""
    if ReviewRequest.objects.exists():
        return ["Review requests already present: left as they are."]
    first, second = content_models()[0], content_models()[1]
    awaiting = first_live(first)
    sent_back = first_live(second, exclude=[awaiting.pk] if second is first and awaiting else [])
    if awaiting is None or sent_back is None:
        return ["No live content to put through review."]
    # The demo's own setup emails nobody.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        summary = f"{awaiting.summary} It became a UN related organization in 2016.".strip()
        drafts.save_draft(awaiting, {"summary": summary}, editor)
        review.submit(awaiting, editor, AWAITING_NOTE)
        body = f"{sent_back.body}\n\nIt became a UN related organization in 2016."
        drafts.save_draft(sent_back, {"body": body}, editor)
        review.submit(sent_back, editor, "Added the 2016 status.")
        review.request_changes(sent_back, reviewer, SENT_BACK)
    return [
        f"Awaiting review: changes to “{awaiting}” by {editor.get_username()}.",
        f"Changes requested: “{sent_back}”, sent back by {reviewer.get_username()}.",
    ]
