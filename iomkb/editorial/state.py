"""What one admin request carries between the ModelAdmin hooks Django calls one by one."""

from dataclasses import dataclass, field


@dataclass
class EditorialState:
    keep: dict = field(default_factory=dict)  # values the object keeps (a revert or recover)
    reverting: bool = False  # citation links then come from the stored revision
    restored: tuple | None = None  # ("Reverted" or "Recovered", the Version) of that request
    vouched_before: tuple | None = None  # what a verification vouched for when the form opened
    note: str = ""  # the editor's note for the history
    verification_reset: str = ""  # why this save reset the verification, if it did
    evidence_before: tuple | None = None  # (verification, note, citation ids) as saved
    citations: list | None = None  # the citation rows this POST keeps, once validated
    evidence_error: Exception | None = None  # why they are not evidence enough
    live: bool = False  # the item is public (or scheduled): saves may become drafts of changes


def editorial_state(request):
    if not hasattr(request, "editorial"):
        request.editorial = EditorialState()
    return request.editorial
