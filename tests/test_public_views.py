"""The demo site as a reader browses it."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from iomkb.models import Status
from sections.models import LegalFramework, Section

pytestmark = pytest.mark.django_db


def test_home_shows_title_disclaimer_intro_and_all_sixteen_sections(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Understanding the Role of the International Organization" in content
    assert "This content was assembled by AI." in content
    assert "plays a pivotal role in shaping global humanitarian responses" in content
    for section in Section.objects.all():
        assert f'href="{section.get_absolute_url()}"' in content
    assert Section.objects.count() == 16


@pytest.mark.parametrize(
    "url",
    [
        "/sections/",
        "/case-studies/",
        "/legal-frameworks/",
        "/case-studies/typhoon-haiyan-philippines/",
        "/legal-frameworks/iom-constitution/",
        "/themes/international-law/",
        "/source/",
        "/healthz",
    ],
)
def test_public_pages_render(client, demo, url):
    assert client.get(url).status_code == 200


def test_every_section_detail_renders_its_body(client, demo):
    for section in Section.objects.all():
        response = client.get(section.get_absolute_url())
        assert response.status_code == 200
        assert section.body_html in response.content.decode()


def test_disputed_framework_shows_its_correction_and_citations(client, demo):
    response = client.get("/legal-frameworks/iom-constitution/")
    content = response.content.decode()
    assert "Disputed" in content
    assert "19 October 1953" in content
    assert 'href="https://moscow.iom.int/constitution"' in content
    assert "View in source (lines 14–14)" in content


@pytest.mark.parametrize("model", [Section, CaseStudy, LegalFramework])
def test_draft_item_is_404_for_anonymous(client, demo, model):
    item = model.objects.first()
    item.status = Status.DRAFT
    item.save()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_draft_item_renders_with_a_banner_for_staff(staff_client, demo):
    item = Section.objects.first()
    item.status = Status.DRAFT
    item.save()
    response = staff_client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()


def test_drafts_are_left_out_of_home_lists_and_theme_pages(client, demo):
    haiyan = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    haiyan.status = Status.DRAFT
    haiyan.save()
    for url in ["/", "/case-studies/", "/themes/humanitarian-response/", "/source/"]:
        assert haiyan.get_absolute_url() not in client.get(url).content.decode(), url


def test_source_viewer_highlights_a_requested_span(client, demo):
    response = client.get(reverse("source"), {"lines": "41-43"})
    content = response.content.decode()
    assert content.count('class="is-highlighted"') == 3
    assert 'id="L42"' in content


@pytest.mark.parametrize("lines", ["abc", "0-5", "90-99", "5-2", "x" * 5000])
def test_source_viewer_explains_a_bad_span(client, demo, lines):
    response = client.get(reverse("source"), {"lines": lines})
    assert response.status_code == 200
    assert 'class="is-highlighted"' not in response.content.decode()
    assert "message--warning" in response.content.decode()


def test_unknown_page_gets_the_custom_404(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
