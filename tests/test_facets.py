"""Faceted lists: each filter choice says how many items it gives, and that is what it gives;
every list sorts, and a bad sort is a notice, never an error."""

import re

import pytest

from casestudies.models import Country, Intervention, Region
from iomkb.models import Status, Theme, Verification
from tests.factories import make_case_study, make_framework, make_section, with_evidence

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>')


def options_with_counts(response, name):
    """{value: count} of the <select name=…> options, as the page shows them."""
    html = response.content.decode()
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {value: int(count) for value, count in OPTION.findall(select)}


@pytest.fixture
def catalogue(db):
    asia = Region.objects.create(name="Asia", slug="asia")
    europe = Region.objects.create(name="Europe", slug="europe")
    philippines = Country.objects.create(name="Philippines", slug="philippines", region=asia)
    italy = Country.objects.create(name="Italy", slug="italy", region=europe)
    relief = Theme.objects.create(name="Relief", slug="relief")
    law = Theme.objects.create(name="Law", slug="law")
    shelter = Intervention.objects.create(name="Shelter", slug="shelter")
    rows = [  # region, countries, themes, year, verified
        (asia, [philippines], [relief], 2013, True),
        (asia, [philippines, italy], [relief, law], 2015, False),
        (europe, [italy], [law], 2015, False),
        (europe, [italy], [relief], 2019, True),
        (None, [], [], None, False),
    ]
    for number, (region, countries, themes, year, verified) in enumerate(rows):
        case = make_case_study(title=f"Case {number}", region=region, year=year)
        case.countries.add(*countries)
        case.themes.add(*themes)
        if number < 2:
            case.interventions.add(shelter)
        if verified:
            with_evidence(case)
            case.verification = Verification.VERIFIED
            case.save()
        framework = make_framework(
            title=f"Framework {number}", kind="convention" if number % 2 else "constitution",
            binding="yes" if number < 3 else "no", year_adopted=year,
        )  # fmt: skip
        framework.themes.add(*themes)
        section = make_section(title=f"Section {number}", order=number)
        section.themes.add(*themes)
    make_case_study(title="Hidden draft", region=asia, status=Status.DRAFT).themes.add(relief)


FACETED = [
    ("/case-studies/", "", ["region", "country", "theme", "intervention", "verification"]),
    ("/case-studies/", "theme=relief&year_min=2014", ["region", "country", "verification"]),
    ("/case-studies/", "region=europe&verification=verified", ["country", "theme"]),
    ("/legal-frameworks/", "", ["kind", "binding", "theme", "verification"]),
    ("/legal-frameworks/", "binding=yes&order=-year", ["kind", "theme"]),
    ("/sections/", "", ["theme", "verification"]),
    ("/sections/", "theme=law", ["verification"]),
]


@pytest.mark.parametrize("path, query, facets", FACETED)
def test_each_choice_count_equals_the_list_it_gives(client, catalogue, path, query, facets):
    page = client.get(f"{path}?{query}")
    assert not page.context["notices"]
    for name in facets:
        shown = options_with_counts(page, name)
        assert shown, name
        for value, count in shown.items():
            others = re.sub(rf"(^|&){name}=[^&]*", "", query).strip("&")
            chosen = client.get(f"{path}?{others}&{name}={value}")
            assert not chosen.context["notices"]
            assert chosen.context["paginator"].count == count, (name, value)


def test_counts_follow_the_other_filters_and_leave_out_drafts(client, catalogue):
    page = client.get("/case-studies/")
    assert options_with_counts(page, "region") == {"asia": 2, "europe": 2}
    assert options_with_counts(page, "country") == {"italy": 3, "philippines": 2}
    assert options_with_counts(page, "theme") == {"law": 2, "relief": 3}
    assert options_with_counts(page, "verification") == {
        "unverified": 3,
        "verified": 2,
        "disputed": 0,
    }
    narrowed = client.get("/case-studies/?theme=law&region=asia")
    assert options_with_counts(narrowed, "region") == {"asia": 1, "europe": 1}
    assert options_with_counts(narrowed, "theme") == {"law": 1, "relief": 2}
    assert narrowed.context["paginator"].count == 1


def test_counts_are_cached_per_content_version(client, catalogue, django_assert_num_queries):
    client.get("/legal-frameworks/?binding=yes")
    with django_assert_num_queries(2):  # page, themes: the counts come from the cache
        page = client.get("/legal-frameworks/?binding=yes")
    kinds = options_with_counts(page, "kind")
    assert (kinds["constitution"], kinds["convention"], kinds["compact"]) == (2, 1, 0)
    make_framework(title="New one", kind="convention", binding="yes")
    kinds = options_with_counts(client.get("/legal-frameworks/?binding=yes"), "kind")
    assert (kinds["constitution"], kinds["convention"]) == (2, 2)


def test_spellings_of_one_filter_share_the_cached_counts(
    client, catalogue, django_assert_num_queries
):
    client.get("/legal-frameworks/?binding=yes&year_min=1950&order=-title")
    # Another spelling of the year, another sort: the count and the facets are the same answer.
    with django_assert_num_queries(2):  # page, themes
        client.get("/legal-frameworks/?year_min=+01950&binding=yes")


@pytest.mark.parametrize(
    "path, order, first",
    [
        ("/sections/", "", "Section 0"),
        ("/sections/", "-title", "Section 4"),
        ("/case-studies/", "-year", "Case 3"),
        ("/case-studies/", "year", "Case 0"),
        ("/legal-frameworks/", "-year", "Framework 3"),
        ("/legal-frameworks/", "-title", "Framework 4"),
    ],
)
def test_every_list_sorts(client, catalogue, path, order, first):
    page = client.get(f"{path}?order={order}")
    assert not page.context["notices"]
    assert page.context["object_list"][0].title == first
    assert 'name="order"' in page.content.decode()


@pytest.mark.parametrize("path", ["/sections/", "/case-studies/", "/legal-frameworks/"])
@pytest.mark.parametrize("order", ["password", "-body", "title,,year", "year;drop"])
def test_a_bad_sort_is_a_notice_and_the_default_order(client, catalogue, path, order):
    page = client.get(path, {"order": order})
    assert page.status_code == 200
    assert any(n.startswith("Sort by:") for n in page.context["notices"])
    default = client.get(path).context["object_list"]
    assert list(page.context["object_list"]) == list(default)
