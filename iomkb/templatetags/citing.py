"""The "Cite this page" block's data (templates/includes/cite.html, cite_meta.html)."""

from django import template

from ..citing import citation_of_page

register = template.Library()


@register.simple_tag(takes_context=True)
def citation_for(context, item):
    """The citation the page offers: the version page's own (its view sets `cite`), else the
    live page's; none for a draft or a preview, which nobody may cite."""
    if context.get("cite"):
        return context["cite"]
    if context.get("is_preview") or item.pk is None or not item.is_published():
        return None
    return citation_of_page(context["request"], item)
