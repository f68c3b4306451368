"""Suggested case studies and legal frameworks for a text without an extraction.toml."""

from pathlib import Path

import pytest

from iomkb.sourcetext import parse
from iomkb.suggestions import Gazetteer, suggest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "source" / "iom-global-migration-governance.txt"
SEED_GAZETTEER = Gazetteer(
    regions={
        "Europe": "europe",
        "Asia and the Pacific": "asia-pacific",
        "Middle East and North Africa": "middle-east-north-africa",
    },
    country_regions={"PH": "asia-pacific", "LY": "middle-east-north-africa"},
    country_slugs={"PH": "philippines"},
    interventions={"Legal aid": "legal-aid", "Psychosocial support": "psychosocial-support"},
)


@pytest.fixture(scope="module")
def seed_suggestions():
    return suggest(parse(SEED.read_bytes()), SEED_GAZETTEER)


def test_seed_case_studies_are_the_three_curated_paragraphs(seed_suggestions):
    operations = seed_suggestions["operations"]
    assert [entry["lines"] for entry in operations] == [[41, 41], [42, 42], [43, 43]]
    europe, haiyan, libya = operations
    assert (europe["title"], europe["year"], europe["region"]) == (
        "2015 migration crisis in Europe",
        2015,
        "europe",
    )
    assert europe["countries"] == []  # the text names no country
    assert haiyan["title"] == "Typhoon Haiyan, Philippines"
    assert haiyan["year"] is None  # the text gives no year; 2013 comes from elsewhere
    assert haiyan["countries"] == ["philippines"]  # the site's own country, by its slug
    assert haiyan["region"] == "asia-pacific"
    assert haiyan["interventions"] == ["psychosocial-support"]
    assert libya["region"] == "middle-east-north-africa"
    # A country the site lacks comes as a description to create it from.
    assert libya["countries"] == [{"slug": "libya", "name": "Libya", "iso_code": "LY"}]
    assert libya["interventions"] == ["legal-aid"]
    assert {entry["section"] for entry in operations} == {
        "Case Studies Demonstrating Effective Humanitarian Interventions"
    }
    assert all(entry["suggested"] for entry in operations)


def test_seed_frameworks_are_the_four_curated_instruments_and_nothing_else(seed_suggestions):
    found = {
        (entry["title"], entry["kind"], tuple(entry["lines"]))
        for entry in seed_suggestions["instruments"]
    }
    assert found == {
        ("Constitution of the IOM", "constitution", (14, 14)),
        ("Memoranda of understanding", "agreement", (15, 15)),
        ("International human rights and migration conventions", "convention", (15, 15)),
        ("Global Compact for Safe, Orderly and Regular Migration", "compact", (16, 16)),
    }
    constitution = seed_suggestions["instruments"][0]
    assert constitution["year_adopted"] == 1951  # what the text says (the curated item disputes it)
    text = SEED.read_text()
    for entry in seed_suggestions["instruments"]:
        assert entry["quote"] in text.splitlines()[entry["lines"][0] - 1]  # verbatim


def test_a_later_shorter_name_is_the_same_instrument(seed_suggestions):
    compact = next(e for e in seed_suggestions["instruments"] if e["kind"] == "compact")
    # Line 21 says "UN Global Compact for Migration": one suggestion, both sections.
    assert len(compact["sections"]) == 2


def test_another_organisations_text():
    doc = parse((Path(__file__).parent / "texts" / "refugee-agency-overview.txt").read_bytes())
    found = suggest(doc, Gazetteer(regions={"Europe": "europe"}))
    instruments = {entry["title"]: entry for entry in found["instruments"]}
    assert set(instruments) == {
        "1951 Refugee Convention",
        "1967 Protocol",
        "Statute of the Office of the UNHCR",
        "OAU Convention Governing the Specific Aspects of Refugee Problems in Africa",
        "Global Compact on Refugees",
        "Bilateral readmission agreements",
    }
    assert instruments["1951 Refugee Convention"]["year_adopted"] == 1951
    assert instruments["Statute of the Office of the UNHCR"]["year_adopted"] == 1950
    assert instruments["Global Compact on Refugees"]["binding"] == "no"
    assert instruments["Global Compact on Refugees"]["year_adopted"] == 2018
    operations = found["operations"]
    assert [entry["title"] for entry in operations] == [
        "Operation in Ukraine and Moldova, 2022",
        "2023 earthquake in Türkiye and Syria",
    ]
    assert [c["slug"] for c in operations[1]["countries"]] == ["turkiye", "syria"]
    # Offices in Geneva and New York name no country: not an operation.
    assert all(entry["lines"] != [11, 11] for entry in operations)


@pytest.mark.parametrize(
    "paragraph",
    [
        "These agreements facilitate coordination.",
        "It primarily includes international treaties and agreements.",
        "Responders need clear protocols for data sharing.",
        "The Convention, which many states signed, matters.",
    ],
)
def test_generic_or_bare_mentions_are_not_instruments(paragraph):
    doc = parse(f"Title\nHeading\n{paragraph}\n")
    assert suggest(doc, Gazetteer())["instruments"] == []


def test_a_paragraph_naming_a_country_outside_case_sections_needs_an_operation():
    doc = parse(
        "Title\nBackground\nThe agency was founded in Switzerland in 1951.\n"
        "For example, in 2019 the agency assisted returnees in Ethiopia.\n"
    )
    operations = suggest(doc, Gazetteer())["operations"]
    assert [entry["lines"] for entry in operations] == [[4, 4]]
    assert operations[0]["countries"] == [
        {"slug": "ethiopia", "name": "Ethiopia", "iso_code": "ET"}
    ]


def test_event_titles_drop_the_verb_and_years_come_from_the_sentence():
    doc = parse(
        "# Displacement in East Africa\n\n## Responses\n\n"
        "For example, in 2019 the agency supported families displaced by floods in Kenya.\n\n"
        "## Law\n\nThe African Union adopted the Kampala Convention in 2009. "
        "The Convention on the Rights of the Child (1989) also applies.\n"
    )
    found = suggest(doc, Gazetteer())
    assert [e["title"] for e in found["operations"]] == ["Floods in Kenya, 2019"]
    years = {e["title"]: e["year_adopted"] for e in found["instruments"]}
    assert years == {"Kampala Convention": 2009, "Convention on the Rights of the Child": 1989}
