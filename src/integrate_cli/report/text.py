"""Text from the playbook is text: no control characters anywhere, no Markdown in facts.

Narrative the author writes as Markdown on purpose (a paper's summary, its sections'
text and body, its recommendations, the programme's description) stays Markdown. Every other
value a template inserts (titles, owners, reasons, risks, budget lines, names...) is
escaped and kept on one line, so a stage called `# Heading` or `a | b` is printed as
written and cannot become a heading or break the table it sits in.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates, and the two
# non-characters XML (and so Word) refuses.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|#~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")
_BREAKS = re.compile(r"\s*\n\s*")

NARRATIVE = frozenset(
    {
        ("paper", "summary"),
        ("paper", "sections", "text"),
        ("paper", "sections", "body"),
        ("paper", "sections", "parts", "text"),
        ("paper", "recommendations", "text"),
        ("programme", "description"),
        ("progress_since", "markdown"),  # Markdown made by since.py, its texts escaped there
    }
)
# Identifiers and enumerations templates compare against ("if s.key == 'issue'"):
# ids and refs are validated, kinds and statuses are fixed words; they are only cleaned.
IDENTIFIERS = frozenset({"id", "key", "ref", "kind", "status", "rag", "include", "placed"})
_LEFT_AS_IS = frozenset({("as_of_iso",), ("timeline_chart",)})


def clean(text: str) -> str:
    """Return `text` with every control character replaced by U+FFFD (tab and newline kept)."""
    return _CONTROL.sub(REPLACEMENT, text)


def escape_markdown(text: str) -> str:
    """Return `text` as Markdown that renders as exactly this text, on one line."""
    text = _BREAKS.sub(" ", clean(text)).strip()
    text = _ENTITY.sub("\\&", _MARKDOWN.sub(r"\\\1", text))
    match = _LINE_START.match(text)
    if match:
        lead, sign, number, mark = match.groups()
        rest = text[match.end() :]
        text = f"{lead}\\{sign}{rest}" if sign else f"{lead}{number}\\{mark}{rest}"
    return text


def safe_context(value: Any, path: tuple[str, ...] = ()) -> Any:
    """Return the template context with narrative cleaned and every other text escaped."""
    if path in _LEFT_AS_IS:
        return value
    if isinstance(value, dict):
        return {k: safe_context(v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [safe_context(v, path) for v in value]
    if isinstance(value, str):
        if path in NARRATIVE or (path and path[-1] in IDENTIFIERS):
            return clean(value)
        return escape_markdown(value)
    return value
