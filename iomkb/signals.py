"""Signals of the shared model layer, for the apps built on it."""

from django.dispatch import Signal

# Sent after content items were created with bulk_create (which sends no post_save), with
# sender=the model and items=the saved instances: the search index and the page cache
# (receivers in iomkb.search and iomkb.site) bring themselves up to date once for all.
content_bulk_created = Signal()
