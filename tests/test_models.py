"""Publishing, sanitising and provenance on the shared ContentItem."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casestudies.models import CaseStudy
from iomkb import markdown as markdown_module
from iomkb.markdown import MARKUP_BUDGET, markup_cost, render_markdown
from iomkb.models import SourceDocument, Status
from sections.models import LegalFramework, Section

from .factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "make"),
    [(Section, make_section), (CaseStudy, make_case_study), (LegalFramework, make_framework)],
)
def test_published_hides_drafts_and_future_items(model, make):
    live = make(slug="live")
    make(slug="draft", status=Status.DRAFT)
    make(slug="scheduled", published_at=timezone.now() + timedelta(days=1))
    assert list(model.objects.published()) == [live]
    assert live.is_published()


def test_publishing_without_a_time_publishes_now():
    section = make_section(published_at=None)
    assert section.published_at is not None
    assert section.is_published()


def test_scheduled_item_goes_live_by_itself_when_its_time_passes():
    section = make_section(published_at=timezone.now() + timedelta(minutes=5))
    assert not Section.objects.published().exists()
    section.published_at = timezone.now() - timedelta(seconds=1)
    section.save()
    assert Section.objects.published().get() == section


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>Hello",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_unsafe_markup_never_reaches_the_html(body):
    html = render_markdown(body)
    for bad in ("<script", "javascript:", "onerror", "<iframe", "<img"):
        assert bad not in html.lower()


def test_markdown_body_is_rendered_on_save():
    section = make_section(body="Some **bold** text\n\n- one\n- two")
    assert section.body_html == (
        "<p>Some <strong>bold</strong> text</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_unsafe_body_is_escaped_on_the_public_page(client):
    section = make_section(
        slug="x",
        body="<script>alert(1)</script> [a](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    response = client.get(section.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in content
    assert "javascript:alert" not in content
    assert "onerror" not in content


def test_changed_since_import_compares_body_with_the_imported_text():
    document = SourceDocument.objects.create(
        slug="report", title="Report", filename="report.txt", text="Imported.\n", sha256="0" * 64
    )
    section = make_section(body="Imported.", source_body="Imported.", source=document)
    other = make_section(slug="other", body="Other.", source_body="Other.", source=document)
    assert not section.changed_since_import
    assert list(Section.objects.changed_since_import()) == []

    section.body = "Imported, then edited."
    section.save()
    section.refresh_from_db()
    assert section.changed_since_import
    assert list(Section.objects.changed_since_import()) == [section]
    assert not other.changed_since_import

    section.body = "Imported."
    section.save()
    assert not section.changed_since_import
    assert list(Section.objects.changed_since_import()) == []


def test_an_item_written_here_never_counts_as_changed_since_import():
    section = make_section(body="Written here.", source_body="Something else.")
    assert section.source is None
    assert not section.changed_since_import
    assert list(Section.objects.changed_since_import()) == []


def test_links_still_render_with_the_bounded_link_scan():
    html = render_markdown(
        'See [the [IOM] site](https://www.iom.int "IOM"), ![x](https://a.example/x.png) '
        "and [the constitution][c].\n\n[c]: https://www.iom.int/constitution"
    )
    assert '<a href="https://www.iom.int" title="IOM" rel="noopener noreferrer nofollow">' in html
    assert ">the [IOM] site</a>" in html
    assert '<a href="https://www.iom.int/constitution"' in html


def test_a_run_of_brackets_within_the_budget_renders_as_text():
    # Python-Markdown alone scans from every "[" to the end: this took about 6 s.
    body = "[" * 2500
    assert markup_cost(body) <= MARKUP_BUDGET
    assert render_markdown(body) == f"<p>{body}</p>"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 20000,
        "<a " * 33333,
        "# a\n" * 25000,
        "1. " * 33333,
        "> " * 50000,
        "    " * 40 + "- deep",
    ],
)
def test_a_body_too_dense_with_markup_is_shown_as_plain_escaped_paragraphs(body):
    assert markup_cost(body) > MARKUP_BUDGET
    html = render_markdown(body + "\n\n<b>next</b>")
    assert html.endswith("<p>&lt;b&gt;next&lt;/b&gt;</p>")
    assert "<li>" not in html and "<h1>" not in html


def test_lists_nested_past_the_recursion_limit_fall_back_to_plain_text(monkeypatch):
    monkeypatch.setattr(markdown_module, "MAX_LINE_LEAD", 10**6)
    monkeypatch.setattr(markdown_module, "MARKUP_BUDGET", 10**6)
    assert render_markdown("1. " * 2000 + "deep") == "<p>" + "1. " * 1999 + "1. deep</p>"


def test_raw_html_blocks_are_not_parsed_but_inline_html_is_kept_when_allowed():
    html = render_markdown("<div>\n**bold**\n</div>\n\nH<sub>2</sub>O")
    assert "<strong>bold</strong>" in html
    assert "<p>H<sub>2</sub>O</p>" in html


def test_the_verification_label_is_the_display_value():
    from casestudies.models import CaseStudy
    from iomkb.models import Verification

    for value in [*Verification.values, "unknown"]:
        item = CaseStudy(verification=value)
        assert item.verification_label == item.get_verification_display()
