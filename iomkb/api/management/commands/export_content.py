import sys

from django.core.management.base import BaseCommand

from iomkb.api.export import FORMATS


class Command(BaseCommand):
    help = (
        "Write every published item, with its metadata, verification and provenance, as JSON "
        "or CSV (UTF-8 with BOM). Deterministic: the same content gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Origin for links, e.g. https://kb.example.org (default: site-relative links).",
        )

    def handle(self, *args, **options):
        body = FORMATS[options["format"]](options["base_url"].rstrip("/"))
        if options["output"]:
            with open(options["output"], "wb") as output:
                output.write(body)
            self.stderr.write(f"Wrote {len(body):,} bytes to {options['output']}.")
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
