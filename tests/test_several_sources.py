"""A site made from two texts: each item points to its own text's lines, and the home page and
/source/ make both texts findable. The demo (one text) is unchanged."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from iomkb.models import SourceDocument
from sections.models import Section

OTHER = (
    "Labour Mobility in the Pacific\n"
    "Seasonal schemes bring workers from Pacific island states to farms abroad.\n"
    "How the Schemes Work\n"
    "Employers recruit through labour-sending units.\n"
)


@pytest.fixture
def two_texts(demo, tmp_path):
    path = tmp_path / "pacific-labour.txt"
    path.write_text(OTHER)
    call_command(
        "import_source", str(path), publish=True, no_suggestions=True, stdout=io.StringIO()
    )
    return SourceDocument.objects.get(slug="pacific-labour")


def test_with_one_text_source_is_that_text(client, demo):
    response = client.get(reverse("source"))
    assert response.status_code == 200
    assert response.templates[0].name == "iomkb/source.html"
    assert "Also made from" not in client.get(reverse("home")).content.decode()


def test_with_two_texts_source_lists_both(client, two_texts):
    page = client.get(reverse("source")).content.decode()
    assert "Source texts" in page
    assert reverse("source_document", args=["pacific-labour"]) in page
    assert reverse("source_document", args=["iom-global-migration-governance"]) in page


def test_home_names_the_other_text(client, two_texts):
    page = client.get(reverse("home")).content.decode()
    assert "Also made from" in page and "Labour Mobility in the Pacific" in page
    # The home page is still the first text's.
    assert "Understanding the Role of the International Organization for Migration" in page


def test_each_item_points_to_its_own_texts_lines(client, two_texts):
    section = Section.objects.get(title="How the Schemes Work")
    expected = reverse("source_document", args=["pacific-labour"]) + "?lines=3-4#L3"
    assert section.source_url == expected
    assert expected.replace("&", "&amp;") in client.get(section.get_absolute_url()).content.decode()
    viewer = client.get(reverse("source_document", args=["pacific-labour"])).content.decode()
    assert section.get_absolute_url() in viewer


def test_a_text_with_nothing_public_is_not_listed(client, demo, tmp_path):
    path = tmp_path / "drafts-only.txt"
    path.write_text(OTHER)
    call_command("import_source", str(path), no_suggestions=True, stdout=io.StringIO())
    assert client.get(reverse("source")).templates[0].name == "iomkb/source.html"
    assert client.get(reverse("source_document", args=["drafts-only"])).status_code == 404


def test_a_texts_page_leads_back_to_the_list_of_texts(client, two_texts):
    page = client.get(reverse("source_document", args=["pacific-labour"])).content.decode()
    breadcrumbs = page.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert f'href="{reverse("source")}">Source texts</a>' in breadcrumbs
    assert "Labour Mobility in the Pacific" in breadcrumbs


def test_a_second_texts_sections_follow_the_first_texts_in_reading_order(client, two_texts):
    orders = list(Section.objects.values_list("source__slug", flat=True))  # in reading order
    first = [slug for slug in orders if slug == "iom-global-migration-governance"]
    assert orders == first + ["pacific-labour"]
    assert Section.objects.get(title="How the Schemes Work").order == 1010
    contents = client.get(reverse("home")).content.decode().split('id="toc-heading"')[1]
    assert contents.index("How the Schemes Work") > contents.index("Case Studies Demonstrating")
