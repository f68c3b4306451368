from django import template

from ..importpage import can_import

register = template.Library()


@register.filter
def can_import_sources(user):
    return can_import(user)
