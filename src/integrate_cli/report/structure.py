"""The author's paper in the author's order: its sections, numbered as the paper says, with
their narrative (from the playbook or a Markdown file beside it) and the computed blocks
each includes, plus the header facts templates print.

Templates print `s.number`, `s.title` and `s.body` (the narrative with numbered paragraphs
and footnotes), then the blocks in `s.include`; a block no section includes goes in the
slot the template defines. Nothing here numbers a section the author did not write.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from integrate_cli.model import Playbook
from integrate_cli.report.narrative import NarrativeError, read_narrative
from integrate_cli.report.paragraphs import Footnotes, blocks, number_paragraphs
from integrate_cli.report.templates import TemplateRules
from integrate_cli.sections import Paper, Section
from integrate_cli.spec import PAPER_BLOCKS

# How a recommendation already says who is asked ("The Board is asked to note...").
_MARKER = re.compile(r"^<!--\s*([a-z-]+)\s*-->$")
_COMMENT = re.compile(r"^<!--.*-->$", re.DOTALL)
_ASKED = re.compile(
    r"\b(?:is|are) (?:asked|recommended|requested|invited)\b|^it is recommended", re.I
)


def person(playbook: Playbook, ref: str) -> dict[str, str]:
    """Return a person's name, role, email and phone (a name that is no id is the name)."""
    found = playbook.person(ref)
    if found is None:
        return {"name": ref, "role": "", "email": "", "phone": ""}
    return {"name": found.name, "role": found.role, "email": found.email, "phone": found.phone}


def paper_structure(
    playbook: Playbook, paper: Paper | None, rules: TemplateRules, folder: Path
) -> dict[str, Any]:
    """Return the paper's sections and header facts for the template context.

    Each section: `number` (None when unnumbered), `title`, `key`, `text` (as written),
    `file`, `body` (Markdown, paragraphs numbered as the paper says, footnotes as
    superscripts with the notes after), `include`, `next_paragraph` (the number the next
    paragraph of this section would get: recommendations continue from it).
    """
    if paper is None:
        return {
            "sections": [],
            "placed": [],
            "numbering": "none",
            "lead_member": person(playbook, ""),
            "key_decision": False,
            "exempt_paragraph": None,
            "stem_in_text": False,
        }
    numbering = paper.numbering or rules.numbering
    notes = Footnotes()
    sections = [_section(s, n, numbering, notes, folder) for n, s in enumerate(paper.sections, 1)]
    names = playbook.names()
    body = paper.meeting.body if paper.meeting else ""
    return {
        "sections": sections,
        "placed": sorted({name for s in sections for name in s["include"]}),
        "numbering": numbering,
        "lead_member": person(playbook, paper.lead_member),
        "key_decision": paper.key_decision,
        "exempt_paragraph": paper.exempt_paragraph,
        "stem_in_text": stem_in_text(
            [r.text for r in paper.recommendations], names.get(body, body)
        ),
    }


def stem_in_text(texts: list[str], body_name: str) -> bool:
    """Return whether the recommendations already say who is asked, so a template's stem
    ("It is recommended that the Board:") would repeat it."""
    for text in texts:
        words = " ".join(text.split()).lower()
        if _ASKED.search(words):
            return True
        if body_name and words.startswith((body_name.lower(), f"the {body_name.lower()}")):
            return True
    return False


def _section(
    section: Section, index: int, numbering: str, notes: Footnotes, folder: Path
) -> dict[str, Any]:
    numbers_paragraphs = (
        section.numbered if section.numbered is not None else numbering == "sections-and-paragraphs"
    )
    number = index if numbering != "none" else None
    text = section.text
    if section.file:
        try:
            text = "\n\n".join(t for t in (text, read_narrative(folder, section.file)) if t)
        except NarrativeError as exc:
            text = "\n\n".join(t for t in (text, f"*[The text is missing: {exc}]*") if t)
    text, printed = notes.take(text)
    paragraph = number if number is not None and numbers_paragraphs else None
    parts = _parts(number_paragraphs(text, paragraph), paragraph)
    marked = [p["block"] for p in parts if p["block"]]
    last = parts[-1]["next_paragraph"] if parts else 1
    if printed:
        parts.append(_part("\n\n".join(printed), "", last))
    include = [*marked, *(b for b in section.include if b not in marked)]
    parts += [_part("", b, last) for b in section.include if b not in marked]
    return {
        "number": number,
        "title": section.title,
        "key": section.key,
        "text": section.text,
        "file": section.file,
        "body": "\n\n".join(p["text"] for p in parts if p["text"]),
        "parts": parts,
        "include": include,
        "next_paragraph": last,
    }


def _part(text: str, block: str, next_paragraph: int) -> dict[str, Any]:
    return {"text": text, "block": block, "next_paragraph": next_paragraph}


def _parts(body: str, paragraph: int | None) -> list[dict[str, Any]]:
    """Return the body cut at its block markers (`<!-- progress -->`): text and block parts,
    each knowing the number the next paragraph gets (so recommendations run on)."""
    parts: list[dict[str, Any]] = []
    pending: list[str] = []
    count = 0
    for piece in blocks(body):
        marker = _MARKER.match(piece.strip())
        if marker and marker.group(1) in PAPER_BLOCKS:
            if pending:
                parts.append(_part("\n\n".join(pending), "", count + 1))
                pending = []
            parts.append(_part("", marker.group(1), count + 1))
            continue
        if _COMMENT.match(piece.strip()):
            continue  # the author's own comment, as Markdown viewers hide it
        if paragraph is not None and re.match(rf"{paragraph}\.\d+ ", piece):
            count += 1
        pending.append(piece)
    if pending:
        parts.append(_part("\n\n".join(pending), "", count + 1))
    return parts
