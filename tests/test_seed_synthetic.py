"""seed_synthetic: deterministic, bulk, and what the site would have saved itself."""

import io

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudy
from iomkb.markdown import render_markdown
from sections.models import LegalFramework, Section

pytestmark = pytest.mark.django_db


def seed(**counts):
    call_command("seed_synthetic", **counts, stdout=io.StringIO())


def snapshot():
    return [
        list(model.objects.order_by("slug").values_list("slug", "title", "body", "status"))
        for model in (Section, CaseStudy, LegalFramework)
    ]


def test_creates_the_requested_numbers_with_links():
    seed(sections=5, case_studies=30, legal_frameworks=7)
    assert (Section.objects.count(), CaseStudy.objects.count()) == (5, 30)
    assert LegalFramework.objects.count() == 7
    assert CaseStudy.countries.through.objects.count() >= 30
    assert CaseStudy.objects.published().exists()
    assert CaseStudy.objects.filter(status="draft").exists()


def test_same_seed_gives_the_same_content_and_rerunning_adds_nothing():
    seed(sections=3, case_studies=40, legal_frameworks=4)
    first = snapshot()
    seed(sections=3, case_studies=40, legal_frameworks=4)
    assert snapshot() == first
    CaseStudy.objects.all().delete()
    Section.objects.all().delete()
    LegalFramework.objects.all().delete()
    seed(sections=3, case_studies=40, legal_frameworks=4)
    assert snapshot() == first


def test_stored_html_is_what_saving_would_render():
    seed(sections=2, case_studies=20, legal_frameworks=2)
    for item in CaseStudy.objects.all():
        assert item.body_html == render_markdown(item.body)


def test_synthetic_items_are_searchable():
    from iomkb.models import SearchEntry

    seed(sections=2, case_studies=10, legal_frameworks=3)
    assert SearchEntry.objects.count() == 15
    case = CaseStudy.objects.published().first()
    assert SearchEntry.objects.filter(kind="case_study", object_id=case.pk).exists()
