"""The Atom feed, the sitemap and robots.txt: only what the public may see."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from casestudies.models import CaseStudy
from iomkb.models import Status
from sections.models import LegalFramework, Section
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_entries(client):
    response = client.get("/feeds/updates/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in root.iter(f"{ATOM}entry")
    ]


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


@pytest.fixture
def hidden_items(db):
    """A draft and a scheduled item of each type: none of them may appear anywhere public."""
    later = timezone.now() + timedelta(days=3)
    items = []
    for make, kind in [
        (make_section, "section"),
        (make_case_study, "case"),
        (make_framework, "lf"),
    ]:
        items.append(make(title=f"Draft {kind}", status=Status.DRAFT))
        items.append(make(title=f"Scheduled {kind}", published_at=later))
    return items


def test_feed_lists_recent_items_newest_change_first(client, db):
    now = timezone.now()

    def aged(item, published_days, updated_days):
        type(item).objects.filter(pk=item.pk).update(
            published_at=now - timedelta(days=published_days),
            updated_at=now - timedelta(days=updated_days),
        )

    aged(make_section(title="Old section"), published_days=30, updated_days=30)
    aged(make_framework(title="New framework"), published_days=2, updated_days=9)
    aged(make_case_study(title="Edited case"), published_days=60, updated_days=1)
    assert [title for title, _ in feed_entries(client)] == [
        "Edited case (case study)",
        "New framework (legal framework)",
        "Old section (section)",
    ]


def test_feed_links_to_each_item_page(client, db):
    case = make_case_study(title="Linked case")
    [(_, href)] = feed_entries(client)
    assert href == "http://testserver" + case.get_absolute_url()


def test_feed_and_sitemap_leave_out_drafts_and_scheduled_items(client, hidden_items):
    make_section(title="Public section")
    entries = feed_entries(client)
    assert [title for title, _ in entries] == ["Public section (section)"]
    urls = sitemap_urls(client)
    assert "http://testserver/sections/public-section/" in urls
    for item in hidden_items:
        assert "http://testserver" + item.get_absolute_url() not in urls


def test_feed_is_capped_at_twenty_entries(client, db):
    for number in range(25):
        make_section(title=f"Section {number}")
    assert len(feed_entries(client)) == 20


def test_sitemap_lists_every_public_page_of_the_demo(client, demo):
    urls = set(sitemap_urls(client))
    for path in ["/", "/sections/", "/case-studies/", "/legal-frameworks/", "/source/"]:
        assert "http://testserver" + path in urls
    for model in (Section, CaseStudy, LegalFramework):
        for item in model.objects.published():
            assert "http://testserver" + item.get_absolute_url() in urls
    assert "http://testserver/themes/international-law/" in urls


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_every_page_advertises_the_feed(client, demo):
    content = client.get("/sections/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in content
    assert 'href="/feeds/updates/"' in content


def test_feed_sends_summaries_as_text_so_markup_in_them_stays_text(client, db):
    summary = '</title><script>alert("x")</script> <b>bold</b> & more'
    make_section(title="Markup", summary=summary)
    root = ElementTree.fromstring(client.get("/feeds/updates/").content)
    entry = next(root.iter(f"{ATOM}entry"))
    element = entry.find(f"{ATOM}summary")
    assert element.get("type") == "text"
    assert element.text == f"{summary} Verification: Unverified."
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert not list(element)  # no child elements: nothing was parsed as markup
