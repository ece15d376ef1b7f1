"""Real Word numbering for a paper's sections, paragraphs and lists.

The paper's Markdown carries its numbers as text ("## 3. REVIEW", "3.1 The terms...",
"1. Notes the progress"). In Word those numbers become list numbering (w:numPr pointing
at numbering.xml), so a paragraph added in Word renumbers the ones after it. A number is
converted only where Word's own count gives the same number the Markdown shows; anywhere
else (a gap, a restart Word could not reproduce) the typed number is kept as text, so the
Word file never shows a number the HTML and PDF do not.
"""

from __future__ import annotations

import re
from typing import Any

SECTION = re.compile(r"(\d{1,3})(\.?)\s+(?=\S)")  # "3. REVIEW", "3 The report"
PARAGRAPH = re.compile(r"(\d{1,3})\.(\d{1,3})(?:\s+(?=\S)|\s*$)")  # "3.1 The terms..."
INDENT, HANG = 709, 709  # 1.25 cm: numbers in the margin column, text aligned after them


class Numbering:
    """Numbering definitions added to the document's numbering part."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.root = document.part.numbering_part.element
        self._abstract: dict[str, int] = {}
        self._bullets: int | None = None
        self._next_abstract = 1 + max(
            (int(a.get(qn("w:abstractNumId"))) for a in self.root.iter(qn("w:abstractNum"))),
            default=-1,
        )
        self._next_num = 1 + max(
            (int(n.get(qn("w:numId"))) for n in self.root.iter(qn("w:num"))), default=0
        )

    def sections(self, heading: str, start: int) -> int:
        """Return a new list for numbered sections ("%1." or "%1") and their paragraphs."""
        levels = [
            ("decimal", heading, 0),
            ("decimal", "%1.%2", 0),
            ("decimal", "%1.%2.%3", INDENT),
        ]
        return self._instance(f"sections {heading}", levels, start)

    def ordered(self, start: int) -> int:
        """Return a new numbered list ("1.", nested "(a)"), starting at `start`.

        Its numbers stand in the margin column, as section paragraphs' numbers do.
        """
        levels = [("decimal", "%1.", 0), ("lowerLetter", "(%2)", INDENT)]
        return self._instance("ordered", levels, start)

    def bullets(self) -> int:
        """Return the bullet list (bullets need no restarting, so one list serves all)."""
        if self._bullets is None:
            levels = [("bullet", "•", INDENT), ("bullet", "\u2013", 2 * INDENT)]
            self._bullets = self._instance("bullets", levels, None)
        return self._bullets

    def _instance(self, kind: str, levels: list[tuple[str, str, int]], start: int | None) -> int:
        if kind not in self._abstract:
            self._abstract[kind] = self._define(levels)
        num = self._next_num
        self._next_num += 1
        element = self._element("w:num", {"w:numId": str(num)})
        element.append(self._element("w:abstractNumId", {"w:val": str(self._abstract[kind])}))
        if start is not None:
            override = self._element("w:lvlOverride", {"w:ilvl": "0"})
            override.append(self._element("w:startOverride", {"w:val": str(start)}))
            element.append(override)
        self.root.append(element)
        return num

    def _define(self, levels: list[tuple[str, str, int]]) -> int:
        number = self._next_abstract
        self._next_abstract += 1
        abstract = self._element("w:abstractNum", {"w:abstractNumId": str(number)})
        abstract.append(self._element("w:multiLevelType", {"w:val": "multilevel"}))
        bullet = levels[0][0] == "bullet"
        hang = 357 if bullet else HANG
        for level, (fmt, text, left) in enumerate(levels):
            lvl = self._element("w:lvl", {"w:ilvl": str(level)})
            lvl.append(self._element("w:start", {"w:val": "1"}))
            lvl.append(self._element("w:numFmt", {"w:val": fmt}))
            lvl.append(self._element("w:lvlText", {"w:val": text}))
            lvl.append(self._element("w:lvlJc", {"w:val": "left"}))
            p_pr = self._element("w:pPr", {})
            p_pr.append(
                self._element("w:ind", {"w:left": str(left + hang), "w:hanging": str(hang)})
            )
            lvl.append(p_pr)
            abstract.append(lvl)
        first_num = self.root.find(self._qn("w:num"))
        if first_num is not None:  # the schema wants every abstractNum before the first num
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        return number

    def _element(self, tag: str, attributes: dict[str, str]) -> Any:
        from docx.oxml import OxmlElement

        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(self._qn(name), value)
        return element


def apply(paragraph: Any, num: int, level: int) -> None:
    """Number `paragraph` as level `level` of list `num` (w:numPr)."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num


class SectionCount:
    """Follows a paper's typed section and paragraph numbers and turns them into numPr."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.num: int | None = None
        self.heading_format = ""
        self.major = self.minor = 0

    def heading(self, text: str) -> tuple[int, int, int] | None:
        """Return (list, level, length of the typed number) for a numbered heading."""
        found = self.paragraph(text)
        if found is not None:
            return found
        match = SECTION.match(text)
        if match is None:
            return None
        number, heading_format = int(match.group(1)), "%1" + match.group(2)
        if self.num is None or heading_format != self.heading_format or number != self.major + 1:
            self.num = self.numbering.sections(heading_format, number)
            self.heading_format = heading_format
        self.major, self.minor = number, 0
        return self.num, 0, match.end()

    def paragraph(self, text: str) -> tuple[int, int, int] | None:
        """Return (list, level, length of the typed number) for "3.1 ..." in section 3."""
        match = PARAGRAPH.match(text)
        if match is None or self.num is None:
            return None
        major, minor = int(match.group(1)), int(match.group(2))
        if major != self.major or minor != self.minor + 1:
            return None
        self.minor = minor
        return self.num, 1, match.end()
