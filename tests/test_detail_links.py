"""A detail page reads its item's themes and citations in the item's own query, as JSON
(iomkb/models/linked.py): they show as they did when prefetched, in their own order."""

import datetime

import pytest

from iomkb.models import Citation, Status, Theme, Verification

from .factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db

MAKERS = [make_section, make_case_study, make_framework]


@pytest.fixture
def labels():
    themes = [
        Theme.objects.create(name=name, slug=name.lower()) for name in ("Zebra", "Alpha", "Mid")
    ]
    citations = [
        Citation.objects.create(key="b", title="Beta report", publisher="IOM"),
        Citation.objects.create(
            key="a",
            title="Alpha treaty",
            url="https://example.org/treaty",
            accessed_on=datetime.date(2024, 3, 2),
        ),
    ]
    return themes, citations


@pytest.mark.parametrize("make", MAKERS)
def test_detail_page_shows_themes_and_citations_in_their_order(client, labels, make):
    themes, citations = labels
    item = make(title="Linked item", slug="linked-item")
    item.themes.add(*themes)
    item.citations.add(*citations)
    item.verification_note = "Checked."
    item.verification = Verification.VERIFIED
    item.save()
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    shown = response.context["object"]
    assert [theme.name for theme in shown.themes.all()] == ["Alpha", "Mid", "Zebra"]
    assert [citation.title for citation in shown.citations.all()] == ["Alpha treaty", "Beta report"]
    assert shown.citations.all()[0].accessed_on == datetime.date(2024, 3, 2)
    content = response.content.decode()
    assert content.index('href="/themes/alpha/"') < content.index('href="/themes/zebra/"')
    assert (
        '<a href="https://example.org/treaty" rel="noopener noreferrer">Alpha treaty</a>' in content
    )
    assert "(accessed 2 March 2024)" in content
    assert "Beta report</li>" not in content and "Beta report, IOM</li>" in content
    # The evidence rule reads the same citations: verified, with a note and citations.
    assert shown.shown_verification == Verification.VERIFIED


@pytest.mark.parametrize("make", MAKERS)
def test_detail_page_without_themes_or_citations(client, make):
    item = make(title="Bare item", slug="bare-item")
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    shown = response.context["object"]
    assert list(shown.themes.all()) == [] and list(shown.citations.all()) == []
    assert 'class="themes"' not in response.content.decode()


def test_staff_see_a_drafts_themes_too(staff_client, labels):
    themes, _ = labels
    item = make_section(title="Draft item", slug="draft-item", status=Status.DRAFT)
    item.themes.add(themes[0])
    response = staff_client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert [theme.name for theme in response.context["object"].themes.all()] == ["Zebra"]
