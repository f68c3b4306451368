"""One forgiving paginator for every list and the search page: a bad page number never fails,
it falls back to the nearest real page with a message saying so."""

from django.core.paginator import Paginator
from django.utils.text import Truncator


def shorten(value, length=40):
    """A short excerpt of a reader's input, safe to show back (no control characters)."""
    printable = "".join(char if char.isprintable() else "\ufffd" for char in value[: length * 2])
    return Truncator(printable).chars(length)


def forgiving_page(object_list, per_page, requested, count=None):
    """(page, message) for `requested` ("last", a number, or anything a reader typed); the
    message is empty when the page asked for exists. `count`, if known, spares a COUNT."""
    paginator = Paginator(object_list, per_page, allow_empty_first_page=True)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its value
    number, message = _page_number(requested or "1", paginator.num_pages)
    return paginator.page(number), message


def _page_number(requested, num_pages):
    if requested == "last":
        return num_pages, ""
    try:
        number = int(requested)
    except ValueError:
        return 1, f"“{shorten(requested)}” is not a page number. Showing page 1."
    if number < 1:
        return 1, "Page numbers start at 1. Showing page 1."
    if number > num_pages:
        pages = (
            f"{'is' if num_pages == 1 else 'are'} {num_pages} page{'' if num_pages == 1 else 's'}"
        )
        return (
            num_pages,
            f"There is no page {shorten(requested)}; there {pages}. Showing page {num_pages}.",
        )
    return number, ""
