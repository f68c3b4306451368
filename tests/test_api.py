"""The open-data API (/api/v1/): every endpoint, what an item carries, filters equal to the HTML
lists', and nothing that is not public. Runs on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from casestudies.models import CaseStudy, Country, Region
from iomkb.editorial.drafts import save_draft
from iomkb.models import Citation, SourceDocument, Status, Theme, Verification
from sections.models import LegalFramework, Section
from tests.editorial_helpers import make_editor, make_reviewer
from tests.factories import make_case_study, make_framework, make_section, with_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # each test starts with a fresh rate-limit window and content version


def api(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(data):
    return [item["slug"] for item in data["results"]]


# Every endpoint answers


def test_root_lists_every_endpoint(client):
    data = api(client, "/api/v1/")
    assert set(data["lists"]) == {
        "section", "case_study", "legal_framework", "theme", "citation", "source_document"
    }  # fmt: skip
    for url in [*data["lists"].values(), data["schema"]]:
        assert client.get(url).status_code == 200


def test_every_list_and_detail_endpoint_on_the_demo(client, demo):
    for path, model in [
        ("sections", Section), ("case-studies", CaseStudy), ("legal-frameworks", LegalFramework)
    ]:  # fmt: skip
        data = api(client, f"/api/v1/{path}/?page_size=100")
        assert data["count"] == model.objects.published().count() > 0
        first = data["results"][0]
        assert api(client, first["url"]) == first
    for path in ("themes", "citations", "source-documents"):
        data = api(client, f"/api/v1/{path}/")
        assert data["count"] > 0
        first = data["results"][0]
        detail = api(client, first["api_url"] if path == "citations" else first["url"])
        assert detail["title" if "title" in detail else "name"]


def test_an_item_carries_text_dates_themes_verification_and_provenance(client, django_user_model):
    reviewer = django_user_model.objects.create_user(
        "rita", "rita@example.org", "pw", first_name="Rita", last_name="Review"
    )
    document = SourceDocument.objects.create(
        slug="doc", title="Doc", filename="doc.txt", text="a\nb\nc\nd", sha256="0" * 64,
        disclaimer="Assembled by AI.",
    )  # fmt: skip
    region = Region.objects.create(name="Asia", slug="asia")
    case = make_case_study(
        title="Typhoon", body="**Bold** words.", summary="Short.", year=2013, region=region,
        source=document, source_start_line=2, source_end_line=3, source_body="**Bold** words.",
    )  # fmt: skip
    case.themes.add(Theme.objects.create(name="Relief", slug="relief"))
    case.countries.add(Country.objects.create(name="Philippines", slug="philippines"))
    with_evidence(case)
    case.set_verification(Verification.VERIFIED, reviewer)
    case.save()

    item = api(client, "/api/v1/case-studies/typhoon/")
    assert item["type"] == "case_study" and item["title"] == "Typhoon"
    assert item["body_markdown"] == "**Bold** words."
    assert item["body_html"] == "<p><strong>Bold</strong> words.</p>"
    assert item["html_url"] == "http://testserver/case-studies/typhoon/"
    assert item["published_at"] and item["updated_at"]
    assert [t["slug"] for t in item["themes"]] == ["relief"]
    assert item["year"] == 2013 and item["region"] == {"slug": "asia", "name": "Asia"}
    assert item["countries"] == [{"slug": "philippines", "name": "Philippines"}]
    verification = item["verification"]
    assert verification["status"] == "verified"
    assert verification["verified_by"] == "Rita Review"
    assert "rita@example.org" not in str(item)
    assert verification["note"] == "Checked against the IOM Constitution."
    assert [c["key"] for c in verification["citations"]] == ["iom-constitution"]
    provenance = item["provenance"]
    assert provenance["source_document"]["slug"] == "doc"
    assert (provenance["start_line"], provenance["end_line"]) == (2, 3)
    assert provenance["edited_since_import"] is False and provenance["changes_url"] is None
    assert provenance["source_lines_url"] == "http://testserver/source/doc/?lines=2-3#L2"

    case.body = "Edited."
    case.save()
    provenance = api(client, "/api/v1/case-studies/typhoon/")["provenance"]
    assert provenance["edited_since_import"] is True
    assert client.get(provenance["changes_url"]).status_code == 200


def test_an_item_written_for_the_site_has_no_source(client):
    make_section(title="Handmade")
    provenance = api(client, "/api/v1/sections/handmade/")["provenance"]
    assert provenance == {
        "source_document": None, "start_line": None, "end_line": None,
        "edited_since_import": False, "source_lines_url": None, "changes_url": None,
    }  # fmt: skip


def test_a_status_without_evidence_is_shown_as_unverified_as_on_the_page(client):
    section = make_section(title="Old verified", verification=Verification.VERIFIED)
    verification = api(client, "/api/v1/sections/old-verified/")["verification"]
    assert section.verification == "verified"
    assert verification["status"] == "unverified" and verification["verified_by"] is None


# Nothing that is not public


def hidden_items():
    """A draft, a scheduled and an expired item of each kind, and one published of each."""
    now = timezone.now()
    for maker in (make_section, make_case_study, make_framework):
        name = maker.__name__.removeprefix("make_")
        maker(title=f"Draft {name}", status=Status.DRAFT)
        maker(title=f"Scheduled {name}", published_at=now + timedelta(days=1))
        maker(title=f"Expired {name}", expires_at=now - timedelta(minutes=1))
        maker(title=f"Public {name}")


def test_drafts_scheduled_and_expired_items_are_absent_from_every_endpoint(client):
    hidden_items()
    citation = Citation.objects.create(key="only-draft", title="Only on a draft")
    Section.objects.get(slug="draft-section").citations.add(citation)
    Section.objects.get(slug="draft-section").themes.add(
        Theme.objects.create(name="Draft theme", slug="draft-theme")
    )
    everything = ""
    for path in ("sections", "case-studies", "legal-frameworks", "themes", "citations"):
        everything += client.get(f"/api/v1/{path}/?page_size=100").content.decode()
    everything += client.get("/api/v1/search/?q=draft or scheduled or expired").content.decode()
    for word in ("Draft", "Scheduled", "Expired", "only-draft", "draft-theme"):
        assert word not in everything
    assert everything.count("Public") >= 3
    for path, name in [
        ("sections", "section"), ("case-studies", "case_study"),
        ("legal-frameworks", "framework"),
    ]:  # fmt: skip
        for state in ("draft", "scheduled", "expired"):
            slug = f"{state}-{name.replace('_', '-')}"
            api(client, f"/api/v1/{path}/{slug}/", status=404)


def test_a_draft_is_404_for_staff_too(client, django_user_model):
    make_section(title="Staff draft", status=Status.DRAFT)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.org", "pw"))
    api(client, "/api/v1/sections/staff-draft/", status=404)


def test_pending_changes_never_appear(client):
    live = make_section(title="Live title", body="Live words.")
    save_draft(live, {"title": "Pending title", "body": "Pending words."}, make_editor())
    item = api(client, "/api/v1/sections/live-title/")
    assert item["title"] == "Live title" and item["body_markdown"] == "Live words."
    assert "Pending" not in client.get("/api/v1/sections/").content.decode()
    assert "Pending" not in client.get("/api/v1/search/?q=pending").content.decode()
    assert make_reviewer()  # reviewers exist, but nothing was published


def test_links_to_unpublished_items_are_left_out(client):
    draft_section = make_section(title="Hidden section", status=Status.DRAFT)
    draft_framework = make_framework(title="Hidden framework", status=Status.DRAFT)
    public_framework = make_framework(title="Shown framework")
    case = make_case_study(title="Linked", section=draft_section)
    case.frameworks.add(draft_framework, public_framework)
    item = api(client, "/api/v1/case-studies/linked/")
    assert item["section"] is None
    assert [f["slug"] for f in item["frameworks"]] == ["shown-framework"]
    assert "Hidden" not in str(item)


# Filters, ordering and pagination: the HTML lists' own


@pytest.mark.parametrize(
    "path, query",
    [
        ("case-studies", "region=asia"),
        ("case-studies", "country=philippines&year_min=2010"),
        ("case-studies", "theme=relief&verification=unverified"),
        ("case-studies", "year_max=2012"),
        ("case-studies", "order=-year"),
        ("legal-frameworks", "kind=convention"),
        ("legal-frameworks", "binding=no&year_min=2000"),
        ("legal-frameworks", "theme=relief"),
        ("sections", ""),
    ],
)
def test_filters_equal_the_html_lists_results(client, path, query):
    asia = Region.objects.create(name="Asia", slug="asia")
    philippines = Country.objects.create(name="Philippines", slug="philippines")
    relief = Theme.objects.create(name="Relief", slug="relief")
    for number, year in enumerate([2005, 2013, 2019, None]):
        case = make_case_study(
            title=f"Case {number}", year=year, region=asia if number % 2 else None
        )
        if number != 2:
            case.countries.add(philippines)
            case.themes.add(relief)
        make_framework(
            title=f"Framework {number}", year_adopted=year and year - 10,
            kind="convention" if number % 2 else "other", binding="no" if number else "yes",
        ).themes.add(relief)  # fmt: skip
        make_section(title=f"Section {number}", order=10 - number)
    html = client.get(f"/{path}/?{query}")
    expected = [item.slug for item in html.context["object_list"]]
    assert not html.context["notices"]
    assert slugs(api(client, f"/api/v1/{path}/?{query}")) == expected
    assert expected or query == "year_max=2012"


def test_lists_order_and_page_with_links_and_a_total(client):
    for number in range(5):
        make_framework(title=f"Framework {number}")
    page = api(client, "/api/v1/legal-frameworks/?page_size=2&page=2&order=-title")
    assert page["count"] == 5
    assert slugs(page) == ["framework-2", "framework-1"]
    assert page["next"].endswith("page=3&page_size=2")
    assert "order=-title" in page["next"] and "order=-title" in page["previous"]


def test_theme_detail_links_to_the_lists_that_filter_by_it(client):
    relief = Theme.objects.create(name="Relief", slug="relief")
    make_case_study(title="Themed").themes.add(relief)
    make_section(title="Themed section").themes.add(relief)
    make_section(title="Other section")
    theme = api(client, "/api/v1/themes/relief/")
    assert theme["name"] == "Relief"
    lists = theme["lists"]
    assert lists["case_study"].endswith("/api/v1/case-studies/?theme=relief")
    assert lists["section"].endswith("/api/v1/sections/?theme=relief")  # filters since issue 14
    assert slugs(api(client, lists["case_study"])) == ["themed"]
    assert slugs(api(client, lists["section"])) == ["themed-section"]
    api(client, "/api/v1/themes/unused/", status=404)


# Search


def test_search_ranks_and_highlights_as_the_html_page(client, demo):
    html = client.get("/search/?q=trafficking")
    data = api(client, "/api/v1/search/?q=trafficking&page_size=10")
    html_hits = html.context["hits"]
    assert [hit["html_url"].removeprefix("http://testserver") for hit in data["results"]] == [
        hit["url"] for hit in html_hits
    ]
    assert data["results"][0]["snippet_html"] == str(html_hits[0]["snippet_html"])
    assert "<mark>" in data["results"][0]["snippet_html"]
    assert data["count"] == html.context["outcome"].total
    first = data["results"][0]
    assert api(client, first["url"])["html_url"] == first["html_url"]


def test_search_by_type(client):
    make_section(title="Harbour section")
    make_framework(title="Harbour framework")
    data = api(client, "/api/v1/search/?q=harbour&type=legal_framework")
    assert [hit["type"] for hit in data["results"]] == ["legal_framework"]
    assert data["counts_by_type"]["section"] == 1


# HEAD and OPTIONS, methods


def test_head_and_options(client):
    make_section(title="Headed")
    head = client.head("/api/v1/sections/headed/")
    assert head.status_code == 200 and head["ETag"] and not head.content
    options = client.options("/api/v1/sections/")
    assert options.status_code == 200 and "GET" in options["Allow"]
    assert client.post("/api/v1/sections/").status_code == 405
    assert client.delete("/api/v1/sections/headed/").status_code == 405


def test_the_readme_curl_examples_work_on_the_demo(client, demo):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## API and data", 1)[1].split("\n## ", 1)[0]
    urls = re.findall(r"curl -s [^']*'http://127\.0\.0\.1:8000([^']+)'", section)
    assert len(urls) >= 3
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/api/"):
            assert response.json()["results"], url
