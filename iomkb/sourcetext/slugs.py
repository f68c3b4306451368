"""URL slugs from heading text."""

import hashlib
import re
import unicodedata

MAX_SLUG_LENGTH = 80

_APOSTROPHES = re.compile("['’ʼ‘]")
# Letters that NFKD does not decompose into an ASCII base letter.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
)
_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug of at most 80 characters, cut at a word boundary."""
    folded = _APOSTROPHES.sub("", text.lower()).translate(_TRANSLITERATE)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    words = _WORD.findall(folded)
    if not words:
        # Letters with no ASCII form (e.g. Greek, CJK) still need a stable, non-empty slug.
        if any(char.isalnum() for char in text):
            return "h-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        return ""
    slug = words[0][:MAX_SLUG_LENGTH]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > MAX_SLUG_LENGTH:
            break
        slug = f"{slug}-{word}"
    return slug
