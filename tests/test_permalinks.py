"""Permanent links to published versions: the old text after an edit, never a draft."""

import re
from datetime import timedelta

import pytest
import reversion
from django.utils import timezone
from reversion.models import Revision, Version

from iomkb.citing import version_url
from iomkb.editorial.drafts import publish_draft, save_draft
from iomkb.editorial.review import approve, submit
from iomkb.models import Status, Theme
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


def saved(item, **changes):
    """Save `item` with `changes` as one revision, as the admin does; returns its revision id."""
    for name, value in changes.items():
        setattr(item, name, value)
    with reversion.create_revision():
        item.save()
    return Version.objects.get_for_object(item).first().revision_id


def first_revision(item):
    with reversion.create_revision():
        reversion.add_to_revision(item)
    return Version.objects.get_for_object(item).first().revision_id


def permalink_on(response):
    return re.search(r'class="cite__link" href="([^"]+)"', response.content.decode())[1]


def test_the_detail_page_links_the_version_it_shows_and_it_keeps_the_old_text(
    client, editor, reviewer
):
    live = make_section(title="Live title", body="Old words.")
    old = first_revision(live)
    page = client.get(live.get_absolute_url())
    link = permalink_on(page)
    assert link == f"http://testserver/sections/live-title/v/{old}/"

    save_draft(live, {"body": "New words."}, editor)
    publish_draft(live, reviewer)
    save_draft(live, {"body": "Words nobody approved."}, editor)  # a pending draft

    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Old words." in html and "New words." not in html
    assert "Words nobody approved." not in html
    assert "You are reading the version of" in html
    assert 'href="/sections/live-title/">the current version is here</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/sections/live-title/">' in html

    current = permalink_on(client.get(live.get_absolute_url()))
    assert current != link
    response = client.get(current)
    assert "New words." in response.content.decode()
    assert "It is still the current version" in response.content.decode()
    assert "Words nobody approved." not in response.content.decode()


def test_a_revision_that_was_never_public_is_404(client, editor, reviewer):
    item = make_section(title="New", status=Status.DRAFT, published_at=None)
    draft_revision = first_revision(item)
    submit(item, editor)
    approve(item, reviewer)
    item.refresh_from_db()
    published = Version.objects.get_for_object(item).first().revision_id
    assert client.get(version_url(item, draft_revision)).status_code == 404
    assert client.get(version_url(item, published)).status_code == 200


def test_a_schedule_replaced_before_it_came_is_404_and_one_that_came_is_public(client):
    soon = timezone.now() + timedelta(days=1)
    item = make_section(title="Planned", body="Planned words.", published_at=soon)
    never_shown = first_revision(item)
    shown = saved(item, body="Words that went live.", published_at=timezone.now())
    assert client.get(version_url(item, never_shown)).status_code == 404
    assert client.get(version_url(item, shown)).status_code == 200
    # Public for an hour from its schedule, then edited: that hour counts.
    earlier = make_section(title="Earlier", published_at=timezone.now() - timedelta(hours=2))
    went_live = first_revision(earlier)
    Revision.objects.filter(pk=went_live).update(date_created=timezone.now() - timedelta(hours=3))
    saved(earlier, body="Later words.")
    assert client.get(version_url(earlier, went_live)).status_code == 200


def test_a_version_of_an_unpublished_or_expired_item_is_404(client):
    item = make_section(title="Gone")
    revision = first_revision(item)
    assert client.get(version_url(item, revision)).status_code == 200
    Version.objects.filter(revision_id=revision).delete()  # keep the check to the item alone
    revision = saved(item, status=Status.DRAFT)
    assert client.get(version_url(item, revision)).status_code == 404
    expired = make_section(title="Expired")
    revision = first_revision(expired)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert client.get(version_url(expired, revision)).status_code == 404


def test_a_version_that_expired_before_the_next_edit_was_still_public_until_then(client):
    item = make_section(title="Lapsed", expires_at=timezone.now() + timedelta(minutes=30))
    lapsed = first_revision(item)
    Revision.objects.filter(pk=lapsed).update(date_created=timezone.now() - timedelta(hours=1))
    saved(item, expires_at=None)
    assert client.get(version_url(item, lapsed)).status_code == 200
    gone = make_section(title="Lapsed early", expires_at=timezone.now() - timedelta(minutes=30))
    never = first_revision(gone)  # saved after its expiry: never public in that state
    saved(gone, expires_at=None)
    assert client.get(version_url(gone, never)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sections/mine/v/{other}/",  # another item's revision
        "/sections/mine/v/{theme}/",  # another model's revision
        "/case-studies/mine/v/{mine}/",  # the same slug under another type
        "/sections/mine/v/{unknown}/",
        "/sections/mine/v/0/",
        "/sections/mine/v/-1/",
        "/sections/mine/v/abc/",
        "/sections/mine/v/1e3/",
        "/sections/mine/v/%20{mine}/",
        "/sections/mine/v/2147483648/",
        "/sections/mine/v/99999999999999999999999999999999/",
        "/sections/mine/v/{mine}/cite.pdf",
        "/sections/mine/v/{mine}/cite.",
        "/sections/nobody/v/{mine}/",
    ],
)
def test_hostile_or_foreign_revision_ids_are_404(client, path):
    mine = make_section(title="Mine")
    other = make_section(title="Other")
    make_case_study(title="Mine", slug="mine-case")
    ids = {"mine": first_revision(mine), "other": first_revision(other)}
    with reversion.create_revision():
        Theme.objects.create(name="T", slug="t")
    ids["theme"] = Revision.objects.order_by("-pk").first().pk
    ids["unknown"] = ids["theme"] + 100
    assert client.get(f"/sections/mine/v/{ids['mine']}/").status_code == 200
    response = client.get(path.format(**ids))
    assert response.status_code == 404
    assert b"Mine" not in response.content or b"Page not found" in response.content


def test_an_item_saved_outside_any_revision_cites_its_page_without_a_permalink(client):
    item = make_section(title="No history")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Cite this page" in html and "no stored version yet" in html
    assert "cite__link" not in html and "cite.ris" not in html
    first_revision(item)
    item.save()  # a save outside any revision (a shell): the revision is not what is shown
    html = client.get(item.get_absolute_url()).content.decode()
    assert "cite__link" not in html


def test_staff_viewing_a_draft_get_no_citation(staff_client):
    item = make_section(title="Hidden", status=Status.DRAFT, published_at=None)
    first_revision(item)
    html = staff_client.get(item.get_absolute_url()).content.decode()
    assert "Draft — not public" in html and "Cite this page" not in html


def test_a_version_shows_its_facts_and_links_as_stored(client):
    from casestudies.models import Country, Region
    from tests.factories import make_framework

    framework = make_framework(title="Compact", binding="no", year_adopted=2018)
    old = first_revision(framework)
    saved(framework, binding="yes", year_adopted=2019)
    html = client.get(version_url(framework, old)).content.decode()
    assert "<dt>Binding</dt><dd>Not legally binding</dd>" in html
    assert "<dt>Year adopted</dt><dd>2018</dd>" in html

    asia, europe = (
        Region.objects.create(name="Asia", slug="asia"),
        Region.objects.create(name="Europe", slug="europe"),
    )
    case = make_case_study(title="Case", region=asia)
    case.countries.add(Country.objects.create(name="Philippines", slug="ph"))
    case.themes.add(Theme.objects.create(name="Old theme", slug="old-theme"))
    old = first_revision(case)
    case.countries.set([Country.objects.create(name="Italy", slug="it")])
    case.themes.set([Theme.objects.create(name="New theme", slug="new-theme")])
    saved(case, region=europe)
    html = client.get(version_url(case, old)).content.decode()
    assert (
        "<dt>Region</dt><dd>Asia</dd>" in html and "<dt>Countries</dt><dd>Philippines</dd>" in html
    )
    assert "Old theme" in html and "New theme" not in html and "Italy" not in html


def test_a_version_whose_terms_or_verifier_were_deleted_since_still_reads(client, reviewer):
    from casestudies.models import Region
    from iomkb.models import Verification
    from tests.factories import with_evidence

    gone = Region.objects.create(name="Gone region", slug="gone")
    case = with_evidence(make_case_study(title="Case", region=gone))
    case.set_verification(Verification.VERIFIED, reviewer)
    old = saved(case)
    saved(case, region=None)
    case.set_verification(Verification.UNVERIFIED, None)
    saved(case)
    gone.delete()
    reviewer.delete()
    response = client.get(version_url(case, old))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dt>Region</dt><dd>Not recorded</dd>" in html and "Verified on" in html


def test_the_detail_page_reads_the_stored_json_of_the_latest_revision_only(client):
    """Every older revision's JSON was parsed on PostgreSQL (175 ms for 400 revisions of a
    100 kB body): an old revision the database cannot read as JSON shows it."""
    live = make_section(title="Live title", body="Old words.")
    old = first_revision(live)
    Version.objects.filter(revision_id=old).update(serialized_data="<not json/>")
    latest = saved(live, body="New words.")
    page = client.get(live.get_absolute_url())
    assert page.status_code == 200
    assert permalink_on(page).endswith(version_url(live, latest))
