"""import_source: idempotent, never clobbers an editor's work, clear about bad input."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from casestudies.models import CaseStudy
from iomkb.models import SourceDocument, Status
from sections.models import Section

SOURCE_DIR = Path(settings.SOURCE_DIR)
SOURCE = SOURCE_DIR / "iom-global-migration-governance.txt"
EXTRACTION = SOURCE_DIR / "extraction.toml"

pytestmark = pytest.mark.django_db


def run_import(*args, **options):
    out = io.StringIO()
    call_command("import_source", *args, stdout=out, **options)
    return out.getvalue()


def test_import_creates_every_item_as_a_draft():
    output = run_import(str(SOURCE), extraction=EXTRACTION)
    assert "24 created" in output
    assert Section.objects.count() == 16
    assert CaseStudy.objects.count() == 3
    assert Section.objects.filter(status=Status.DRAFT).count() == 16
    assert Section.objects.published().count() == 0


def test_reimporting_changes_nothing():
    run_import(str(SOURCE), extraction=EXTRACTION)
    before = list(Section.objects.values_list("slug", "body", "updated_at"))
    output = run_import(str(SOURCE), extraction=EXTRACTION)
    assert "0 created, 0 updated, 24 unchanged, 0 skipped" in output
    assert list(Section.objects.values_list("slug", "body", "updated_at")) == before


def test_import_over_the_demo_fixtures_changes_nothing(demo):
    output = run_import(str(SOURCE), extraction=EXTRACTION)
    assert "0 created, 0 updated, 24 unchanged, 0 skipped" in output


def test_item_edited_since_import_is_skipped_and_reported(demo):
    section = Section.objects.get(order=10)
    section.body = "An editor rewrote this."
    section.save()
    changed = SOURCE.read_text(encoding="utf-8").replace("plays a vital role", "plays a key role")
    path = SOURCE_DIR.parent.parent / "tmp-source.txt"
    try:
        path.write_text(changed, encoding="utf-8")
        output = run_import(str(path), extraction=EXTRACTION)
    finally:
        path.unlink()
    assert f"skipped section '{section.slug}': edited since import" in output
    section.refresh_from_db()
    assert section.body == "An editor rewrote this."


def test_untouched_item_takes_the_new_source_text(demo, tmp_path):
    changed = SOURCE.read_text(encoding="utf-8").replace(
        "ensuring a comprehensive response.", "ensuring a joined-up response."
    )
    path = tmp_path / "iom-global-migration-governance.txt"
    path.write_text(changed, encoding="utf-8")
    output = run_import(str(path), extraction=EXTRACTION)
    assert "2 updated" in output  # the source document and that one section
    section = Section.objects.get(order=10)
    assert "joined-up response" in section.body
    assert section.body == section.source_body
    assert "joined-up" in SourceDocument.objects.get().text


def test_dry_run_saves_nothing():
    output = run_import(str(SOURCE), extraction=EXTRACTION, dry_run=True)
    assert output.startswith("Dry run, nothing saved: 24 created")
    assert Section.objects.count() == 0
    assert SourceDocument.objects.count() == 0


def test_plain_text_without_extraction_imports_sections(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("My notes\nFirst heading\nSome text here.\nSecond heading\nMore text.\n")
    output = run_import(str(path))
    assert "3 created" in output
    assert list(Section.objects.values_list("title", flat=True)) == [
        "First heading",
        "Second heading",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the text is empty"),
        (b"\xff\xfe\x00h\x00i", "not UTF-8"),
        (b"caf\xe9 au lait\nHeading\nText.", "not UTF-8"),
        (b"Title\nOnly prose here.\nAnd more prose.", "no section headings"),
    ],
)
def test_unreadable_input_fails_with_a_one_line_reason(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run_import(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert Section.objects.count() == 0


def test_missing_file_fails_with_a_one_line_reason():
    with pytest.raises(CommandError, match="cannot read .*No such file"):
        run_import("/nonexistent/source.txt")


def test_import_source_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_source", str(path), "--dry-run"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: bad.txt: the text is empty"] or (
        "the text is empty" in result.stderr.strip().splitlines()[-1]
    )
