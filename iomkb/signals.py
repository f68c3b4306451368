"""Signals of the shared model layer, for the apps built on it."""

from django.dispatch import Signal

# Sent after content items were created with bulk_create (which sends no post_save), with
# sender=the model, items=the saved instances, comment (why, e.g. "Imported from x.txt.") and
# user (who, or None): the search index, the page cache and the audit log (receivers in
# iomkb.search, iomkb.site and iomkb.editorial) bring themselves up to date once for all.
content_bulk_created = Signal()
