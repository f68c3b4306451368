"""Tiny helpers that make explicit test data."""

from datetime import timedelta

from django.utils import timezone

from casestudies.models import CaseStudy
from iomkb.models import Status
from sections.models import LegalFramework, Section


def _content(kwargs, title):
    kwargs.setdefault("title", title)
    kwargs.setdefault("slug", kwargs["title"].lower().replace(" ", "-"))
    kwargs.setdefault("body", f"Body of {kwargs['title']}.")
    kwargs.setdefault("status", Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return kwargs


def make_section(**kwargs):
    return Section.objects.create(**_content(kwargs, "A section"))


def make_case_study(**kwargs):
    return CaseStudy.objects.create(**_content(kwargs, "A case study"))


def make_framework(**kwargs):
    return LegalFramework.objects.create(**_content(kwargs, "A framework"))


def with_evidence(item, note="Checked against the IOM Constitution."):
    """Give `item` what a verified or disputed status needs: a note and a citation (saved)."""
    from iomkb.models import Citation

    citation, _ = Citation.objects.get_or_create(
        key="iom-constitution", defaults={"title": "IOM Constitution"}
    )
    item.verification_note = note
    item.save()
    item.citations.add(citation)
    return item
