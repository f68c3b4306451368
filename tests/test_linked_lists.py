"""A list page's cards read their themes and countries in one query for the whole page
(iomkb/models/linked.py, attach_linked_lists)."""

import pytest

from casestudies.models import CaseStudy, Country, Region
from iomkb.models import Theme
from iomkb.models.linked import attach_linked_lists
from sections.models import LegalFramework

from .factories import make_case_study, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    # Made out of name order: the lists must come out in the terms' own order (by name).
    themes = [Theme.objects.create(name=name, slug=name.lower()) for name in ("Zeta", "Alpha")]
    countries = [
        Country.objects.create(name=name, slug=name.lower(), iso_code=code)
        for name, code in (("Yemen", "YE"), ("Chad", "TD"), ("Mali", "ML"))
    ]
    return themes, countries


def test_each_item_gets_its_own_terms_in_their_order(terms, django_assert_num_queries):
    (zeta, alpha), (yemen, chad, mali) = terms
    first = make_case_study(title="First")
    first.themes.add(zeta, alpha)
    first.countries.add(yemen, chad)
    second = make_case_study(title="Second")
    second.countries.add(mali)
    items = list(CaseStudy.objects.order_by("title"))
    with django_assert_num_queries(1):
        attach_linked_lists(items, theme_list="themes", country_list="countries")
    assert [[theme.name for theme in item.theme_list] for item in items] == [
        ["Alpha", "Zeta"],
        [],
    ]
    assert [[country.name for country in item.country_list] for item in items] == [
        ["Chad", "Yemen"],
        ["Mali"],
    ]
    with django_assert_num_queries(0):  # whole instances, nothing deferred
        assert items[0].theme_list[0] == alpha
        assert items[0].country_list[0].iso_code == "TD"
        assert items[0].country_list[0].region_id is None


def test_a_term_shared_by_items_is_one_instance(terms):
    (zeta, _alpha), _countries = terms
    for title in ("One", "Two"):
        make_framework(title=title).themes.add(zeta)
    one, two = attach_linked_lists(list(LegalFramework.objects.all()), theme_list="themes")
    assert one.theme_list == two.theme_list == [zeta]
    assert one.theme_list[0] is two.theme_list[0]


def test_an_item_listed_twice_gets_its_lists_both_times(terms):
    (zeta, alpha), _countries = terms
    make_framework().themes.add(zeta, alpha)
    twice = list(LegalFramework.objects.filter(themes__in=[zeta, alpha]))
    assert len(twice) == 2
    attach_linked_lists(twice, theme_list="themes")
    assert twice[0].theme_list == twice[1].theme_list == [alpha, zeta]


def test_no_items_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert attach_linked_lists([], theme_list="themes") == []


def test_list_cards_show_themes_and_countries_on_a_sorted_later_page(client, terms):
    (zeta, alpha), (yemen, chad, _mali) = terms
    region = Region.objects.create(name="Somewhere", slug="somewhere")
    for number in range(25):
        case = make_case_study(title=f"Case {number:02}", year=2000 + number, region=region)
        if number == 0:
            case.themes.add(zeta, alpha)
            case.countries.add(yemen, chad)
    # Newest year first: case 00 is the last of 25, on page 2.
    response = client.get("/case-studies/", {"order": "-year", "page": 2})
    case = response.context["object_list"][-1]
    assert case.title == "Case 00"
    assert [theme.name for theme in case.theme_list] == ["Alpha", "Zeta"]
    content = response.content.decode()
    assert "Somewhere (Chad, Yemen)" in content
    assert '<span class="tag tag--plain">Alpha</span><span class="tag tag--plain">Zeta</span>' in (
        content
    )


def _lists(items):
    return [
        ([theme.name for theme in item.theme_list], [c.name for c in item.country_list])
        for item in items
    ]


def test_terms_from_memory_are_what_the_query_gives(terms, django_assert_num_queries):
    from iomkb.site.cache import content_version_scope
    from iomkb.terms import attach_public_terms

    (zeta, alpha), (yemen, chad, mali) = terms
    europe = Region.objects.create(name="Europe", slug="europe")
    first = make_case_study(title="First", region=europe)
    first.themes.add(zeta, alpha)
    first.countries.add(yemen, chad)
    second = make_case_study(title="Second")
    second.countries.add(mali)
    expected = _lists(
        attach_linked_lists(
            list(CaseStudy.objects.order_by("title")), theme_list="themes", country_list="countries"
        )
    )
    with content_version_scope():
        items = list(CaseStudy.objects.order_by("title"))
        attach_public_terms(items, ("region",), theme_list="themes", country_list="countries")
        assert _lists(items) == expected == [(["Alpha", "Zeta"], ["Chad", "Yemen"]), ([], ["Mali"])]
        items = list(CaseStudy.objects.order_by("title"))
        with django_assert_num_queries(1):  # the memory is filled: only the link ids
            attach_public_terms(items, ("region",), theme_list="themes", country_list="countries")
            assert items[0].region.name == "Europe" and items[1].region is None
    assert _lists(items) == expected


def test_a_term_missing_from_memory_is_read_from_the_database(terms, monkeypatch):
    from iomkb import terms as terms_module

    (zeta, alpha), _ = terms
    europe = Region.objects.create(name="Europe", slug="europe")
    make_case_study(title="First", region=europe).themes.add(zeta, alpha)
    monkeypatch.setattr(terms_module, "public_terms_by_id", lambda model: {})  # changed since
    (item,) = terms_module.attach_public_terms(
        list(CaseStudy.objects.all()), ("region",), theme_list="themes", country_list="countries"
    )
    assert [theme.name for theme in item.theme_list] == ["Alpha", "Zeta"]
    assert item.region.name == "Europe"  # read when asked for, as without select_related
