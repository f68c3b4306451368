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
