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
