"""Word tables a reader can use: columns fitted to their content, figures right-aligned,
the header row repeated on each page, small tables kept whole and with their caption.

Column widths are worked out here rather than left to Word's autofit, which LibreOffice
does not apply to a .docx: each column gets at least its longest word (so no word is split
across lines) and the rest of the line in proportion to how much text it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from integrate_cli.report.chart import RAG_FILL
from integrate_cli.report.docx_page import has_style

_DASHES = "\u2212\u2013"  # minus sign, en dash
FIGURE = re.compile(
    rf"^[(\-{_DASHES}]?\s?[£$€]?\s?[-{_DASHES}]?\d[\d,]*(\.\d+)?\s?(%|k|m|bn|K|M)?\)?$"
)  # £20,968  -£5m  (1,200)  12.5%  3
PLACEHOLDER = {"", "\u2014", "\u2013", "-", "n/a", "N/A", "TBC"}
CELL_PADDING = 2 * 108 + 60  # Word's default cell margins, and a little air (twips)
LONGEST_WORD = 20  # characters; a longer word is broken (as in the HTML)
HEADER_FILL = "E8E8E8"  # as the HTML's header cells
RAG_TEXT = {"amber": "000000"}  # black on amber, white on the other colours
# Arial's advance widths in thousandths of an em (Liberation Sans has the same metrics).
_LOWER = "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500"
_UPPER = "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667"
_WIDTHS = {
    **dict(zip("abcdefghijklmnopqrstuv", map(int, _LOWER.split()), strict=True)),
    **dict(zip("wxyz", (722, 500, 500, 500), strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUV", map(int, _UPPER.split()), strict=True)),
    **dict(zip("WXYZ", (944, 667, 667, 611), strict=True)),
    **dict.fromkeys(" .,:;/", 278),
    **{"'": 191, "-": 333, "(": 333, ")": 333, "%": 889, "&": 667, "|": 260},
    **{"\u2014": 1000, "\u2013": 556},  # em dash, en dash
}
_OTHER = 600  # digits, £ and most else are 556; a little over for anything unlisted


def text_twips(text: str, points: float, bold: bool = False) -> int:
    """Return the width of `text` set in Arial at `points`, in twips."""
    thousandths = sum(_WIDTHS.get(char, 556 if char.isdigit() else _OTHER) for char in text)
    return int(thousandths * points * 20 / 1000 * (1.1 if bold else 1.0))


def bounds(cells: list[list[tuple[str, bool]]], points: float) -> tuple[list[int], list[int]]:
    """Return each column's narrowest width (its longest word) and widest (its longest
    text on one line), in twips with the cells' padding."""
    columns = max(len(row) for row in cells)
    least = [CELL_PADDING] * columns
    most = [CELL_PADDING] * columns
    for row in cells:
        for c, (text, bold) in enumerate(row):
            words = [w[:LONGEST_WORD] for w in text.split()] or [""]
            word = max(text_twips(w, points, bold) for w in words)
            least[c] = max(least[c], word + CELL_PADDING)
            most[c] = max(most[c], text_twips(text, points, bold) + CELL_PADDING)
    return least, most


def fit_columns(cells: list[list[tuple[str, bool]]], width: int, points: float) -> list[int]:
    """Return column widths (twips) summing to `width`, for rows of (text, bold) cells.

    Every column first gets its longest word, and a column of short texts its longest
    text; what is left of the line is shared among the other columns in proportion to
    how much longer their longest text is. A table whose texts all fit on one line is
    widened in proportion to them.
    """
    columns = max(len(row) for row in cells)
    least, most = bounds(cells, points)
    if sum(least) >= width:  # the words alone do not fit: share the line by them
        return _share(least, width)
    if sum(most) <= width:  # everything fits on one line: widen in proportion
        return _share(most, width)
    # A column whose whole text is shorter than an even share keeps it on one line
    # (when that leaves the other columns their longest words).
    short = {c for c in range(columns) if most[c] <= width / columns}
    base = [most[c] if c in short else least[c] for c in range(columns)]
    if sum(base) > width:
        short, base = set(), least
    extra = [0 if c in short else most[c] - least[c] for c in range(columns)]
    spare, total = width - sum(base), sum(extra) or 1
    return _share([b + spare * e / total for b, e in zip(base, extra, strict=True)], width)


def _share(weights: list[float] | list[int], width: int) -> list[int]:
    total = sum(weights) or 1
    widths = [int(width * w / total) for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def is_figure(text: str) -> bool:
    """Return True for a cell holding a number or an amount of money."""
    return bool(FIGURE.match(text.strip()))


def figure_columns(cells: list[list[tuple[str, bool]]], first_body: int) -> set[int]:
    """Return the columns whose body cells are all figures (placeholders aside)."""
    found: set[int] = set()
    columns = max(len(row) for row in cells)
    for c in range(columns):
        texts = [row[c][0].strip() for row in cells[first_body:] if c < len(row)]
        filled = [t for t in texts if t not in PLACEHOLDER]
        if filled and all(is_figure(t) for t in filled):
            found.add(c)
    return found


def rule_lines(document: Any, table: Any) -> None:
    """Give the table Word's "Table Grid" style, or its single lines where a house style
    has no such style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if has_style(document, "Table Grid"):
        table.style = "Table Grid"
        return
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0")):
            line.set(qn(name), value)
        line.set(qn("w:color"), "auto")
        borders.append(line)
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))  # the schema puts the borders after tblW
    if tbl_w is not None:
        tbl_w.addnext(borders)
    else:
        table._tbl.tblPr.append(borders)


def shade(cell: Any, fill: str) -> None:
    """Fill a cell's background with the colour `fill` (hex, no #)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    following = next((child for child in properties if child.tag in _AFTER_SHADING), None)
    if following is not None:
        following.addprevious(shading)
    else:
        properties.append(shading)


def lay_out(table: Any, widths: list[int]) -> None:
    """Fix the table's layout to `widths`: tblW, tblGrid/gridCol and every cell's tcW."""
    from docx.oxml.ns import qn
    from docx.shared import Twips

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))  # python-docx writes one in every new table
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(sum(widths)))
        tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Twips(width)


def repeat_header(row: Any) -> None:
    """Mark `row` as the header row Word repeats at the top of each page."""
    _row_flag(row, "w:tblHeader")


def keep_rows(table: Any) -> None:
    """Never split a row across pages, and keep the first row with the second, so that a
    caption kept with the table has the header and a first line of figures under it.

    Only the first row: LibreOffice reads keep-with-next on a table's rows as "keep the
    table with the next paragraph", and tables so chained push a paper's last lines onto
    a page of their own.
    """
    rows = list(table.rows)
    for row in rows:
        _row_flag(row, "w:cantSplit")
    if len(rows) > 1:
        for cell in rows[0].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


_AFTER_SHADING = frozenset(
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag
    for tag in ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
)
_ROW_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc")


def _row_flag(row: Any, tag: str) -> None:
    """Set a row property, in the order the schema gives (Word refuses others)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is not None:
        return
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    later = {qn(t) for t in _ROW_ORDER[_ROW_ORDER.index(tag) + 1 :]}
    following = next((child for child in properties if child.tag in later), None)
    if following is not None:
        following.addprevious(flag)
    else:
        properties.append(flag)


def tight(paragraph: Any, *, right: bool = False) -> None:
    """Give a cell's paragraph no space after it, single lines, and right-align figures."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_after = fmt.space_before = Pt(0)
    fmt.line_spacing = 1.0
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_table(
    document: Any,
    rows: list[list[Any]],
    *,
    header: bool,
    aligns: list[str],
    width: int,
    points: float | None,
    measure: float,
    write_cell: Callable[[Any, Any], None],
    plain: Callable[[Any], tuple[str, bool]],
) -> Any:
    """Write Markdown table rows (inline tokens) as a fitted Word table; return it.

    `aligns` holds each column's Markdown alignment ("right" for `---:`); `points` is the
    table's type size (None: the document's own); `measure` the size in Arial that sets as
    wide as the table's text; `plain` gives a cell's text and boldness.
    """
    from docx.shared import Pt, RGBColor

    columns = max(len(r) for r in rows)
    cells = [[plain(token) for token in row] for row in rows]
    if header:  # the header row is set in bold
        cells[0] = [(text, True) for text, _ in cells[0]]
    table = document.add_table(rows=len(rows), cols=columns)
    rule_lines(document, table)
    right = figure_columns(cells, 1 if header else 0)
    right |= {c for c, a in enumerate(aligns) if a == "right"}
    if points is not None:  # the paper's own style: smaller type before split words
        for smaller in (points - 1, points - 2):
            if sum(bounds(cells, measure)[0]) <= width:
                break
            measure, points = measure * smaller / points, smaller
    lay_out(table, fit_columns(cells, width, measure))
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            paragraph = cell.paragraphs[0]
            if c < len(rows[r]):
                write_cell(paragraph, rows[r][c])
            tight(paragraph, right=c in right)
            rag = cell.text.strip().lower() if r or not header else ""
            if r == 0 and header:
                shade(cell, HEADER_FILL)
            elif rag in RAG_FILL:  # as the HTML shows it: white on the colour
                shade(cell, RAG_FILL[rag].lstrip("#").upper())
            for run in paragraph.runs:
                if (r == 0 and header) or rag in RAG_FILL:
                    run.bold = True
                if rag in RAG_FILL:
                    run.font.color.rgb = RGBColor.from_string(RAG_TEXT.get(rag, "FFFFFF"))
                if points:
                    run.font.size = Pt(points)
    if header:
        repeat_header(table.rows[0])
    keep_rows(table)
    return table
