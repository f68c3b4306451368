"""A detail page reads its related published cards in the item's own query, prepared once per
process (iomkb/models/prepared.py): the same items, in the same order, as `published()` gives
at the time of each request."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from casestudies.models import Region
from iomkb.models import Status, Verification
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db


def titles(items):
    return [item.title for item in items]


def test_cards_are_what_published_gives_at_the_time_of_each_request(client):
    now = timezone.now()
    section = make_section(title="Host")
    make_case_study(title="Always", section=section)
    make_case_study(title="Expired", section=section, expires_at=now - timedelta(minutes=1))
    make_case_study(title="Expiring", section=section, expires_at=now + timedelta(hours=1))
    make_case_study(title="Scheduled", section=section, published_at=now + timedelta(hours=1))
    make_case_study(title="Draft", section=section, status=Status.DRAFT)
    make_section(
        title="Next later", slug="next-later", order=1, published_at=now + timedelta(hours=1)
    )

    for when in (now, now + timedelta(hours=2)):
        with mock.patch("django.utils.timezone.now", return_value=when):
            response = client.get(section.get_absolute_url())
            expected = titles(section.case_studies.published())
        assert titles(response.context["case_studies"]) == expected
    assert expected == ["Always", "Scheduled"]  # two hours later
    assert response.context["next_section"].title == "Next later"


def test_cards_carry_what_their_template_reads_without_further_queries(
    client, django_assert_num_queries
):
    region = Region.objects.create(name="East Africa", slug="east-africa")
    framework = make_framework(title="Framework", year_adopted=1990)
    make_case_study(title="B case", year=2015, region=region, summary="Short.").frameworks.add(
        framework
    )
    make_case_study(title="A case", verification=Verification.DISPUTED).frameworks.add(framework)

    response = client.get(framework.get_absolute_url())
    first, second = response.context["case_studies"]
    with django_assert_num_queries(0):
        assert (first.title, first.region_id, first.year) == ("A case", None, None)
        assert first.get_verification_display() == "Disputed"
        assert (second.region.name, second.year, second.summary) == ("East Africa", 2015, "Short.")
        assert second.get_absolute_url() == "/case-studies/b-case/"
    # No card shows a date: they are left out of the JSON (reading one would be a query).
    assert {"published_at", "updated_at", "body"} <= second.get_deferred_fields()
    assert "East Africa · 2015 ·" in response.content.decode()


def test_staff_see_a_draft_with_its_published_cards_only(staff_client):
    section = make_section(title="Draft host", status=Status.DRAFT)
    make_case_study(title="Public case", section=section)
    make_case_study(title="Draft case", section=section, status=Status.DRAFT)
    response = staff_client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert titles(response.context["case_studies"]) == ["Public case"]
    assert response.context["edit_url"].endswith(f"/{section.pk}/change/")
