"""The detail page's parts beside the text: "On this page" from the body's headings, the dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from iomkb.models import Verification
from tests.factories import make_case_study, make_section, with_evidence

pytestmark = pytest.mark.django_db


def headed(*titles):
    return "\n\n".join(f"## {title}\n\nSome text under it." for title in titles)


def test_a_long_body_gets_on_this_page_linking_to_its_headings(client):
    section = make_section(title="Long", body=headed("Origins", "Law *&* 1 < 2", "Origins"))
    content = client.get(section.get_absolute_url()).content.decode()
    assert 'aria-labelledby="on-this-page-heading"' in content
    for anchor, text, heading in [
        ("part-origins", "Origins", "Origins"),
        ("part-law-1-2", "Law &amp; 1 &lt; 2", "Law <em>&amp;</em> 1 &lt; 2"),
        ("part-origins-2", "Origins", "Origins"),
    ]:
        assert f'<a href="#{anchor}">{text}</a>' in content  # plain text, escaped once
        assert f'<h2 id="{anchor}">{heading}</h2>' in content


def test_a_short_body_has_no_on_this_page(client):
    section = make_section(title="Short", body=headed("Only", "Two"))
    content = client.get(section.get_absolute_url()).content.decode()
    assert "On this page" not in content
    assert '<h2 id="part-only">Only</h2>' in content  # still a link target


def test_dates_say_published_updated_and_verified(client, django_user_model):
    reviewer = django_user_model.objects.create(username="rita", first_name="Rita")
    case = with_evidence(make_case_study(title="Checked"))
    case.verification = Verification.VERIFIED
    case.verified_by = reviewer
    case.verified_at = timezone.now() - timedelta(days=3)
    case.save()
    response = client.get(case.get_absolute_url())
    dates = response.content.decode().split('class="item-dates"')[1].split("</p>")[0]
    assert "Published <time" in dates and "Last updated <time" in dates
    assert f'Verified <time datetime="{case.verified_at.isoformat()}"' in dates
    assert "Verified by Rita on" in response.content.decode()


def test_an_unverified_item_shows_no_verified_date(client):
    case = make_case_study(title="Unchecked")
    dates = client.get(case.get_absolute_url()).content.decode().split('class="item-dates"')[1]
    assert "Verified <time" not in dates.split("</p>")[0]
