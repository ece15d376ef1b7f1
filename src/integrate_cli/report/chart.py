"""The timeline as a paper prints it: an accessible SVG sized for an A4 page (pure).

Units are points: the drawing is WIDTH points wide and is placed at the full text width
of an A4 page (html.py's CSS), so a font-size of 9 prints as 9 pt. No text is set below
MIN_FONT. Labels are short titles; the axis is years over months (quarters or years for
a long programme); a key says what the colours and marks mean; the alt text lists every
stage with its dates as written and its RAG; stages with no date are listed under it.
"""

from __future__ import annotations

import html
from calendar import monthrange
from datetime import date, timedelta

from integrate_cli.dates import MONTH_NAMES, format_day
from integrate_cli.report.text import clean
from integrate_cli.timeline import AT_MEETING, Bar, Chart, add_months
from integrate_cli.titles import short_title

WIDTH = 480.0  # points; an A4 page less 2 cm margins is 481.9 pt
FONT = 9.0  # stage labels
SMALL = 8.5  # axis, RAG and key
MIN_FONT = 8.0
RAG_FILL = {"red": "#c0392b", "amber": "#e0a800", "green": "#2e7d32", "grey": "#9e9e9e"}
RAG_MEANING = {
    "green": "Green: on track",
    "amber": "Amber: due soon or started late",
    "red": "Red: late or blocked",
    "grey": "Grey: no date yet or dropped",
}
ROW, TOP, LABEL_MAX, RAG_W = 16.0, 30.0, 170.0, 40.0
_EM = {  # character widths of Arial (Liberation Sans), in ems, by class
    **dict.fromkeys("ijlI.,:;'|! ", 0.28),
    **dict.fromkeys("frt()-[]/", 0.34),
    **dict.fromkeys("mwMW…", 0.9),
    **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ&", 0.72),
}


def text_width(text: str, size: float) -> float:
    """Return about how wide `text` is at `size` points in Arial (a little generous)."""
    return size * sum(_EM.get(char, 0.56) for char in text)


def _axis(chart: Chart) -> tuple[date, int]:
    """Return the first month and the number of months the drawing spans: whole quarters
    for up to two years, whole years beyond, so that every year has room for its label."""
    first, last = chart.months[0], chart.months[-1]
    pad = 3 if len(chart.months) <= 24 else 12
    start = date(first.year, first.month - (first.month - 1) % pad, 1)
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    return start, -(-months // pad) * pad


class _Plot:
    """Where a day is drawn: months of `cell` points from `x0`."""

    def __init__(self, first: date, count: int, x0: float, width: float) -> None:
        self.first, self.count, self.x0 = first, count, x0
        self.cell = width / count

    def x(self, day: date) -> float:
        """Return the x of the start of `day`, clamped to the plot."""
        months = (day.year - self.first.year) * 12 + day.month - self.first.month
        offset = months + (day.day - 1) / monthrange(day.year, day.month)[1]
        return round(self.x0 + max(0.0, min(self.count, offset)) * self.cell, 2)


def _text(x: float, y: float, text: str, size: float, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}" font-size="{size:g}"{extra}>{html.escape(text)}</text>'


def _axis_marks(plot: _Plot, bottom: float) -> list[str]:
    """Return the year labels (each once, in order), month or quarter labels, gridlines."""
    parts, year_w = [], text_width("2000", SMALL) + 4
    every = max(1, -(-year_w // (12 * plot.cell)))
    abbr = text_width("May", SMALL) + 2
    labels = 3 if plot.cell >= abbr else 1 if plot.cell >= 7 else 0
    quarters = 0 if labels else 3 if 3 * plot.cell >= abbr else 1 if 3 * plot.cell >= 7 else 0
    for i in range(plot.count):
        month = add_months(plot.first, i)
        x = plot.x0 + i * plot.cell
        if month.month == 1 or i == 0:
            if (month.year - plot.first.year) % every == 0:
                parts.append(_text(x + 1, 10, str(month.year), SMALL, ' font-weight="bold"'))
            shade = "#999" if month.month == 1 else "#ddd"
            parts.append(f'<line x1="{x:g}" y1="13" x2="{x:g}" y2="{bottom:g}" stroke="{shade}"/>')
        elif (labels or quarters) and month.month % 3 == 1:
            parts.append(f'<line x1="{x:g}" y1="15" x2="{x:g}" y2="{bottom:g}" stroke="#e4e4e4"/>')
        name = MONTH_NAMES[month.month - 1]
        if labels:
            middle = ' fill="#444" text-anchor="middle"'
            parts.append(_text(x + plot.cell / 2, 23, name[:labels], SMALL, middle))
        elif quarters and month.month % 3 == 1:
            parts.append(_text(x + 1.5, 23, name[:quarters], SMALL, ' fill="#444"'))
    return parts


def _bar(plot: _Plot, bar: Bar, y: float) -> str:
    fill = RAG_FILL.get(bar.rag, "#777")
    paint = f'fill="{fill}" stroke="{fill}" stroke-width="0.6"'
    if bar.status == "done":
        paint += ' fill-opacity="0.4"'
    elif bar.status == AT_MEETING:  # an outline: what this meeting is asked to decide
        paint = f'fill="{fill}" stroke="{fill}" stroke-width="1.6" fill-opacity="0.12"'
    if bar.milestone:
        cx = plot.x(bar.end) + plot.cell / 60
        cy = y + ROW / 2
        return (
            f'<polygon points="{cx:g},{cy - 5:g} {cx + 5:g},{cy:g} {cx:g},{cy + 5:g} '
            f'{cx - 5:g},{cy:g}" {paint}/>'
        )
    x1, x2 = plot.x(bar.start), plot.x(bar.end + timedelta(days=1))
    return f'<rect x="{x1:g}" y="{y + 3.5:g}" width="{max(3.0, x2 - x1):g}" height="9" {paint}/>'


def _key(chart: Chart, y: float) -> tuple[list[str], float]:
    """Return the key (only what the chart shows), wrapped to the width, and its bottom."""
    items: list[tuple[str, str]] = []
    for rag, meaning in RAG_MEANING.items():
        if any(b.rag == rag for b in chart.bars):
            items.append((f'<rect width="12" height="8" y="-7" fill="{RAG_FILL[rag]}"/>', meaning))
    if any(b.status == "done" for b in chart.bars):
        box = '<rect width="12" height="8" y="-7" fill="#2e7d32" fill-opacity="0.4"/>'
        items.append((box, "pale: done"))
    if any(b.status == AT_MEETING for b in chart.bars):
        box = '<rect width="12" height="8" y="-7" fill="#fff" stroke="#333" stroke-width="1.6"/>'
        items.append((box, "outline: for decision at this meeting"))
    if any(b.milestone for b in chart.bars):
        items.append(('<polygon points="6,-8 11,-3 6,2 1,-3" fill="#555"/>', "one-day milestone"))
    line = '<line x1="6" y1="-9" x2="6" y2="3" stroke="#000" stroke-dasharray="2,1.5"/>'
    items.append((line, "the as-of day"))
    parts, x = [], 0.0
    for mark, words in items:
        wide = 16 + text_width(words, SMALL) + 12
        if x and x + wide > WIDTH:
            x, y = 0.0, y + 13
        parts.append(f'<g transform="translate({x:g},{y:g})">{mark}</g>')
        parts.append(_text(x + 16, y, words, SMALL))
        x += wide
    return parts, y + 5


def alt_text(chart: Chart) -> str:
    """Return what the chart shows, in words: each stage with its dates as written and RAG."""
    rows = []
    for bar in chart.bars:
        dates = []
        if bar.start_date.text:
            dates.append(f"starts {chart.written(bar.start_date)}")
        if bar.due_date.text:
            dates.append(f"due {chart.written(bar.due_date)}")
        done = {"done": ", done", AT_MEETING: ", for decision at this meeting"}.get(bar.status, "")
        rows.append(f"{bar.title}: {', '.join(dates) or 'no date'}; {bar.rag.upper()}{done}.")
    for stage in chart.tbc:
        rows.append(f"{stage.title}: not dated ({chart.written(stage.due_date) or 'TBC'}).")
    head = f"Timeline of {len(chart.bars) + len(chart.tbc)} stages as of {format_day(chart.as_of)}."
    return " ".join([head, *rows])


def svg_chart(chart: Chart) -> str:
    """Return the timeline as an inline SVG: labelled bars and milestones, a year and month
    axis, the as-of line and a key; its title and description are the alt text."""
    labels = [
        short_title(b.title, LABEL_MAX, width=lambda t: text_width(t, FONT)) for b in chart.bars
    ]
    label_w = max((text_width(t, FONT) for t in labels), default=60.0) + 8
    first, count = _axis(chart)
    plot = _Plot(first, count, label_w, WIDTH - label_w - RAG_W)
    bottom = TOP + ROW * len(chart.bars)
    parts = _axis_marks(plot, bottom)
    for n, (label, bar) in enumerate(zip(labels, chart.bars, strict=True)):
        y = TOP + n * ROW
        parts.append(_text(0, y + 11.5, label, FONT))
        parts.append(_bar(plot, bar, y))
        bold = ' font-weight="bold"'
        parts.append(_text(WIDTH - RAG_W + 6, y + 11.5, bar.rag.upper(), SMALL, bold))
    now = plot.x(chart.as_of)
    as_of = f"as of {format_day(chart.as_of)}"
    anchor = ' text-anchor="end"' if now + text_width(as_of, SMALL) > WIDTH else ""
    parts.append(
        f'<line x1="{now:g}" y1="{TOP - 4:g}" x2="{now:g}" y2="{bottom + 2:g}" stroke="#000" '
        f'stroke-dasharray="3,2"/>'
    )
    parts.append(_text(now + (-3 if anchor else 3), bottom + 12, as_of, SMALL, anchor))
    key, height = _key(chart, bottom + 32)
    parts.extend(key)
    alt = html.escape(clean(alt_text(chart)))
    return clean(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {height:g}" '
        f'role="img" aria-label="{alt}" font-family="Arial, Liberation Sans, sans-serif">'
        f"<title>{alt}</title>{''.join(parts)}</svg>"
    )


def figure(chart: Chart) -> str:
    """Return the chart as an HTML figure: the SVG, then the stages not dated, by title."""
    tbc = ""
    if chart.tbc:
        items = "".join(
            f"<li>{html.escape(s.title)} ({html.escape(chart.written(s.due_date) or 'TBC')})</li>"
            for s in chart.tbc
        )
        tbc = f"<p>Not on the chart, as they have no date yet:</p><ul>{items}</ul>"
    return clean(f'<figure class="timeline">{svg_chart(chart)}{tbc}</figure>\n')
