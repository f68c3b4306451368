"""import_source without an extraction file: suggested case studies and frameworks, saved as
drafts marked "suggested by the import", that a person confirms or deletes."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from casestudies.models import CaseStudy, Country, Region
from iomkb.models import SourceDocument, Status
from sections.models import LegalFramework, Section

from .editorial_helpers import admin_url, form_data, make_editor, make_reviewer

SOURCE = Path(settings.SOURCE_DIR) / "iom-global-migration-governance.txt"
OTHER = Path(__file__).parent / "texts" / "refugee-agency-overview.txt"

pytestmark = pytest.mark.django_db


def run_import(*args, **options):
    out = io.StringIO()
    call_command("import_source", *map(str, args), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def regions():
    europe = Region.objects.create(slug="europe", name="Europe")
    asia = Region.objects.create(slug="asia-pacific", name="Asia and the Pacific")
    Country.objects.create(slug="philippines", name="Philippines", iso_code="PH", region=asia)
    return europe, asia


def test_seed_without_its_extraction_file_suggests_the_curated_items(regions):
    output = run_import(SOURCE, publish=True)
    assert "24 created" in output  # the source, 16 sections, 4 frameworks, 3 case studies
    assert output.count("a draft to confirm or delete") == 7
    assert Section.objects.filter(suggested_by_import=False).published().count() == 16

    studies = {c.source_start_line: c for c in CaseStudy.objects.all()}
    assert set(studies) == {41, 42, 43}
    assert all(c.suggested_by_import and c.status == Status.DRAFT for c in studies.values())
    assert studies[41].region == regions[0] and studies[41].year == 2015
    haiyan = studies[42]
    assert haiyan.title == "Typhoon Haiyan, Philippines"
    assert haiyan.region == regions[1]  # through the site's own country
    assert [c.slug for c in haiyan.countries.all()] == ["philippines"]
    assert haiyan.section.title == "Case Studies Demonstrating Effective Humanitarian Interventions"
    assert haiyan.body == SOURCE.read_text().splitlines()[41]  # verbatim line 42

    # Libya is not on the site yet: created from the ISO list, with its code.
    libya = Country.objects.get(iso_code="LY")
    assert (libya.slug, libya.name, libya.region) == ("libya", "Libya", None)
    assert list(studies[43].countries.all()) == [libya]

    frameworks = LegalFramework.objects.order_by("source_start_line", "title")
    assert [(f.title, f.kind) for f in frameworks] == [
        ("Constitution of the IOM", "constitution"),
        ("International human rights and migration conventions", "convention"),
        ("Memoranda of understanding", "agreement"),
        ("Global Compact for Safe, Orderly and Regular Migration", "compact"),
    ]
    assert all(f.suggested_by_import and not f.is_published() for f in frameworks)
    compact = frameworks.last()
    assert compact.sections.count() == 2


def test_suggestions_stay_off_every_public_list(client, regions):
    run_import(SOURCE, publish=True)
    assert CaseStudy.objects.published().count() == 0
    response = client.get(reverse("casestudies:list"))
    assert response.status_code == 200
    assert "Typhoon Haiyan" not in response.content.decode()


def test_no_suggestions_flag_imports_sections_only():
    output = run_import(SOURCE, no_suggestions=True)
    assert "17 created" in output
    assert CaseStudy.objects.count() == LegalFramework.objects.count() == 0


def test_reimport_leaves_suggestions_alone_and_a_slug_taken_elsewhere_is_not_touched():
    other_source = SourceDocument.objects.create(slug="other", title="Other", text="x")
    taken = LegalFramework.objects.create(
        slug="1967-protocol", title="Someone else's protocol", body="Written here."
    )
    run_import(OTHER)
    assert LegalFramework.objects.get(slug="1967-protocol-2").suggested_by_import
    taken.refresh_from_db()
    assert (taken.title, taken.source, taken.suggested_by_import) == (
        "Someone else's protocol",
        None,
        False,
    )
    output = run_import(OTHER)
    assert "0 created" in output and "skipped" in output
    assert LegalFramework.objects.filter(slug__startswith="1967-protocol").count() == 2
    assert other_source.pk  # untouched


def test_dry_run_creates_no_countries():
    output = run_import(OTHER, dry_run=True)
    assert output.count("a draft to confirm or delete") == 8
    assert not Country.objects.exists()
    assert not CaseStudy.objects.exists()


def test_a_suggestion_cannot_be_published_until_confirmed():
    run_import(OTHER)
    item = LegalFramework.objects.get(slug="global-compact-on-refugees")
    with pytest.raises(ValidationError, match="nobody has confirmed"):
        item.publish()
    item.status = Status.PUBLISHED
    with pytest.raises(ValidationError):
        item.full_clean()


def test_reviewer_bulk_publish_names_unconfirmed_suggestions(client):
    run_import(OTHER)
    client.force_login(make_reviewer())
    item = LegalFramework.objects.get(slug="global-compact-on-refugees")
    url = reverse("admin:sections_legalframework_changelist")
    response = client.post(url, {"action": "publish", "_selected_action": [item.pk]}, follow=True)
    assert "“Global Compact on Refugees” was not changed" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_editor_confirms_a_suggestion_in_bulk_and_in_the_form(client):
    run_import(OTHER)
    client.force_login(make_editor())
    first, second = LegalFramework.objects.order_by("slug")[:2]
    url = reverse("admin:sections_legalframework_changelist")
    response = client.post(
        url, {"action": "confirm_suggestions", "_selected_action": [first.pk]}, follow=True
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert not first.suggested_by_import
    assert first.status == Status.DRAFT

    page = client.get(admin_url(second))
    assert "Suggested by the import" in page.content.decode()
    response = client.post(admin_url(second), form_data(page, suggested_by_import=""))
    assert response.status_code == 302
    second.refresh_from_db()
    assert not second.suggested_by_import


def test_the_changelist_filters_suggestions(client):
    run_import(OTHER)
    LegalFramework.objects.create(slug="mine", title="Written here", body="Text.")
    client.force_login(make_editor())
    url = reverse("admin:sections_legalframework_changelist")
    response = client.get(url, {"suggested_by_import__exact": "1"})
    titles = {obj.title for obj in response.context["cl"].result_list}
    assert "Written here" not in titles and "1951 Refugee Convention" in titles
