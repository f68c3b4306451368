"""import_source: idempotent, never clobbers an editor's work, clear about bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from reversion.models import Revision, Version

from casestudies.models import CaseStudy
from iomkb import importer
from iomkb.extraction import MAX_INPUT_BYTES
from iomkb.models import SearchEntry, SourceDocument, Status
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


def assert_one_line_refusal(error, *fragments):
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message
    assert SourceDocument.objects.count() == 0
    assert Section.objects.count() == 0


def test_oversize_file_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * (MAX_INPUT_BYTES + 1))
    with pytest.raises(CommandError) as error:
        run_import(str(path), dry_run=True)
    assert_one_line_refusal(error, f"{path}: larger than the 1 MB import limit")


def test_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "big.txt"
    head = b"Title\nHeading\nBody.\n"
    path.write_bytes(head + b"x" * (MAX_INPUT_BYTES - len(head)))
    assert "2 created" in run_import(str(path), dry_run=True)


@pytest.mark.parametrize("make", [lambda tmp: tmp, lambda tmp: Path("/dev/null")])
def test_directory_or_device_is_refused(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(CommandError) as error:
        run_import(str(path), dry_run=True)
    assert_one_line_refusal(error, f"{path}: not a regular file")


@pytest.mark.parametrize("as_extraction", [False, True])
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path, as_extraction):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    args = [str(SOURCE), "--extraction", str(fifo)] if as_extraction else [str(fifo)]
    # A subprocess, so a regression that blocks on the FIFO fails here instead of hanging.
    result = subprocess.run(
        [sys.executable, "manage.py", "import_source", *args, "--dry-run"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"CommandError: {fifo}: not a regular file"]


def extraction_with(tmp_path, old, new):
    toml = EXTRACTION.read_text(encoding="utf-8")
    assert old in toml
    path = tmp_path / "extraction.toml"
    path.write_text(toml.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ('slug = "iom-global-migration-governance"', 'slug = "../../etc"', "'../../etc'"),
        ('slug = "iom-global-migration-governance"', "slug = 42", "42"),
        ('slug = "iom-global-migration-governance"', "", "None"),
        ('slug = "libya-alternatives-to-detention"', 'slug = "libya/../x"', "'libya/../x'"),
        ('slug = "libya-alternatives-to-detention"', 'slug = "libya detention"', "'libya "),
        ('slug = "libya-alternatives-to-detention"', f'slug = "{"a" * 101}"', "'aaaa"),
        ('slug = "iom-constitution"', 'slug = "iom-constitution\\n"', "'iom-constitution\\n'"),
    ],
)
def test_invalid_slug_in_the_extraction_file_is_refused(tmp_path, old, new, shown):
    path = extraction_with(tmp_path, old, new)
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE), extraction=path)
    assert_one_line_refusal(error, f"{path}: ", f"slug {shown}", "is not valid")


def test_slug_of_the_model_field_length_is_accepted(tmp_path):
    slug = "a" * 100
    path = extraction_with(tmp_path, '"libya-alternatives-to-detention"', f'"{slug}"')
    run_import(str(SOURCE), extraction=path)
    assert CaseStudy.objects.filter(slug=slug).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)), "not UTF-8 text (invalid byte 0x80 at position 128)"),
        (b"\x89PNG\r\n\x1a\n", "not UTF-8 text (invalid byte 0x89 at position 0)"),
        (b'[document]\nslug = "x"\x00\n', "not valid TOML"),
    ],
)
def test_binary_extraction_file_is_refused(tmp_path, content, message):
    path = tmp_path / "extraction.toml"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE), extraction=path)
    assert_one_line_refusal(error, f"{path}: {message}")


def test_binary_source_text_is_refused(tmp_path):
    path = tmp_path / "terminal.log"
    path.write_bytes(b"Session\nHeading\x1b[0m\nOutput\x07 here.\n")
    with pytest.raises(CommandError) as error:
        run_import(str(path))
    assert_one_line_refusal(error, f"{path}: not text: binary data (control character 0x1b")


def test_failure_mid_import_leaves_nothing(monkeypatch):
    real_create_items = importer.create_items
    calls = []

    def fail_on_the_second_type(model, rows, **options):
        calls.append(model)
        if len(calls) == 2:  # the sections are in by then
            raise DatabaseError("disk full\nDETAIL: more lines")
        return real_create_items(model, rows, **options)

    monkeypatch.setattr(importer, "create_items", fail_on_the_second_type)
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE), extraction=EXTRACTION)
    assert str(error.value) == f"{SOURCE}: import failed, nothing saved (disk full)"
    assert len(calls) == 2
    assert SourceDocument.objects.count() == 0
    assert Section.objects.count() == 0
    assert SearchEntry.objects.count() == 0
    assert (Revision.objects.count(), Version.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[document]\nslug = "ok"\n[[case_studies]]\nslug = "x"\nlines = [5, 6]\n', "missing key"),
        ('document = "not a table"\n', "incomplete or malformed entry"),
    ],
)
def test_incomplete_extraction_file_is_refused_in_one_line(tmp_path, toml, message):
    path = tmp_path / "extraction.toml"
    path.write_text(toml)
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE), extraction=path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bulk_created_revisions_hold_what_a_save_would_serialize():
    """New items are created in bulk (iomkb/bulkcreate.py) with hand-made revisions: each must
    hold exactly what django-reversion would store for the saved item, links included."""
    call_command("loaddata", "taxonomy", verbosity=0)  # themes, citations, regions...
    run_import(str(SOURCE), extraction=EXTRACTION)
    items = [*Section.objects.all(), *CaseStudy.objects.all()]
    assert any(item.themes.exists() for item in items)
    for item in items:
        version = Version.objects.get_for_object(item).get()
        stored = json.loads(version.serialized_data)[0]
        fresh = json.loads(serializers.serialize("json", [type(item).objects.get(pk=item.pk)]))[0]
        for fields in (stored["fields"], fresh["fields"]):
            for name, value in fields.items():
                if isinstance(value, list):
                    fields[name] = sorted(value)
        assert stored == fresh
        assert version.revision.get_comment() == f"Imported from {SOURCE.name}."
        assert Revision.objects.filter(pk=version.revision_id).get().version_set.count() == 1


def test_bulk_created_items_are_searchable_and_rendered():
    run_import(str(SOURCE), extraction=EXTRACTION)
    assert SearchEntry.objects.count() == 16 + 4 + 3
    section = Section.objects.get(order=10)
    assert section.body_html.startswith("<p>") and section.version == 2  # as save() leaves it
