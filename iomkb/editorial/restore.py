"""What a revert or recover tells the editor: what came back, from which revision, and whether
the public sees it now."""

from .revisions import when
from .state import editorial_state


def restored_message(request, obj, as_draft=False):
    """The message after a revert or recover in this request ("" if there was none)."""
    restored = editorial_state(request).restored
    if restored is None:
        return ""
    verb, version = restored
    user = version.revision.user
    by = f" by {user.get_username()}" if user else " by an import"
    preposition = "from" if verb == "Recovered" else "to"
    done = f"{verb} “{obj}” {preposition} the revision of {when(version.revision.date_created)}{by}"
    if as_draft:
        return (
            f"{done} as a draft of changes: the public still sees the live version until a "
            "reviewer publishes it."
        )
    return f"{done}. {publication_now(obj, again=verb == 'Recovered')}".strip()


def publication_now(obj, again=False):
    """Whether readers see `obj` now, for a content item ("" for anything else)."""
    if not hasattr(obj, "is_published"):
        return ""
    still = "" if again else "still "
    if obj.is_published():
        return f"It is {still}published: readers see this version now."
    if obj.is_expired:
        return "It has expired: readers do not see it."
    if obj.is_scheduled:
        return f"It is {still}scheduled: it goes public on {when(obj.published_at)}."
    return f"It is {still}a draft: readers do not see it until a reviewer publishes it."
