"""The list filters' widgets, rendered in Python.

Django renders each <option> of a Select through a template of its own; the case-study
filters offer a few hundred options, and rendering them that way took about a third of the
list page's time (profiled, docs/PERFORMANCE.md). Same markup, same escaping, built by
joining strings: format_html() per option was itself most of what was left, then flatatt()
for the attributes, then the template of each <input>.
"""

from html import escape

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def escaped(text):
    """What django.utils.html.conditional_escape() gives, as a plain string."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))


def sorted_attributes(attrs):
    """What django.forms.utils.flatatt() gives (a Select's attributes): name="value" pairs in
    name order, then the true booleans in name order; False and None left out."""
    pairs = sorted((k, v) for k, v in attrs.items() if not isinstance(v, bool) and v is not None)
    flags = sorted(k for k, v in attrs.items() if v is True)
    return "".join(f' {escaped(k)}="{escaped(v)}"' for k, v in pairs) + "".join(
        f" {escaped(k)}" for k in flags
    )


def attributes_in_order(attrs):
    """What Django's widgets/attrs.html template gives (an <input>'s attributes): in their
    order, a true boolean bare, False left out."""
    return "".join(
        f" {escaped(k)}" if v is True else f' {escaped(k)}="{escaped(v)}"'
        for k, v in attrs.items()
        if v is not False
    )


class FastInput:
    """An <input> widget's markup, as Django's widgets/input.html template writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)
        value_attribute = "" if shown is None else f' value="{escaped(shown)}"'
        attributes = attributes_in_order(self.build_attrs(self.attrs, attrs))
        return mark_safe(
            f'<input type="{escaped(self.input_type)}" name="{escaped(name)}"'
            f"{value_attribute}{attributes}>"
        )


class FastNumberInput(FastInput, forms.NumberInput):
    pass


class FastHiddenInput(FastInput, forms.HiddenInput):
    pass


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
        return mark_safe(f"<select{sorted_attributes(final_attrs)}>{''.join(options)}</select>")

    def label(self, option, label):
        if self.counts is None or option == "":
            return label
        return f"{label} ({self.counts.get(option, 0)})"
