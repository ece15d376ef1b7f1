"""Word from the paper's Markdown: real heading styles, real tables, numbered paragraphs.

A council's own .docx (`--style`) supplies styles, header, footer and logo: its body is
cleared and the paper written into it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from integrate_cli.errors import InputError
from integrate_cli.report.html import RAG_FILL, markdown_parser
from integrate_cli.report.paper import Paper
from integrate_cli.timeline import Chart


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise InputError(
            f"Word output needs the papers extra: pip install 'integrate-cli[papers]' ({exc})"
        ) from None
    return docx


def write_docx(paper: Paper, *, style: str | None = None) -> bytes:
    """Return the paper as .docx bytes with fixed metadata dates (reproducible)."""
    docx = _docx()
    try:
        document = docx.Document(style) if style else docx.Document()
    except Exception as exc:  # python-docx raises several kinds for a bad file
        raise InputError(f"--style {style}: not a Word .docx file ({exc})") from None
    if style:
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    tokens = markdown_parser().parse(paper.markdown)
    _Writer(document, paper.context["timeline_chart"]).write(tokens)
    moment = datetime(paper.day.year, paper.day.month, paper.day.day, 9, 0, 0)
    props = document.core_properties
    props.title, props.language = paper.title, "en-GB"
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


class _Writer:
    """Walks markdown-it tokens and writes python-docx blocks."""

    def __init__(self, document: Any, chart: Chart) -> None:
        self.doc = document
        self.chart = chart
        self.list_style: list[str] = []

    def write(self, tokens: list[Any]) -> None:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                heading = self.doc.add_heading(level=min(level, 4) if level > 1 else 0)
                self.inline(heading, tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                style = self.list_style[-1] if self.list_style else None
                paragraph = self.doc.add_paragraph(style=self._style(style))
                self.inline(paragraph, tokens[i + 1])
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.list_style.append(
                    "List Bullet" if kind == "bullet_list_open" else "List Number"
                )
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_style.pop()
            elif kind == "table_open":
                i = self.table(tokens, i)
                continue
            elif kind == "fence":
                if token.info.strip() == "timeline":
                    self.timeline()
                else:
                    self.doc.add_paragraph(
                        token.content.rstrip("\n"), style=self._style("No Spacing")
                    )
            i += 1

    def _style(self, name: str | None) -> str | None:
        if name is None:
            return None
        names = {s.name for s in self.doc.styles}
        return name if name in names else None

    def inline(self, paragraph: Any, token: Any) -> None:
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
                run = paragraph.add_run(child.content)
                run.bold, run.italic = bold or None, italic or None
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")
            elif child.type == "image":  # never fetched or embedded: its alt text stands
                paragraph.add_run(child.content)

    def table(self, tokens: list[Any], i: int) -> int:
        rows: list[list[Any]] = []
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
            elif kind == "inline":
                rows[-1].append(tokens[i])
            i += 1
        width = max(len(r) for r in rows)
        skip_empty_header = header_rows == 1 and not any((c.content or "").strip() for c in rows[0])
        body = rows[1:] if skip_empty_header else rows
        table = self.doc.add_table(rows=len(body), cols=width)
        if self._style("Table Grid"):
            table.style = "Table Grid"
        for r, row in enumerate(body):
            for c, cell_token in enumerate(row):
                cell = table.cell(r, c)
                self.inline(cell.paragraphs[0], cell_token)
                if r == 0 and header_rows and not skip_empty_header:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        if header_rows and not skip_empty_header:
            self._repeat_header(table.rows[0])
        return i + 1

    def _repeat_header(self, row: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        properties = row._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        properties.append(flag)

    def timeline(self) -> None:
        """Write the timeline as a table: a row per stage, month cells shaded by RAG."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        chart = self.chart
        months = chart.months
        table = self.doc.add_table(rows=len(chart.bars) + 1, cols=len(months) + 2)
        if self._style("Table Grid"):
            table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = f"Timeline as of {chart.as_of.isoformat()}"
        for n, month in enumerate(months):
            header[n + 1].text = "JFMAMJJASOND"[month.month - 1] + (
                f"\n{month.year % 100:02d}" if month.month == 1 or n == 0 else ""
            )
        header[-1].text = "RAG"
        now = chart.month_index(chart.as_of)
        for r, bar in enumerate(chart.bars, 1):
            cells = table.rows[r].cells
            cells[0].text = bar.stage_id
            first, last = chart.month_index(bar.start), chart.month_index(bar.end)
            for n in range(len(months)):
                filled = (n == last) if bar.milestone else first <= n <= last
                if filled:
                    shade = OxmlElement("w:shd")
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:fill"), RAG_FILL.get(bar.rag, "#777777").lstrip("#"))
                    cells[n + 1]._tc.get_or_add_tcPr().append(shade)
                    cells[n + 1].text = "◆" if bar.milestone else ""
                elif n == now:
                    cells[n + 1].text = "│"
            cells[-1].text = bar.rag.upper()
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7)
