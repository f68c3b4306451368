"""The committed fixtures are exactly what the source text and extraction.toml produce."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from casestudies.models import CaseStudy
from iomkb.extraction import load_extraction
from iomkb.fixturegen import fixture_files
from iomkb.models import SourceDocument, Verification
from sections.models import LegalFramework, Section

SOURCE_DIR = Path(settings.SOURCE_DIR)
SOURCE = SOURCE_DIR / "iom-global-migration-governance.txt"
EXTRACTION = SOURCE_DIR / "extraction.toml"
FIXTURES = Path(settings.FIXTURE_DIRS[0])


@pytest.fixture(scope="module")
def extraction():
    return load_extraction(SOURCE, EXTRACTION)


def test_committed_fixtures_match_what_the_source_produces(tmp_path):
    call_command("build_fixtures", output=tmp_path, stdout=open("/dev/null", "w"))
    for name in fixture_files():
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), (
            f"fixtures/{name} is stale: run `make fixtures` and commit the result"
        )


def test_building_twice_gives_byte_identical_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    call_command("build_fixtures", output=first, stdout=open("/dev/null", "w"))
    call_command("build_fixtures", output=second, stdout=open("/dev/null", "w"))
    for name in fixture_files():
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_every_non_blank_line_belongs_to_exactly_one_part(extraction):
    document = extraction.document
    owners = {}

    def claim(line, owner):
        owners.setdefault(line, []).append(owner)

    claim(document.title_line, "title")
    if document.disclaimer_line:
        claim(document.disclaimer_line, "disclaimer")
    for block in document.intro:
        for line in range(block.start_line, block.end_line + 1):
            claim(line, "intro")
    for plan in extraction.items:
        if plan.model == "sections.section":
            for line in range(plan.start_line, plan.end_line + 1):
                claim(line, plan.slug)

    non_blank = [n for n, text in enumerate(document.lines, start=1) if text.strip()]
    assert non_blank, "the source has text"
    for line in non_blank:
        assert len(owners.get(line, [])) == 1, f"line {line} belongs to {owners.get(line)}"
    assert set(owners) == set(non_blank)


def test_excerpt_items_lie_inside_one_section_and_are_verbatim(extraction):
    document = extraction.document
    sections = [p for p in extraction.items if p.model == "sections.section"]
    excerpts = [p for p in extraction.items if p.model != "sections.section"]
    assert len(excerpts) == 7
    for plan in excerpts:
        containing = [
            s for s in sections if s.start_line <= plan.start_line <= plan.end_line <= s.end_line
        ]
        assert len(containing) == 1, plan.slug
        span_text = "\n".join(document.lines[plan.start_line - 1 : plan.end_line])
        assert plan.body in span_text.replace("\n", "\n\n") or plan.body in span_text


def test_section_bodies_are_verbatim_source_text(extraction):
    document = extraction.document
    for plan in extraction.items:
        if plan.model != "sections.section":
            continue
        for paragraph in plan.body.split("\n\n"):
            for line in paragraph.split("\n"):
                text = line.removeprefix("- ")
                assert text in document.line_text(plan.start_line, plan.end_line)


def test_fixtures_load_the_whole_demo(demo):
    assert Section.objects.count() == 16
    assert CaseStudy.objects.count() == 3
    assert LegalFramework.objects.count() == 4
    assert Section.objects.published().count() == 16
    document = SourceDocument.objects.get()
    assert document.text == SOURCE.read_text(encoding="utf-8")
    assert document.disclaimer.startswith("This content was assembled by AI.")


def test_fixtures_use_natural_keys_not_primary_keys():
    for name in fixture_files():
        for obj in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            assert "pk" not in obj, f"{name}: {obj['model']} has a primary key"


def test_fact_check_findings_are_recorded(demo):
    constitution = LegalFramework.objects.get(slug="iom-constitution")
    assert constitution.verification == Verification.DISPUTED
    assert constitution.year_adopted == 1953
    assert "19 October 1953" in constitution.verification_note
    assert constitution.citations.filter(url__contains="iom.int").exists()
    compact = LegalFramework.objects.get(slug="global-compact-for-migration")
    assert compact.verification == Verification.VERIFIED
    assert (compact.binding, compact.year_adopted) == ("no", 2018)
    libya = CaseStudy.objects.get(slug="libya-alternatives-to-detention")
    assert libya.year is None, "the source gives no year for Libya"
    haiyan = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    assert (haiyan.year, haiyan.region.slug) == (2013, "asia-pacific")
    assert list(haiyan.countries.values_list("name", flat=True)) == ["Philippines"]


def test_imported_items_without_a_fact_check_start_unverified(demo):
    unverified = Section.objects.filter(verification=Verification.UNVERIFIED)
    assert unverified.count() == 15
    assert Section.objects.get(slug__startswith="legal-frameworks-governing").verification == (
        Verification.DISPUTED
    )


def test_case_studies_point_to_their_source_lines(demo):
    haiyan = CaseStudy.objects.get(slug="typhoon-haiyan-philippines")
    assert (haiyan.source_start_line, haiyan.source_end_line) == (42, 42)
    assert haiyan.body == SOURCE.read_text(encoding="utf-8").splitlines()[41]
    assert haiyan.section.title == "Case Studies Demonstrating Effective Humanitarian Interventions"


def test_natural_keys_round_trip(demo):
    section = Section.objects.get(order=10)
    assert section.natural_key() == (section.slug,)
    assert Section.objects.get_by_natural_key(section.slug) == section
    haiyan = CaseStudy.objects.get_by_natural_key("typhoon-haiyan-philippines")
    assert haiyan.region.natural_key() == ("asia-pacific",)
