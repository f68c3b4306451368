"""Ready-made citations: APA, Chicago, BibTeX and RIS of the version a reader sees."""

from datetime import UTC, datetime, timedelta

import pytest
import reversion
from reversion.models import Version

from iomkb.citing import Citation, version_url
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db

DAY = datetime(2025, 12, 3, 9, 30, tzinfo=UTC)


def revised(item, on=DAY):
    """Give `item` a revision of it as last saved `on`; returns the revision id."""
    type(item).objects.filter(pk=item.pk).update(updated_at=on)
    item.refresh_from_db()
    with reversion.create_revision():
        reversion.add_to_revision(item)
    return Version.objects.get_for_object(item).first().revision_id


@pytest.fixture
def case(db):
    return make_case_study(title="Typhoon Haiyan", slug="haiyan", published_at=DAY - timedelta(1))


def test_citations_carry_the_permalink_and_the_date_of_the_version(client, case):
    revision = revised(case)
    permalink = f"http://testserver/case-studies/haiyan/v/{revision}/"
    for path in (case.get_absolute_url(), version_url(case, revision)):
        response = client.get(path)
        cite = response.context["cite"]
        assert cite.url == permalink
        assert cite.apa == f"IOM Knowledge Base. (2025, December 3). Typhoon Haiyan. {permalink}"
        assert cite.chicago == (
            f"IOM Knowledge Base. “Typhoon Haiyan.” Last modified December 3, 2025. {permalink}."
        )
        assert f"url = {{{permalink}}}" in cite.bibtex and "date = {2025-12-03}" in cite.bibtex
        assert f"UR  - {permalink}\r\n" in cite.ris and "DA  - 2025/12/03\r\n" in cite.ris
        html = response.content.decode()
        assert (
            "IOM Knowledge Base. (2025, December 3). <i>Typhoon Haiyan</i>. "
            f"{permalink}</dd>" in html
        )
        assert f'<meta name="citation_public_url" content="{permalink}">' in html
        assert '<meta name="citation_publication_date" content="2025/12/03">' in html
        assert '<meta name="citation_title" content="Typhoon Haiyan">' in html


def test_a_version_scheduled_ahead_is_dated_from_when_it_went_live(client):
    item = make_case_study(title="Scheduled", published_at=DAY + timedelta(days=2))
    revision = revised(item, on=DAY)
    for path in (item.get_absolute_url(), version_url(item, revision)):
        assert client.get(path).context["cite"].day.isoformat() == "2025-12-05"


@pytest.mark.parametrize(
    ("fmt", "media_type", "start"),
    [
        ("ris", "application/x-research-info-systems", "TY  - ELEC"),
        ("bib", "application/x-bibtex", "@misc{"),
    ],
)
def test_citation_files_download_with_their_media_type_and_a_file_name(
    client, case, fmt, media_type, start
):
    revision = revised(case)
    html = client.get(case.get_absolute_url()).content.decode()
    url = version_url(case, revision, fmt)
    assert f'href="{url}" download' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    name = f"iomknowledgebase-haiyan-v{revision}.{fmt}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    body = response.content.decode()
    assert body.startswith(start) and f"/case-studies/haiyan/v/{revision}/" in body


def test_bibtex_and_ris_cannot_be_broken_by_a_title():
    cite = Citation(
        title="50% of {aid} & $5_000 #1 ~ ^ \\end\nER  - injected",
        url="https://kb.example.org/sections/x/v/7/",
        date=DAY,
        site="IOM Knowledge Base",
        kind="Section",
        key="iomknowledgebase-x-v7",
        is_permanent=True,
    )
    title = next(line for line in cite.bibtex.splitlines() if "title =" in line)
    assert title == (
        r"  title = {50\% of \{aid\} \& \$5\_000 \#1 \textasciitilde{} \textasciicircum{} "
        r"\textbackslash{}end ER - injected},"
    )
    ris_lines = cite.ris.split("\r\n")
    assert [line[:6] for line in ris_lines if line].count("ER  - ") == 1
    assert "TI  - 50% of {aid} & $5_000 #1 ~ ^ \\end ER - injected" in ris_lines
