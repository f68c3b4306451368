"""Publishing, sanitising and provenance on the shared ContentItem."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casestudies.models import CaseStudy
from iomkb.markdown import render_markdown
from iomkb.models import Status
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
    section = make_section(body="Imported.", source_body="Imported.")
    assert not section.changed_since_import  # no source document: hand-made
    assert list(Section.objects.changed_since_import()) == []
