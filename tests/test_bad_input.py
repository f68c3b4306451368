"""Bad query strings get a clear message and a normal page, never a 500."""

import pytest

from casestudies.models import CaseStudy
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "/case-studies/": "<h1>Case studies</h1>",
    "/legal-frameworks/": "<h1>Legal frameworks</h1>",
    "/sections/": "<h1>Sections</h1>",
    "/themes/humanitarian-response/": "<h1>Humanitarian response</h1>",
    "/source/": "<h1>Source text</h1>",
}

BAD_QUERY_STRINGS = [
    "year_min=abc",
    "year_max=-5",
    "year_min=1e3",
    "year_min=99999999999999999999999",
    "year_min=2020&year_max=1990",
    "region=atlantis",
    "country=nowhere",
    "theme=no-such-theme",
    "intervention=",
    "verification=maybe",
    "order=-password",
    "order=title,,year",
    "kind=spaceship",
    "binding=perhaps",
    "page=0",
    "page=-1",
    "page=99999",
    "page=abc",
    "page=1.5",
    "page=",
    "page=" + "9" * 5000,
    "page=last",
    "region=" + "x" * 5000,
    "year_min=" + "1" * 5000,
    "order=" + "-title," * 800,
    "kind=" + "k" * 5000,
    "lines=" + "1-" * 2500,
    "region=europe&region=atlantis&region=",
    "page=1&page=abc&page=-3",
    "year_min=2000&year_min=abc",
    "region=%00",
    "page=%00",
    "theme=%ff%fe",
    "%ff=%ff",
    "region[]=europe",
    "unknown=parameter",
]


@pytest.mark.parametrize("query_string", BAD_QUERY_STRINGS)
@pytest.mark.parametrize("path", list(LIST_PAGES))
def test_bad_query_string_gives_a_normal_page(client, demo, path, query_string):
    response = client.get(f"{path}?{query_string}")
    assert response.status_code == 200
    content = response.content.decode()
    assert LIST_PAGES[path] in content
    assert 'id="main-content"' in content
    # Bad input is never echoed back whole: at most a short, escaped excerpt.
    assert "x" * 200 not in content and "1" * 200 not in content
    assert "\x00" not in content


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("page=abc", "“abc” is not a page number. Showing page 1."),
        ("page=0", "Page numbers start at 1. Showing page 1."),
        ("page=-1", "Page numbers start at 1. Showing page 1."),
        ("page=99999", "There is no page 99999; there is 1 page. Showing page 1."),
        ("year_min=abc", "From year: Enter a whole number. This filter was ignored."),
        ("year_max=123456", "To year: Ensure this value is less than or equal to 9999."),
        ("region=atlantis", "Region: Select a valid choice."),
        ("verification=maybe", "Verification: Select a valid choice."),
        (
            "region=" + "x" * 5000,
            "Region: “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” is not a valid",
        ),
        ("region=%00", "Region: “\ufffd” is not a valid value."),
    ],
)
def test_case_study_list_explains_what_it_ignored(client, demo, query_string, message):
    response = client.get(f"/case-studies/?{query_string}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "message--warning" in response.content.decode()


def test_valid_filters_still_apply_when_another_is_ignored(client, demo):
    response = client.get("/case-studies/?region=europe&year_min=abc&theme=nope")
    titles = [case.title for case in response.context["object_list"]]
    assert titles == ["Response to the 2015 migration crisis in Europe"]
    assert response.context["query_string"] == "region=europe"


def test_repeated_key_uses_the_last_value(client, demo):
    response = client.get("/case-studies/?region=atlantis&region=asia-pacific")
    assert [case.slug for case in response.context["object_list"]] == ["typhoon-haiyan-philippines"]
    assert "message--warning" not in response.content.decode()


@pytest.mark.parametrize(
    ("page", "shown", "message"),
    [
        ("99999", 3, "There is no page 99999; there are 3 pages. Showing page 3."),
        ("last", 3, None),
        ("-1", 1, "Page numbers start at 1."),
        ("two", 1, "“two” is not a page number."),
        ("2", 2, None),
    ],
)
def test_out_of_range_page_falls_back_to_a_real_page(client, db, page, shown, message):
    for number in range(45):
        make_case_study(title=f"Case {number:02}")
    response = client.get("/case-studies/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    content = response.content.decode()
    if message:
        assert message in content
    else:
        assert "message--warning" not in content
    assert CaseStudy.objects.count() == 45


def test_pagination_links_keep_valid_filters_and_drop_bad_ones(client, db):
    for number in range(25):
        make_case_study(title=f"Case {number:02}", year=2015)
    response = client.get("/case-studies/?year_min=2010&region=atlantis&order=-title")
    content = response.content.decode()
    assert 'href="?year_min=2010&amp;order=-title&amp;page=2"' in content
    assert "atlantis" not in content.split('aria-label="Pagination"')[1]
