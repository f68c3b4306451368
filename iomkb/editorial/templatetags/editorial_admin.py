from django import template

from ..dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/iomkb/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    return dashboard(context["request"].user)
