"""A framework's page shows its first case studies and links to the case-study list filtered
by it (`?framework=<slug>`), which the API's list takes too."""

import pytest

from iomkb.models import Status
from sections.views import FrameworkDetailView

from .factories import make_case_study, make_framework

pytestmark = pytest.mark.django_db

SHOWN = FrameworkDetailView.case_studies_shown


@pytest.fixture
def cited():
    """A framework cited by SHOWN + 5 published case studies, one draft and one that cites
    another framework."""
    framework = make_framework(title="Big Convention", slug="big-convention")
    other = make_framework(title="Other Compact", slug="other-compact")
    for number in range(SHOWN + 5):
        make_case_study(title=f"Case {number:03}", slug=f"case-{number}").frameworks.add(framework)
    make_case_study(title="Draft case", slug="draft-case", status=Status.DRAFT).frameworks.add(
        framework
    )
    make_case_study(title="Elsewhere", slug="elsewhere").frameworks.add(other)
    return framework


def test_framework_page_shows_the_first_case_studies_and_links_to_all(client, cited):
    content = client.get(cited.get_absolute_url()).content.decode()
    assert content.count('class="item-card"') == SHOWN
    assert "Case 000" in content and f"Case {SHOWN - 1:03}" in content
    assert f"Case {SHOWN:03}" not in content
    assert "Draft case" not in content
    assert (
        f'<a href="/case-studies/?framework=big-convention">All {SHOWN + 5} case studies →</a>'
        in content
    )


def test_framework_page_without_more_case_studies_has_no_link(client):
    framework = make_framework(title="Small", slug="small")
    make_case_study(title="Only one", slug="only-one").frameworks.add(framework)
    content = client.get(framework.get_absolute_url()).content.decode()
    assert content.count('class="item-card"') == 1
    assert "?framework=" not in content


def test_case_study_list_filtered_by_framework_lists_its_published_case_studies(client, cited):
    response = client.get("/case-studies/?framework=big-convention")
    assert response.status_code == 200
    assert response.context["paginator"].count == SHOWN + 5
    titles = {item.title for item in response.context["paginator"].object_list}
    assert "Draft case" not in titles and "Elsewhere" not in titles
    content = response.content.decode()
    # The filter is kept when the form is submitted again, and is not a visible field.
    assert '<input type="hidden" name="framework" value="big-convention"' in content
    assert '<label for="id_framework">' not in content
    assert f"{SHOWN + 5} case studies, filtered." in content
    # It combines with the other filters.
    both = client.get("/case-studies/?framework=big-convention&order=-title")
    assert both.context["paginator"].object_list[0].title == f"Case {SHOWN + 4:03}"


def test_unpublished_or_unknown_framework_matches_nothing(client, cited):
    cited.status = Status.DRAFT
    cited.save()
    for slug in ("big-convention", "no-such-framework"):
        response = client.get(f"/case-studies/?framework={slug}")
        assert response.status_code == 200
        assert response.context["paginator"].count == 0


@pytest.mark.parametrize("slug", ["not a slug!", "a" * 101])
def test_a_malformed_framework_slug_is_ignored_with_a_notice(client, cited, slug):
    response = client.get(f"/case-studies/?framework={slug}")
    assert response.status_code == 200
    assert response.context["paginator"].count == SHOWN + 6  # every published case study
    assert "Legal framework: " in response.content.decode()
    assert 'name="framework"' not in response.content.decode()


def test_the_api_list_takes_the_framework_filter_too(client, cited):
    data = client.get("/api/v1/case-studies/?framework=big-convention&page_size=100").json()
    assert data["count"] == SHOWN + 5
    assert {item["slug"] for item in data["results"]} == {f"case-{n}" for n in range(SHOWN + 5)}
