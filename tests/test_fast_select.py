"""FastSelect writes the markup Django's own Select writes, without its templates."""

import re

import pytest
from django import forms
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from iomkb.widgets import FastSelect

CHOICES = [
    ("", "Any <kind>"),
    ("a&b", 'A & "B"'),
    ("<c>", "“C” it's <c>"),
    (3, gettext_lazy("Lazy & translated")),
    ("safe", mark_safe("<em>Safe</em>")),
]


def start_tag_and_options(html):
    """The <select> start tag, and the options with the space Django's templates put between
    them taken out."""
    start, options = re.fullmatch(r"(<select[^>]*>)(.*)", html, re.DOTALL).groups()
    return start, re.sub(r">\s+<", "><", options.lstrip())


@pytest.mark.parametrize("value", [None, "", "a&b", ["<c>"], 3, "safe", "unknown"])
def test_fast_select_writes_what_django_select_writes(value):
    attrs = {"id": "id_kind", "data-x": 'a"b'}
    expected = forms.Select(choices=CHOICES).render("kind", value, attrs)
    found = FastSelect(choices=CHOICES).render("kind", value, attrs)
    assert hasattr(found, "__html__")
    found_start, found_options = start_tag_and_options(found)
    expected_start, expected_options = start_tag_and_options(expected)
    assert found_options == expected_options  # byte for byte
    # flatatt() sorts the attributes; Django's template puts the name first
    SimpleTestCase().assertHTMLEqual(found_start + "</select>", expected_start + "</select>")


def test_fast_select_adds_counts_to_labels_but_not_to_the_empty_choice():
    select = FastSelect(choices=CHOICES[:3])
    select.counts = {"a&b": 4}
    assert select.render("kind", "<c>") == (
        '<select name="kind"><option value="">Any &lt;kind&gt;</option>'
        '<option value="a&amp;b">A &amp; &quot;B&quot; (4)</option>'
        '<option value="&lt;c&gt;" selected>“C” it&#x27;s &lt;c&gt; (0)</option></select>'
    )


@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_kind", "class": "a&b", "data-x": 'a"b<c>'},
        {"required": True, "disabled": False, "aria-describedby": None, "zz": "1", "aa": 2},
    ],
)
def test_the_attributes_are_written_as_flatatt_writes_them(attrs):
    from django.forms.utils import flatatt

    from iomkb.widgets import sorted_attributes

    SimpleTestCase().assertHTMLEqual(
        f"<select{sorted_attributes(attrs)}></select>", f"<select{flatatt(attrs)}></select>"
    )
    name = re.compile(r" ([\w-]+)")
    assert name.findall(sorted_attributes(attrs)) == name.findall(flatatt(attrs))  # in order


@pytest.mark.parametrize("value", [None, "", 0, 2015, "20<15>", 'a"b', "x & y"])
@pytest.mark.parametrize(
    ("fast", "django"),
    [("FastNumberInput", forms.NumberInput), ("FastHiddenInput", forms.HiddenInput)],
)
def test_fast_inputs_write_what_django_inputs_write(fast, django, value):
    from django.forms.renderers import Jinja2

    from iomkb import widgets

    attrs = {"id": "id_year", "required": True, "disabled": False, "data-x": "<&>"}
    widget_attrs = {"inputmode": "numeric", "class": 'a"b'}
    expected = django(attrs=widget_attrs).render("year", value, attrs, renderer=Jinja2())
    found = getattr(widgets, fast)(attrs=widget_attrs).render("year", value, attrs)
    assert hasattr(found, "__html__")
    SimpleTestCase().assertHTMLEqual(found, expected)
    # the same attributes in the same order (the template keeps the widget's own first)
    names = re.compile(r" ([\w-]+)(?:=|(?=[ >]))")
    assert names.findall(found) == names.findall(expected)
