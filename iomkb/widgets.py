"""A <select> rendered in Python.

Django renders each <option> of a Select through a template of its own; the case-study
filters offer a few hundred options, and rendering them that way took about a third of the
list page's time (profiled, docs/PERFORMANCE.md). Same markup, same escaping, built by
joining strings: format_html() per option was itself most of what was left.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def escaped(text):
    """What django.utils.html.conditional_escape() gives, as a plain string."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))


class FastSelect(forms.Select):
    counts = None  # {option value: items}: set per form by a list with facet counts

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for key, label in self.choices:
            option = "" if key is None else str(key)
            options.append(
                f'<option value="{escaped(option)}"'
                f"{' selected' if option in chosen else ''}>"
                f"{escaped(self.label(option, label))}</option>"
            )
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(options)}</select>")

    def label(self, option, label):
        if self.counts is None or option == "":
            return label
        return f"{label} ({self.counts.get(option, 0)})"
