"""The demo site as a reader browses it."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casestudies.models import CaseStudy, Country, Intervention, Region
from iomkb.models import SourceDocument, Status, Theme
from sections.models import LegalFramework, Section
from tests.factories import make_case_study, make_framework, make_section

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
    assert "View in source (line 14)" in content


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
    assert len(re.findall(r'<li id="L\d+" value="\d+" class="[^"]*is-highlighted', content)) == 3
    assert 'id="L42"' in content and "Highlighting lines 41–43." in content
    one = client.get(reverse("source"), {"lines": "42"}).content.decode()
    assert "Highlighting line 42." in one


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


# Filters


def slugs(response):
    return [item.slug for item in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "europe"}, ["europe-2015-migration-crisis"]),
        ({"country": "philippines"}, ["typhoon-haiyan-philippines"]),
        ({"year_min": "2014"}, ["europe-2015-migration-crisis"]),
        ({"year_max": "2014"}, ["typhoon-haiyan-philippines"]),
        ({"intervention": "psychosocial-support"}, ["typhoon-haiyan-philippines"]),
        (
            {"order": "-year"},
            [
                "europe-2015-migration-crisis",
                "typhoon-haiyan-philippines",
                "libya-alternatives-to-detention",
            ],
        ),
    ],
)
def test_case_study_filters(client, demo, query, expected):
    response = client.get("/case-studies/", query)
    assert response.status_code == 200
    assert slugs(response) == expected
    assert "message--warning" not in response.content.decode()


def test_case_study_filters_by_theme_and_verification(client, demo):
    CaseStudy.objects.filter(slug="typhoon-haiyan-philippines").update(verification="disputed")
    assert slugs(client.get("/case-studies/", {"verification": "disputed"})) == [
        "typhoon-haiyan-philippines"
    ]
    themed = slugs(client.get("/case-studies/", {"theme": "legal-assistance"}))
    assert themed == list(
        CaseStudy.objects.filter(themes__slug="legal-assistance").values_list("slug", flat=True)
    )
    assert themed


def test_case_study_filter_form_shows_the_chosen_values(client, demo):
    content = client.get("/case-studies/", {"region": "europe", "year_min": "2010"}).content
    assert b'<option value="europe" selected>Europe (1)</option>' in content
    assert b'name="year_min" value="2010"' in content
    assert b"Clear all filters" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "constitution"}, ["iom-constitution"]),
        ({"binding": "no"}, ["global-compact-for-migration"]),
        ({"year_min": "2000", "year_max": "2017"}, ["un-iom-relationship-agreement"]),
    ],
)
def test_framework_filters(client, demo, query, expected):
    response = client.get("/legal-frameworks/", query)
    assert slugs(response) == expected


def test_framework_theme_filter(client, demo):
    expected = set(
        LegalFramework.objects.filter(themes__slug="international-law").values_list(
            "slug", flat=True
        )
    )
    assert expected
    assert set(slugs(client.get("/legal-frameworks/", {"theme": "international-law"}))) == expected


# Section navigation and trimmings


def test_home_table_of_contents_follows_article_order(client, demo):
    content = client.get("/").content.decode()
    positions = [content.index(s.get_absolute_url()) for s in Section.objects.order_by("order")]
    assert positions == sorted(positions)


def test_section_links_to_previous_and_next_published_sections(client, demo):
    first, second, third = Section.objects.order_by("order")[:3]
    response = client.get(second.get_absolute_url())
    assert response.context["previous_section"] == first
    assert response.context["next_section"] == third
    third.status = Status.DRAFT
    third.save()
    after_draft = Section.objects.order_by("order")[3]
    assert client.get(second.get_absolute_url()).context["next_section"] == after_draft
    assert client.get(first.get_absolute_url()).context["previous_section"] is None


def test_section_shows_breadcrumbs_themes_verification_and_source_link(client, demo):
    section = Section.objects.get(order=30)
    content = client.get(section.get_absolute_url()).content.decode()
    assert 'aria-label="Breadcrumb"' in content
    assert f'href="{section.source_url}"' in content.replace("&amp;", "&")
    assert "View in source (lines 13–17)" in content
    for theme in section.themes.all():
        assert f'href="{theme.get_absolute_url()}"' in content
    assert "Read the correction" in content  # the section is disputed


def test_related_boxes_leave_out_drafts_and_scheduled_items(client, db):
    section = make_section(title="Host section")
    framework = make_framework(title="Public framework")
    make_case_study(title="Public case", section=section).frameworks.add(framework)
    make_case_study(title="Draft case", section=section, status=Status.DRAFT)
    later = timezone.now() + timedelta(days=1)
    make_case_study(title="Scheduled case", section=section, published_at=later)
    hidden = make_framework(title="Hidden framework", status=Status.DRAFT)
    section.frameworks.add(framework, hidden)
    hidden.case_studies.add(*CaseStudy.objects.all())
    make_section(title="Draft neighbour", order=1, status=Status.DRAFT)

    for url in [
        section.get_absolute_url(),
        "/case-studies/public-case/",
        framework.get_absolute_url(),
    ]:
        content = client.get(url).content.decode()
        assert "Draft case" not in content and "Scheduled case" not in content, url
        assert "Hidden framework" not in content, url
        assert "Draft neighbour" not in content, url


def test_theme_page_counts_only_published_items(client, demo):
    haiyan = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    before = client.get("/themes/humanitarian-response/").context["item_count"]
    haiyan.status = Status.DRAFT
    haiyan.save()
    after = client.get("/themes/humanitarian-response/")
    assert after.context["item_count"] == before - 1
    assert f"{before - 1} published item" in after.content.decode()


def test_draft_section_is_not_an_owner_in_the_source_viewer(client, demo):
    section = Section.objects.get(order=30)
    section.status = Status.DRAFT
    section.save()
    assert section.get_absolute_url() not in client.get("/source/").content.decode()


def test_source_viewer_links_each_line_to_its_item(client, demo):
    content = client.get("/source/").content.decode()
    assert 'id="L41"' in content and 'href="#L41"' in content
    assert 'href="/case-studies/europe-2015-migration-crisis/">Case study:' in content


def test_source_viewer_links_each_owned_block_once_not_each_line(client, demo):
    content = client.get("/source/").content.decode()
    section = Section.objects.get(order=10)  # lines 5-8 of the source
    assert section.source_end_line > section.source_start_line + 1
    assert content.count(f'href="{section.get_absolute_url()}">Section:') == 1
    first = f'<li id="L{section.source_start_line}" value="{section.source_start_line}" class="'
    assert first + "starts-owner" in content


# Head, errors


def test_pages_have_their_own_description_and_a_canonical_link(client, demo):
    seen = set()
    for url in ["/", "/sections/", "/case-studies/", "/legal-frameworks/iom-constitution/"]:
        response = client.get(url + "?page=1")
        content = response.content.decode()
        description = content.split('<meta name="description" content="')[1].split('"')[0]
        assert description and description not in seen
        seen.add(description)
        assert f'<link rel="canonical" href="http://testserver{url}">' in content


def test_500_page_renders_without_the_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_unknown_detail_slug_gets_the_custom_404(client, demo):
    response = client.get("/case-studies/no-such-case/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_source_viewer_withholds_lines_of_items_not_yet_public(tmp_path, django_user_model):
    from django.test import Client

    from iomkb.site.cache import bump_content_version

    client, staff_client = Client(), Client()
    staff_client.force_login(django_user_model.objects.create_user("ed", is_staff=True))

    path = tmp_path / "secret-report.txt"
    text = "Secret report\nFirst heading\nOpen text.\nSecond heading\nConfidentialwidget plans.\n"
    path.write_text(text, encoding="utf-8")
    call_command("import_source", str(path), stdout=open("/dev/null", "w"))
    url = reverse("source_document", kwargs={"slug": "secret-report"})
    Section.objects.filter(title="First heading").update(
        status=Status.PUBLISHED, published_at="2020-01-01T00:00:00Z"
    )

    response = client.get(url)
    assert response.status_code == 200
    assert "Open text." in response.content.decode()
    assert "Confidentialwidget" not in response.content.decode()
    assert "Second heading" not in response.content.decode()
    assert "Not published yet" in response.content.decode()
    assert "Confidentialwidget" in staff_client.get(url).content.decode()

    Section.objects.update(status=Status.PUBLISHED, published_at="2020-01-01T00:00:00Z")
    bump_content_version()  # update() sends no signal: bulk writers do this (seed_synthetic)
    assert "Confidentialwidget" in client.get(url).content.decode()


def test_large_theme_page_shows_a_first_page_per_type_with_links_to_the_rest(client):
    from iomkb.models import Theme
    from iomkb.site.views import ThemeDetailView

    from .factories import make_case_study

    theme = Theme.objects.create(name="Big", slug="big")
    limit = ThemeDetailView.items_per_group
    for number in range(limit + 3):
        make_case_study(title=f"Case {number:03}", slug=f"case-{number}").themes.add(theme)
    response = client.get(theme.get_absolute_url())
    content = response.content.decode()
    assert content.count('class="item-card"') == limit
    assert f"Showing {limit} of {limit + 3}." in content
    assert 'href="/case-studies/?theme=big"' in content
    assert f"{limit + 3} published items on this theme." in content


def test_large_theme_page_links_to_the_sections_list_filtered_by_the_theme(client):
    from iomkb.models import Theme
    from iomkb.site.views import ThemeDetailView

    from .factories import make_section

    theme = Theme.objects.create(name="Big", slug="big")
    limit = ThemeDetailView.items_per_group
    for number in range(limit + 2):
        make_section(title=f"On theme {number:03}", slug=f"on-{number}", order=number).themes.add(
            theme
        )
    make_section(title="Off theme", slug="off", order=99)
    assert 'href="/sections/?theme=big"' in client.get(theme.get_absolute_url()).content.decode()
    listed = client.get("/sections/?theme=big").content.decode()
    assert listed.count("On theme ") >= limit + 2 and "Off theme" not in listed


def test_home_contents_stop_at_the_limit_and_link_to_all_sections(client):
    from iomkb.site.views import HOME_TOC_LIMIT

    from .factories import make_section

    for number in range(HOME_TOC_LIMIT + 1):
        make_section(title=f"Section {number:03}", slug=f"s-{number}", order=number)
    content = client.get("/").content.decode()
    assert 'href="/sections/s-99/"' in content
    assert 'href="/sections/s-100/"' not in content
    assert "All sections →" in content


# Unpublished metadata


def import_all_drafts():
    source_dir = Path(settings.SOURCE_DIR)
    call_command("loaddata", "taxonomy.json", verbosity=0)  # the import links to these terms
    call_command(
        "import_source",
        str(source_dir / "iom-global-migration-governance.txt"),
        extraction=source_dir / "extraction.toml",
        stdout=io.StringIO(),
    )
    return SourceDocument.objects.get()


def vocabulary():
    return [
        term for model in (Theme, Region, Country, Intervention) for term in model.objects.all()
    ]


PUBLIC_LISTINGS = ["/", "/sections/", "/case-studies/", "/legal-frameworks/", "/sitemap.xml"]


def test_an_all_draft_import_shows_nothing_of_its_document_or_terms(client, db):
    document = import_all_drafts()
    assert document.disclaimer and len(vocabulary()) > 20

    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get("/source/").status_code == 404
    for url in PUBLIC_LISTINGS:
        content = client.get(url).content.decode()
        for text in [document.title, document.disclaimer, document.filename, document.sha256]:
            assert escape(text) not in content, (url, text)
        for term in vocabulary():
            assert escape(term.name) not in content, (url, term)
            assert f"/{term.slug}/" not in content and f"={term.slug}" not in content, (url, term)
    for theme in Theme.objects.all():
        assert client.get(theme.get_absolute_url()).status_code == 404


def test_publishing_one_item_reveals_its_document_and_only_its_terms(client, db):
    document = import_all_drafts()
    case = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    case.publish()
    case.save()
    used = {*case.themes.all(), case.region, *case.countries.all(), *case.interventions.all()}
    unused = set(vocabulary()) - used
    assert case.region and case.themes.exists() and case.countries.exists()
    assert any(isinstance(term, Theme) for term in unused)

    source_page = client.get(document.get_absolute_url()).content.decode()
    assert escape(document.title) in source_page and document.sha256 in source_page
    assert client.get("/source/").status_code == 200
    assert escape(document.title) in client.get("/").content.decode()
    filters = client.get("/case-studies/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for term in used:
        # the one published case study uses it: picking it gives 1
        assert f'<option value="{term.slug}">{escape(term.name)} (1)</option>' in filters, term
    for term in unused:
        assert f'<option value="{term.slug}">' not in filters, term
    for theme in Theme.objects.all():
        url = theme.get_absolute_url()
        expected = 200 if theme in used else 404
        assert client.get(url).status_code == expected, theme
        assert (url in sitemap) == (theme in used), theme
        assert (url in client.get("/").content.decode()) == (theme in used), theme


def test_staff_may_still_open_a_source_document_without_public_items(staff_client, db):
    document = import_all_drafts()
    assert staff_client.get(document.get_absolute_url()).status_code == 200
    assert staff_client.get("/source/").status_code == 200


def test_a_vocabulary_term_of_a_scheduled_item_stays_hidden(client, db):
    theme = Theme.objects.create(name="Zz future theme", slug="zz-future-theme")
    later = timezone.now() + timedelta(days=1)
    make_framework(title="Scheduled framework", published_at=later).themes.add(theme)
    assert "Zz future theme" not in client.get("/legal-frameworks/").content.decode()
    assert client.get(theme.get_absolute_url()).status_code == 404


def test_staff_see_an_edit_link_that_the_public_and_the_page_cache_never_get(
    staff_client, settings
):
    from django.test import Client

    from iomkb.site.cache import bump_content_version

    client = Client()  # anonymous (staff_client is pytest-django's client, logged in)

    settings.PAGE_CACHE_SECONDS = 600
    bump_content_version()
    section = make_section(title="Editable")
    edit_url = f"/admin/sections/section/{section.pk}/change/"
    assert edit_url in staff_client.get(section.get_absolute_url()).content.decode()
    assert edit_url not in client.get(section.get_absolute_url()).content.decode()
    assert edit_url not in client.get(section.get_absolute_url()).content.decode()  # cached


def test_pages_link_a_favicon_and_favicon_ico_leads_to_it(client, demo):
    content = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/iomkb/favicon' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and "favicon" in response["Location"]


def test_detail_pages_carry_open_graph_and_article_json_ld(client, demo):
    import json

    study = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    content = client.get(study.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in content
    assert f'<meta property="og:title" content="{study.title}">' in content
    assert '<meta name="twitter:card" content="summary">' in content
    data = json.loads(content.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Article" and data["headline"] == study.title
    assert data["url"] == f"http://testserver{study.get_absolute_url()}"
    assert data["isBasedOn"].startswith("http://testserver/source/")
    assert data["citation"] and all(c["name"] for c in data["citation"])
    assert data["dateModified"]
    home = client.get("/").content.decode()
    assert '<meta property="og:type" content="website">' in home and "ld+json" not in home


def test_json_ld_cannot_close_its_script_element(client, demo):
    study = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    study.title = "Haiyan </script><script>alert(1)</script>"
    study.save()
    content = client.get(study.get_absolute_url()).content.decode()
    block = content.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003C/script\\u003E" in block and "<script>alert(1)" not in content
