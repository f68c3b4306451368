"""The public pages' template engine: Jinja2, through Django's own backend (settings.TEMPLATES).

Django's template language was most of a cold list page's CPU and a third of a detail page's
(docs/PERFORMANCE.md, "Where a cold page's CPU goes"); Jinja2 compiles templates to Python. The
admin keeps Django templates. The filters below are Django's own, so a page formats dates,
truncates and pluralises exactly as before.
"""

from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, pass_context, pass_environment

from .lines import describe_lines
from .site import pagebits
from .slugurls import fixed_url


def url(name, *args, **kwargs):
    """{% url %}: reverse(name, args=args, kwargs=kwargs); a URL without arguments is reversed
    once per script prefix and URLconf (base.html links ten of them on every page)."""
    if args or kwargs:
        return reverse(name, args=args, kwargs=kwargs)
    return fixed_url(name)


@lru_cache(maxsize=256)
def static(path):
    """{% static %}: the same path gives the same URL until the static files settings change
    (static_settings_changed() forgets them); base.html asks for three on every page."""
    return static_url(path)


@receiver(setting_changed)
def static_settings_changed(setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT", "DEBUG"}:
        static.cache_clear()


# What Django's date formats read of the time of day (the rest reads only the day).
TIME_OF_DAY = frozenset("aABcefgGhHiIOPrsTuUZ")


@lru_cache(maxsize=4096)
def _format_day(day, format, language):
    return defaultfilters.date(day, format)


def date(value, format=None):
    """Django's |date, in the current time zone as Django templates show datetimes.

    Django formats a date in 25-60 µs (month names are translations); a search page shows
    forty. A format that reads only the day is formatted once per day, language and format."""
    if isinstance(value, datetime):
        value = template_localtime(value)
        if format == "c":
            return value.isoformat()  # what Django's "c" is
    if value and format and "\\" not in format and TIME_OF_DAY.isdisjoint(format):
        day = value.date() if isinstance(value, datetime) else value
        return _format_day(day, format, get_language())
    return defaultfilters.date(value, format)


def truncatewords(value, length):
    """Django's |truncatewords, without its lazy Truncator (a list truncates twenty summaries)."""
    if length <= 0:
        return ""
    words = str(value).split()
    if len(words) <= length:
        return " ".join(words)
    text = " ".join(words[:length])
    return text if text.endswith(" …") else f"{text} …"


@pass_context
def article_json_ld(context, item):
    return pagebits.article_json_ld(context["request"], item, context.get("site_name", ""))


@pass_environment
def card(env, item, wide=False):
    """`item`'s card: the `card` macro of its kind's template (item.card_template). An
    {% import %} per item in a loop costs each item a module lookup; this, a dict lookup."""
    return env.get_template(item.card_template).module.card(item, wide)


def environment(**options):
    env = Environment(**options)
    env.globals.update(
        site_name=settings.SITE_NAME,
        get_messages=get_messages,
        url=url,
        static=static,
        page_contents=pagebits.page_contents,
        article_json_ld=article_json_ld,
        card=card,
    )
    env.filters.update(
        date=date,
        capfirst=defaultfilters.capfirst,
        truncatewords=truncatewords,
        truncatechars=defaultfilters.truncatechars,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
        pluralize=defaultfilters.pluralize,
        lines_label=describe_lines,
    )
    return env
