"""Numbered paragraphs and footnotes in a section's Markdown, as committee papers print them.

Every paragraph is numbered section.1, section.2, ..., including one that begins with
bold text (`**Background.** The board...`). A list, table, heading, quote or code block
is left as it is, so a bulleted list stays a list under the numbered paragraph before it.
Footnotes (`text[^1]` with `[^1]: the note`) become superscript numbers, with the notes
printed after the section's paragraphs; their numbers run on through the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A block that is not a paragraph: a list item, table, heading, quote, fence, indented code,
# an HTML-like line or a printed note.
_NOT_NUMBERED = re.compile(
    r"^(?:[-*+][ \t]|[-*+]$|\d{1,9}[.)](?:[ \t]|$)|\||#|>|```|~~~|<!--| {2}|\t|[⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)
_NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]+\S.*)?)*)", re.MULTILINE)
_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    """Return `number` in superscript digits: 12 -> ¹²."""
    return str(number).translate(_SUPERSCRIPT)


@dataclass
class Footnotes:
    """Footnote numbers for one paper: they run on from section to section."""

    count: int = 0
    _numbers: dict[str, int] = field(default_factory=dict)

    def take(self, text: str) -> tuple[str, list[str]]:
        """Return `text` with its notes' definitions taken out and references numbered,
        and the notes as printed lines (`¹ The note.`), in order of first reference."""
        definitions = {m.group(1): _one_line(m.group(2)) for m in _NOTE_DEFINITION.finditer(text)}
        if not definitions:
            return text, []
        text = _NOTE_DEFINITION.sub("", text)
        local: dict[str, int] = {}

        def number(match: re.Match[str]) -> str:
            label = match.group(1)
            if label not in definitions:
                return match.group(0)
            if label not in local:
                self.count += 1
                local[label] = self.count
            return superscript(local[label])

        text = _NOTE_REFERENCE.sub(number, text)
        notes = [f"{superscript(n)} {definitions[label]}" for label, n in local.items()]
        unused = [d for label, d in definitions.items() if label not in local]
        for note in unused:  # a note never referred to is still the author's text
            self.count += 1
            notes.append(f"{superscript(self.count)} {note}")
        return text, notes


def _one_line(text: str) -> str:
    return " ".join(text.split())


def blocks(text: str) -> list[str]:
    """Return the Markdown blocks of `text` (split at blank lines, fenced code kept whole)."""
    out: list[str] = []
    inside = False
    for block in _PARAGRAPH_BREAK.split(text.strip("\n")):
        if inside:
            out[-1] += "\n\n" + block
        elif block.strip():
            out.append(block)
        if len(_FENCE.findall(block)) % 2:
            inside = not inside
    return out


def numbered(text: str, section: int | str, start: int = 1) -> str:
    """Return Markdown `text` with each paragraph numbered section.start, section.start+1...

    Lists, tables, headings, quotes, code and printed notes are left as they are.
    """
    text, notes = Footnotes().take(text)
    return number_paragraphs(text, section, start) + "".join(f"\n\n{n}" for n in notes)


def number_paragraphs(text: str, section: int | str | None, start: int = 1) -> str:
    """Return `text` with its paragraphs numbered (unchanged when `section` is None)."""
    out, number = [], start
    for block in blocks(text):
        if section is None or _NOT_NUMBERED.match(block):
            out.append(block.rstrip())
        else:
            out.append(f"{section}.{number} {block.strip()}")
            number += 1
    return "\n\n".join(out)
