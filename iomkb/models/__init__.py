from .items import (
    BODY_MAX_LENGTH,
    ContentItem,
    ContentManager,
    ContentQuerySet,
    Status,
    Verification,
    published_indexes,
)
from .search import SearchEntry
from .sourceupdates import SourceUpdate
from .vocabulary import Citation, NamedTerm, SlugNaturalKeyManager, SourceDocument, Theme

__all__ = [
    "BODY_MAX_LENGTH", "Citation", "ContentItem", "ContentManager", "ContentQuerySet",
    "NamedTerm", "SearchEntry", "SlugNaturalKeyManager", "SourceDocument", "SourceUpdate", "Status",
    "Theme", "Verification", "published_indexes",
]  # fmt: skip
