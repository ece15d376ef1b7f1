"""Word from the paper's Markdown: real heading styles, real numbering, fitted tables.

What a council's Word user gets: an A4 page in British English with the paper's title and
"Page N of M" in the footer (docx_page.py); sections, paragraphs and recommendations
numbered by Word, so adding a paragraph renumbers the rest (docx_numbering.py); tables
with columns fitted to their content, figures right-aligned and captions kept with them
(docx_tables.py); the timeline as a shaded table with a key (docx_timeline.py).

A council's own .docx (`--style`) supplies styles, page, header, footer and logo: its
body is cleared and the paper written into it (see docx_page.py for the footer rule).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from integrate_cli.report import docx_page
from integrate_cli.report.docx_house import open_document
from integrate_cli.report.docx_numbering import Numbering, SectionCount, apply
from integrate_cli.report.docx_tables import write_table
from integrate_cli.report.docx_timeline import write_timeline
from integrate_cli.report.html import markdown_parser
from integrate_cli.report.paper import Paper
from integrate_cli.timeline import Chart

TABLE_POINTS = 10.0
NOTE_POINTS = 9.0  # footnotes, in the paper's own style
_SUPERSCRIPTS = frozenset(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)  # table text in the paper's own style; a house style keeps its own


def write_docx(paper: Paper, *, style: str | None = None) -> bytes:
    """Return the paper as .docx bytes with fixed metadata dates (reproducible)."""
    document = open_document(style)
    house = bool(style)
    if house:
        docx_page.ensure_styles(document)
    else:
        docx_page.set_fonts(document)
    docx_page.set_up_page(document, house=house)
    docx_page.set_language(document)
    tokens = markdown_parser().parse(paper.markdown)
    _Writer(document, paper, house=house).write(tokens)
    docx_page.add_footer(document, paper.title)
    day = paper.day if paper.day.year >= 1000 else date(1980, 1, 1)  # W3CDTF: 4-digit years
    moment = datetime(day.year, day.month, day.day, 9, 0, 0)
    props = document.core_properties
    props.title, props.comments = paper.title, ""  # not the template's description
    props.author = props.last_modified_by = "integrate"
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Return the zip with every entry's timestamp fixed, so the same paper is the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def plain(token: Any) -> tuple[str, bool]:
    """Return an inline token's text as shown, and whether all of it is bold."""
    parts, bold, all_bold = [], False, True
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
            all_bold = all_bold and (bold or not child.content.strip())
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = "".join(parts)
    return text, bool(text.strip()) and all_bold


class _Writer:
    """Walks markdown-it tokens and writes python-docx blocks."""

    def __init__(self, document: Any, paper: Paper, *, house: bool) -> None:
        self.doc = document
        self.chart: Chart = paper.context["timeline_chart"]
        self.width = docx_page.text_width(document)
        self.points = None if house else TABLE_POINTS  # a house's tables keep its size
        size, self.scale = docx_page.body_font(document) if house else (TABLE_POINTS, 1.0)
        self.measure = size * self.scale  # the Arial size that sets as wide as the text
        self.numbering = Numbering(document)
        self.sections = SectionCount(self.numbering)
        self.lists: list[tuple[int, int]] = []  # (numbering list, level) of open lists
        self.item_numbered = False  # the open list item's first paragraph is numbered
        self.last: Any = None  # the last block written: a paragraph, or "table"

    def write(self, tokens: list[Any]) -> None:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                self.heading(int(token.tag[1]), tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                self.paragraph(tokens[i + 1])
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open") and not self.lists:
                self._keep_lead_in()
            if kind == "bullet_list_open":
                self.lists.append((self.numbering.bullets(), len(self.lists)))
            elif kind == "ordered_list_open":
                start = int(token.attrGet("start") or 1)
                num = self.numbering.ordered(start) if not self.lists else self.lists[0][0]
                self.lists.append((num, len(self.lists)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists and self.last not in (None, "table"):
                    self.last.paragraph_format.space_after = None  # the style's, after a list
            elif kind == "list_item_open":
                self.item_numbered = False
            elif kind == "table_open":
                i = self.table(tokens, i)
                continue
            elif kind == "fence":
                self.fence(token)
            i += 1

    def heading(self, level: int, inline: Any) -> None:
        heading = self.doc.add_heading(level=min(level - 1, 4) if level > 1 else 0)
        skip = self._number(heading, inline, heading=level > 1)
        style = heading.style.element.pPr if heading.style is not None else None
        if not skip and style is not None and style.numPr is not None:
            apply(heading, 0, 0)  # a house's numbered heading style: this heading has none
        self.inline(heading, inline, skip=skip)
        self.last = heading

    def paragraph(self, inline: Any) -> None:
        paragraph = self.doc.add_paragraph()
        skip = 0
        if self.lists:
            paragraph.paragraph_format.space_after = _points(4)
            num, level = self.lists[-1]
            if not self.item_numbered:
                apply(paragraph, num, min(level, 1))
                self.item_numbered = True
            else:  # a list item's later paragraph: aligned with its text, unnumbered
                paragraph.paragraph_format.left_indent = _twips(709 * (level + 1) + 357)
        else:
            skip = self._number(paragraph, inline, heading=False)
        if self.last == "table":
            paragraph.paragraph_format.space_before = _points(8)
        self.inline(paragraph, inline, skip=skip)
        if not self.lists and inline.content[:1] in _SUPERSCRIPTS:  # a footnote: "¹ The note"
            paragraph.paragraph_format.left_indent = _twips(709)
            paragraph.paragraph_format.space_after = _points(2)
            for run in paragraph.runs if self.points else ():
                run.font.size = _points(NOTE_POINTS)
        self.last = paragraph

    def _number(self, paragraph: Any, inline: Any, *, heading: bool) -> int:
        """Number the paragraph in Word if the Markdown typed a number Word would give."""
        children = inline.children or []
        if not children or children[0].type != "text":
            return 0
        text = children[0].content
        found = self.sections.heading(text) if heading else self.sections.paragraph(text)
        if found is None:
            return 0
        num, level, length = found
        apply(paragraph, num, level)
        return length

    def fence(self, token: Any) -> None:
        self._separate()
        if token.info.strip() == "timeline":
            self._keep_caption()
            write_timeline(self.doc, self.chart, self.width, scale=self.scale)
            self.last = "table"
            return
        style = "No Spacing" if docx_page.has_style(self.doc, "No Spacing") else None
        self.last = self.doc.add_paragraph(token.content.rstrip("\n"), style=style)

    def inline(self, paragraph: Any, token: Any, skip: int = 0) -> None:
        """Write an inline token's runs, leaving out its first `skip` characters."""
        bold = italic = False
        for child in token.children or []:
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type == "em_open":
                italic = True
            elif child.type == "em_close":
                italic = False
            elif child.type in ("text", "code_inline"):
                text, skip = child.content[skip:], 0
                if text:
                    run = paragraph.add_run(text)
                    run.bold, run.italic = bold or None, italic or None
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")
            elif child.type == "image":  # never fetched or embedded: its alt text stands
                paragraph.add_run(child.content)

    def table(self, tokens: list[Any], i: int) -> int:
        rows: list[list[Any]] = []
        aligns: list[str] = []
        header_rows = 0
        in_head = False
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif kind in ("th_open",):
                style = str(tokens[i].attrGet("style") or "")
                aligns.append("right" if "right" in style else "")
            elif kind == "inline":
                rows[-1].append(tokens[i])
            i += 1
        empty_header = header_rows == 1 and not any(plain(c)[0].strip() for c in rows[0])
        body = rows[1:] if empty_header else rows
        self._separate()
        if body:
            self._keep_caption()
            write_table(
                self.doc,
                body,
                header=bool(header_rows) and not empty_header,
                aligns=aligns,
                width=self.width,
                points=self.points,
                measure=self.measure,
                write_cell=self.inline,
                plain=plain,
            )
            self.last = "table"
        return i + 1

    def _separate(self) -> None:
        """Put a paragraph between two tables, or Word and LibreOffice join them into one."""
        if self.last == "table":
            self.last = self.doc.add_paragraph()

    def _keep_lead_in(self) -> None:
        """Keep a paragraph that introduces a list ("Our aims are to:") with its first item."""
        if self.last not in (None, "table") and self.last.text.rstrip().endswith(":"):
            self.last.paragraph_format.keep_with_next = True

    def _keep_caption(self) -> None:
        """Keep the paragraph before a table (its caption or lead-in) on the table's page."""
        if self.last not in (None, "table") and self.last.text.strip():  # not a separator
            self.last.paragraph_format.keep_with_next = True


def _twips(value: int) -> Any:
    from docx.shared import Twips

    return Twips(value)


def _points(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)
