"""Short titles: a stage's title cut to fit a chart's label column (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable

# Long names a paper's readers know by their short form, shortened only where space is short.
ABBREVIATIONS = (
    ("Memorandum of Understanding", "MoU"),
    ("Health and Wellbeing Board", "HWB"),
    ("Clinical Commissioning Group", "CCG"),
    ("Terms of Reference", "ToR"),
)
_DASHES = "\u2013\u2014-"  # en dash, em dash, hyphen
_CLAUSE_END = re.compile(rf"[,;:]\s|\s[{_DASHES}]\s")
_WEAK_ENDS = frozenset(
    ("a", "an", "the", "of", "to", "and", "or", "for", "in", "into", "on", "at", "by", "with")
)
_BRACKETS = re.compile(r"\s*\([^()]*\)")


def short_title(title: str, limit: float, *, width: Callable[[str], float] = len) -> str:
    """Return `title` shortened to fit `limit` as measured by `width` (characters by default).

    In order, only as far as needed: known long names abbreviated (MoU), brackets dropped,
    cut at the end of a clause of two words or more, cut at a word with "…", cut anywhere.
    """

    def fits(text: str) -> bool:
        return width(text) <= limit

    text = " ".join(title.split())
    for long_name, short in ABBREVIATIONS:
        if fits(text):
            return text
        text = text.replace(long_name, short)
    if not fits(text):
        text = _BRACKETS.sub("", text).strip() or text
    if fits(text):
        return text
    clauses = [m.start() for m in _CLAUSE_END.finditer(text)]
    for end in reversed(clauses):
        head = text[:end].rstrip(" ,;:" + _DASHES)
        if fits(head) and len(head.split()) >= 2 and len(head) >= 10:
            return head
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        while len(words) > 1 and words[-1].lower() in _WEAK_ENDS:
            words.pop()
        head = " ".join(words).rstrip(" ,;:." + _DASHES) + "…"
        if fits(head):
            return head
    while text and not fits(text + "…"):
        text = text[:-1]
    return text + "…" if text else ""
