"""Backups: a natural-key dumpdata restored by loaddata into an empty database loses nothing."""

import io
import json

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudy
from iomkb.models import Citation, Theme
from sections.models import LegalFramework, Section

# The command docs/DEPLOY.md gives; contenttypes, permissions and the Editors and Reviewers
# groups are recreated by migrate (the groups by a post_migrate receiver, which flush runs too).
DUMP_ARGS = [
    "--natural-foreign", "--exclude=contenttypes", "--exclude=auth.permission",
    "--exclude=auth.group",
]  # fmt: skip
DUMP_APPS = ["iomkb", "sections", "casestudies", "auth", "reversion"]


def dump():
    out = io.StringIO()
    call_command("dumpdata", *DUMP_APPS, *DUMP_ARGS, "--indent=1", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_into_an_empty_database_is_lossless(
    demo_committed, tmp_path, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    section = Section.objects.order_by("order").first()
    section.themes.add(Theme.objects.first())
    section.citations.add(Citation.objects.first())
    before = dump()
    counts = [model.objects.count() for model in (Section, CaseStudy, LegalFramework, Theme)]
    assert all(counts)

    backup = tmp_path / "backup.json"
    backup.write_text(before, encoding="utf-8")
    call_command("flush", "--no-input", verbosity=0)
    assert Section.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)

    after = dump()
    assert json.loads(after) == json.loads(before)
    assert [
        model.objects.count() for model in (Section, CaseStudy, LegalFramework, Theme)
    ] == counts
