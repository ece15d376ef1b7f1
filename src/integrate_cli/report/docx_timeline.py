"""The timeline in Word: a table with a row per stage and a column per month, shaded by RAG.

The columns fit the page: a long programme gets a column per quarter, half-year or year
rather than columns too narrow to read. Type is 8 pt, the stages are named by their
titles, and a key under the table says what the shading means and which stages have no
date yet.
"""

from __future__ import annotations

from typing import Any

from integrate_cli.dates import format_day
from integrate_cli.report.chart import RAG_FILL, RAG_MEANING
from integrate_cli.report.docx_tables import (
    keep_rows,
    lay_out,
    repeat_header,
    rule_lines,
    shade,
    text_twips,
    tight,
)
from integrate_cli.report.text import clean
from integrate_cli.timeline import AT_MEETING, Bar, Chart

POINTS = 8.0
NARROWEST = 230  # twips: a column an initial ("M", bold 8 pt) fits in, with its margins
STEPS = (1, 3, 6, 12)  # months per column
TODAY_FILL = "D9D9D9"
_MONTH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _spans(chart: Chart, step: int) -> list[tuple[int, int]]:
    """Return the (first, last) month index each column covers, aligned to the calendar."""
    first = chart.months[0]
    lead = (first.month - 1) % step  # a quarter column starts in Jan, Apr, Jul or Oct
    spans, start = [], -lead
    while start < len(chart.months):
        spans.append((max(0, start), min(len(chart.months), start + step) - 1))
        start += step
    return spans


def _fitting(room: int, *labels: str) -> str:
    """Return the first label that fits `room` twips (bold, 8 pt) on one line, else ""."""
    return next((text for text in labels if text_twips(text, POINTS, bold=True) <= room), "")


def _column_labels(chart: Chart, spans: list[tuple[int, int]], step: int, room: int) -> list[str]:
    """Return the columns' headings: years, or months' short names where every one fits
    `room` twips, else their initials."""
    firsts = [chart.months[start] for start, _ in spans]
    if step == 12:
        return [_fitting(room, str(m.year), f"{m.year % 100:02d}") for m in firsts]
    names = [_MONTH[m.month - 1] for m in firsts]
    if step > 1 and all(_fitting(room, name) for name in names):
        return names
    return [_fitting(room, name[0]) for name in names]


def write_timeline(document: Any, chart: Chart, width: int, *, scale: float = 1.0) -> None:
    """Write the chart as a table, then its key and the stages with no date; `scale` is
    how wide the document's font sets compared with Arial."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not chart.bars:
        _key(document, chart, 1)
        return
    longest = max(text_twips(b.title, POINTS * scale) for b in chart.bars)
    label = min(width * 7 // 20, longest + 120)
    label = max(label, 1400)
    rag = text_twips("AMBER", POINTS * scale, bold=True) + 120
    room = width - label - rag
    step = next((s for s in STEPS if len(_spans(chart, s)) * NARROWEST <= room), STEPS[-1])
    spans = _spans(chart, step)
    cell = room // len(spans)
    years = step < 12
    table = document.add_table(rows=len(chart.bars) + 1 + years, cols=len(spans) + 2)
    rule_lines(document, table)
    lay_out(table, [label, *[cell] * len(spans), width - label - cell * len(spans)])
    _narrow_margins(table)
    if years:
        _year_row(table, chart, spans, int(cell / scale))
    grid = [row.cells for row in table.rows]
    head = grid[years]
    head[0].text, head[-1].text = "Stage", "RAG"
    now = chart.month_index(chart.as_of)
    labels = _column_labels(chart, spans, step, int(cell / scale) - 80)
    for n, (start, end) in enumerate(spans):
        head[n + 1].text = labels[n]
        if start <= now <= end:
            shade(head[n + 1], TODAY_FILL)
    for bar, cells in zip(chart.bars, grid[1 + years :], strict=True):
        cells[0].text, cells[-1].text = clean(bar.title), bar.rag.upper()
        first, last = chart.month_index(bar.start), chart.month_index(bar.end)
        for n, (start, end) in enumerate(spans):
            filled = start <= last <= end if bar.milestone else start <= last and first <= end
            if filled:
                _paint(cells[n + 1], bar)
            elif start <= now <= end:
                shade(cells[n + 1], TODAY_FILL)
    size = _points()
    for r, cells in enumerate(grid):
        for c, cell_ in enumerate(cells):
            paragraph = cell_.paragraphs[0]
            tight(paragraph)
            if 0 < c < len(cells) - 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = size
                run.bold = r <= years or None
    for row in table.rows[: 1 + years]:
        repeat_header(row)
    keep_rows(table)
    _key(document, chart, step)


def _year_row(table: Any, chart: Chart, spans: list[tuple[int, int]], cell: int) -> None:
    """Label the top row with each year, merged over the year's columns."""
    cells = table.rows[0].cells
    n = 0
    while n < len(spans):
        year = chart.months[spans[n][0]].year
        last = n
        while last + 1 < len(spans) and chart.months[spans[last + 1][0]].year == year:
            last += 1
        merged = cells[n + 1].merge(cells[last + 1]) if last > n else cells[n + 1]
        merged.text = _fitting((last - n + 1) * cell - 80, str(year), f"{year % 100:02d}")
        n = last + 1


def _paint(cell: Any, bar: Bar) -> None:
    """Shade a cell of a stage's span as the PDF chart draws it: its RAG colour, pale when
    done, an outline when it is for decision at this meeting; a diamond for a milestone."""
    fill = RAG_FILL.get(bar.rag, "#777777").lstrip("#").upper()
    if bar.status == AT_MEETING:
        _outline(cell, fill)
        shade(cell, _pale(fill, 0.12))
    else:
        shade(cell, _pale(fill, 0.4) if bar.status == "done" else fill)
    if bar.milestone:
        cell.text = "\u25c6"


def _pale(fill: str, strength: float) -> str:
    """Return the colour at `strength` over white (the PDF chart's fill-opacity)."""
    channels = [int(fill[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - strength * (255 - c)):02X}" for c in channels)


def _key(document: Any, chart: Chart, step: int) -> None:
    """Write what the shading means (only what the chart shows) and the undated stages."""
    unit = {1: "month", 3: "quarter", 6: "half-year", 12: "year"}[step]
    items = [f"each column is a {unit}"]
    items += [m for rag, m in RAG_MEANING.items() if any(b.rag == rag for b in chart.bars)]
    if any(b.status == "done" for b in chart.bars):
        items.append("pale: done")
    if any(b.status == AT_MEETING for b in chart.bars):
        items.append("outline: for decision at this meeting")
    if any(b.milestone for b in chart.bars):
        items.append("\u25c6 one-day milestone")
    items.append(f"grey column: the as-of day, {format_day(chart.as_of)}")
    text = "Key: " + "; ".join(items) + "."
    if chart.tbc:
        undated = "; ".join(clean(stage.title) for stage in chart.tbc)
        text += f" No date yet (TBC), so not on the chart: {undated}."
    paragraph = document.add_paragraph()
    paragraph.add_run(text).font.size = _points()


def _points() -> Any:
    from docx.shared import Pt

    return Pt(POINTS)


def _outline(cell: Any, colour: str) -> None:
    """Draw a thick border in `colour` round the cell (before any shading, as the schema
    orders a cell's properties)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:color", colour)):
            line.set(qn(name), value)
        borders.append(line)
    properties = cell._tc.get_or_add_tcPr()
    shade = properties.find(qn("w:shd"))
    if shade is not None:
        shade.addprevious(borders)
    else:
        properties.append(borders)


def _narrow_margins(table: Any) -> None:
    """Give every cell 2 pt of side margin, so month columns can be narrow."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "40")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
