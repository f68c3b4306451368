from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iomkb.extraction import ExtractionError, load_extraction
from iomkb.fixturegen import build_fixture_data, write_fixtures
from iomkb.sourcetext import ParseError


def default_paths():
    source_dir = Path(settings.SOURCE_DIR)
    return source_dir / "iom-global-migration-governance.txt", source_dir / "extraction.toml"


def build_from_source(source_path, toml_path):
    extraction = load_extraction(source_path, toml_path)
    text = "\n".join(extraction.document.lines)
    return build_fixture_data(extraction, text, Path(source_path).name)


class Command(BaseCommand):
    help = "Regenerate the JSON fixtures in fixtures/ from the source text and extraction.toml."

    def add_arguments(self, parser):
        source, toml = default_paths()
        parser.add_argument("--source", type=Path, default=source)
        parser.add_argument("--extraction", type=Path, default=toml)
        parser.add_argument("--output", type=Path, default=Path(settings.FIXTURE_DIRS[0]))

    def handle(self, *args, source, extraction, output, **options):
        try:
            data = build_from_source(source, extraction)
        except (OSError, ParseError, ExtractionError) as error:
            raise CommandError(str(error)) from None
        for path in write_fixtures(data, output):
            self.stdout.write(f"wrote {path} ({len(data[path.name])} objects)")
