"""A bounded word-level diff of two texts, as escaped HTML (the admin's compare and edit-conflict
screens, the public "changes from the source" page)."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
WORD = re.compile(r"\w")


def inline_diff(old, new):
    """Word-level diff as HTML: removed words in <del>, added words in <ins>, the rest escaped.

    Long texts are compared line by line first; a changed passage too long to compare word by
    word is shown whole, removed then added.
    """
    parts = []
    for equal, removed, added in _without_noise(_chunks(old, new)):
        if equal:
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))


# SequenceMatcher takes time quadratic (or worse) in its inputs' lengths: an Editor's two
# 11 KB revisions with no shared words took a word diff past the 30 s request timeout.
# Word-level work is bounded by the product of the two token counts compared, summed over one
# diff's passages; 1,000 tokens a side (about 500 words) fits.
WORD_DIFF_BUDGET = 2_000_000
LINE_DIFF_MAX_LINES = 1000  # per side


def _chunks(old, new):
    """[equal, removed text, added text] runs that, joined, give `old` and `new`."""
    budget = _Budget(WORD_DIFF_BUDGET)
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    if budget.affords(before, after):
        return _word_chunks(before, after)
    head = _common_length(before, after)
    tail = _common_length(before[head:][::-1], after[head:][::-1])
    middle_before, middle_after = before[head : len(before) - tail], after[head : len(after) - tail]
    if budget.affords(middle_before, middle_after):
        middle = _word_chunks(middle_before, middle_after)
    else:
        middle = _line_chunks("".join(middle_before), "".join(middle_after), budget)
    return [
        [True, "".join(before[:head]), ""],
        *middle,
        [True, "".join(before[len(before) - tail :]), ""],
    ]


class _Budget:
    def __init__(self, amount):
        self.left = amount

    def affords(self, before, after):
        """Spend the cost of word-diffing these token lists, if it is still affordable."""
        cost = len(before) * len(after)
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _common_length(first, second):
    """How many items the two lists share at their start."""
    length = 0
    for item, other in zip(first, second, strict=False):
        if item != other:
            break
        length += 1
    return length


def _word_chunks(before, after):
    matcher = difflib.SequenceMatcher(None, before, after)
    return [
        [tag == "equal", "".join(before[i1:i2]), "".join(after[j1:j2])]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _line_chunks(old, new, budget):
    """Changed lines, compared word by word while the budget lasts, else shown whole."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(before) > LINE_DIFF_MAX_LINES or len(after) > LINE_DIFF_MAX_LINES:
        return [[False, old, new]]
    chunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            chunks.append([True, removed, added])
            continue
        removed_tokens, added_tokens = TOKEN.findall(removed), TOKEN.findall(added)
        if budget.affords(removed_tokens, added_tokens):
            chunks.extend(_word_chunks(removed_tokens, added_tokens))
        else:
            chunks.append([False, removed, added])
    return chunks


def _without_noise(chunks):
    """Consecutive changes merged, with a space or comma shared between two changes folded in."""
    chunks = [chunk for chunk in chunks if chunk[1] or chunk[2]]
    for index in range(1, len(chunks) - 1):
        equal, text, _ = chunks[index]
        if (
            equal
            and not WORD.search(text)
            and not chunks[index - 1][0]
            and not chunks[index + 1][0]
        ):
            chunks[index][0] = False
    merged = []
    for equal, removed, added in chunks:
        if merged and not equal and not merged[-1][0]:
            merged[-1][1] += removed
            merged[-1][2] += added
        else:
            merged.append([equal, removed, added])
    return merged
