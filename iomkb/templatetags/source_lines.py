from django import template

from ..lines import describe_lines

register = template.Library()


@register.filter
def lines_label(start, end=None):
    """{{ start|lines_label:end }} -> "line 42" or "lines 42–45"."""
    return describe_lines(start, end)
