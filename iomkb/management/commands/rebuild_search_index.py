from django.core.management.base import BaseCommand

from iomkb.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from every section, case study and legal framework."

    def handle(self, *args, **options):
        counts = rebuild_index()
        summary = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
