"""What readers are told about an item: who verified it and when, and where its text came from."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from iomkb.models import SourceDocument, Status, Verification
from tests.editorial_helpers import make_reviewer
from tests.factories import make_case_study, make_framework, make_section, with_evidence

pytestmark = pytest.mark.django_db

WARNING = "This content was assembled by AI."
MAKERS = [make_section, make_case_study, make_framework]


@pytest.fixture
def document():
    return SourceDocument.objects.create(
        slug="article",
        title="The article",
        filename="article.txt",
        sha256="0" * 64,
        text="Title\nOld line one.\nOld line two.\n",
        disclaimer=f"{WARNING} Cross-verify all data points with official authorities.",
    )


def imported(document, maker=make_section, body="Old line one.", **fields):
    return maker(
        body=body, source=document, source_body="Old line one.", source_start_line=2,
        source_end_line=2, **fields,
    )  # fmt: skip


def page(client, item):
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("maker", MAKERS)
def test_detail_shows_who_verified_and_when(client, maker):
    reviewer = make_reviewer()
    reviewer.first_name, reviewer.last_name = "Rita", "Moreno"
    reviewer.save()
    item = with_evidence(maker())
    item.set_verification(Verification.VERIFIED, reviewer)
    item.save()
    content = page(client, item)
    when = timezone.localtime(item.verified_at)
    assert (
        f'Verified by Rita Moreno on <time datetime="{when.isoformat()}">'
        f"{when.day} {when:%B %Y}</time>" in content
    )
    assert "rita@example.org" not in content


def test_verifier_without_a_full_name_is_shown_by_username(client):
    item = with_evidence(make_section())
    item.set_verification(Verification.DISPUTED, make_reviewer("rita"))
    item.save()
    assert "Disputed by rita on <time" in page(client, item)


def test_detail_shows_published_and_last_updated_dates(client):
    published = timezone.now() - timedelta(days=40)
    item = make_section(published_at=published)
    content = page(client, item)
    assert f'Published <time datetime="{published:%Y-%m-%d}' in content
    assert f'Last updated <time datetime="{item.updated_at:%Y-%m-%d}' in content


def test_status_set_without_evidence_before_the_rule_is_shown_as_unverified(client):
    item = make_section(verification=Verification.VERIFIED)  # no note, no citation
    content = page(client, item)
    assert "badge--verified" not in content
    assert "without a recorded note and citation, so it is shown as unverified" in content


def test_detail_page_queries_do_not_grow_with_a_verifier(client, django_assert_num_queries):
    item = with_evidence(make_section())
    item.set_verification(Verification.VERIFIED, make_reviewer())
    item.save()
    # the section with its verifier, neighbours, themes, citations, case studies, frameworks
    with django_assert_num_queries(1):
        client.get(item.get_absolute_url())


@pytest.mark.parametrize("maker", MAKERS)
def test_item_written_here_never_claims_to_be_the_source(client, document, maker):
    content = page(client, maker())
    assert "What the source says" not in content
    assert WARNING not in content
    assert "View in source" not in content
    assert "Written for this site, not taken from the source text." in content


def test_imported_unedited_item_quotes_the_source_and_its_warning(client, document):
    content = page(client, imported(document, make_framework))
    assert "What the source says" in content
    assert WARNING in content
    assert "View in source (line 2)" in content
    assert "Edited since import" not in content


@pytest.mark.parametrize("maker", MAKERS)
def test_imported_item_edited_since_says_so_and_links_to_the_changes(client, document, maker):
    item = imported(document, maker, body="New line one.")
    content = page(client, item)
    assert "What the source says" not in content
    assert "View in source" not in content
    assert "Edited since import." in content
    changes = reverse(
        "source_changes", kwargs={"slug": "article", "kind": item.content_kind, "item": item.slug}
    )
    assert f'href="{changes}"' in content


def test_changes_page_diffs_the_source_lines_against_the_current_text(client, document):
    item = imported(document, body="New <b>line</b> one.")
    response = client.get(item.changes_url)
    assert response.status_code == 200
    content = response.content.decode()
    diff = '<div class="text-diff"><del>Old </del><ins>New &lt;b&gt;</ins>line<ins>&lt;/b&gt;</ins>'
    assert diff in content
    assert f'href="{item.get_absolute_url()}"' in content


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(days=1)},
        {"body": "Old line one."},  # not edited: nothing to show
    ],
    ids=["draft", "scheduled", "unedited"],
)
def test_changes_page_is_404_unless_published_and_edited(client, document, fields):
    item = imported(document, **{"body": "New line one.", **fields})
    assert client.get(item.changes_url).status_code == 404


def test_changes_page_is_404_for_an_unknown_kind_or_another_document(client, document):
    item = imported(document, body="New line one.")
    for kwargs in [
        {"slug": "article", "kind": "poem", "item": item.slug},
        {"slug": "other", "kind": item.content_kind, "item": item.slug},
    ]:
        assert client.get(reverse("source_changes", kwargs=kwargs)).status_code == 404


def test_source_viewer_marks_lines_of_items_edited_since_import(client, document):
    item = imported(document, body="New line one.")
    content = client.get("/source/article/").content.decode()
    assert '<li id="L2" value="2" class="is-edited starts-owner">' in content
    assert f'<a class="source-lines__edited" href="{item.changes_url}">' in content
    assert '<li id="L3" value="3">' in content


def test_source_viewer_does_not_mark_unedited_lines(client, document):
    imported(document)
    content = client.get("/source/article/").content.decode()
    assert "is-edited" not in content
    assert "source-lines__edited" not in content
