from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from iomkb.dbtuning import refresh_planner_statistics
from iomkb.extraction import ExtractionError, InputError, load_extraction
from iomkb.importer import import_extraction
from iomkb.lines import describe_lines
from iomkb.sourcetext import ParseError


class Command(BaseCommand):
    help = (
        "Import a source text (plain text or Markdown) into the site. New items are created "
        "as drafts; items an editor has changed since import are skipped and reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--extraction",
            type=Path,
            help="An extraction.toml naming case studies and frameworks in the text.",
        )
        parser.add_argument(
            "--no-suggestions",
            action="store_true",
            help="Without --extraction, import the sections only: do not suggest case studies "
            "and legal frameworks found in the text.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new items at once (never suggestions: they wait for a person).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, but save nothing.")

    def handle(self, *args, path, extraction, publish, dry_run, no_suggestions, **options):
        try:
            plan = load_extraction(path, extraction, suggest=not no_suggestions)
        except OSError as error:
            raise CommandError(f"cannot read {error.filename}: {error.strerror}") from None
        except InputError as error:
            raise CommandError(str(error)) from None
        except ParseError as error:
            raise CommandError(f"{path}: {error}") from None
        except ExtractionError as error:
            raise CommandError(f"{extraction or path}: {error}") from None

        try:
            report = import_extraction(plan, filename=path.name, publish=publish, dry_run=dry_run)
        except DatabaseError as error:
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise CommandError(f"{path}: import failed, nothing saved ({reason})") from None

        if not dry_run:
            refresh_planner_statistics()
        for item in report.items:
            if item.outcome == "skipped":
                news = " (its new source lines wait beside it in the admin)"
                self.stdout.write(
                    self.style.WARNING(
                        f"skipped {item.label} '{item.slug}': edited since import, not "
                        f"overwritten{news if item.source_changed else ''}"
                    )
                )
        for item in report.suggested:
            self.stdout.write(
                f"suggested {item.label} '{item.slug}' ({item.title}, "
                f"{describe_lines(item.start_line, item.end_line)}): a draft to confirm or delete"
            )
        counts = report.counts
        summary = ", ".join(
            f"{counts[name]} {name}" for name in ("created", "updated", "unchanged", "skipped")
        )
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}."))
