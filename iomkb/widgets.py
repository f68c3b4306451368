"""A <select> rendered in Python.

Django renders each <option> of a Select through a template of its own; the case-study
filters offer a few hundred options, and rendering them that way took about a third of the
list page's time (profiled, docs/PERFORMANCE.md). Same markup, same escaping.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    counts = None  # {option value: items}: set per form by a list with facet counts

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if option in chosen else "", self.label(option, label))
                for option, label in (
                    ("" if key is None else str(key), label) for key, label in self.choices
                )
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def label(self, option, label):
        if self.counts is None or option == "":
            return label
        return f"{label} ({self.counts.get(option, 0)})"
