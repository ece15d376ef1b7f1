"""The geometry of a timeline chart: stages as bars on a month axis (pure).

The terminal view (`integrate timeline`) and the papers' SVG chart both draw this.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from integrate_cli.status import ProgrammeStatus

MILESTONE_KINDS = ("milestone", "go-live", "decision", "review")


class Bar(NamedTuple):
    """One stage: its dated span, or a single-day milestone marker."""

    stage_id: str
    title: str
    start: date
    end: date
    milestone: bool
    rag: str
    status: str


class Chart(NamedTuple):
    """Bars in dependency order on an axis of whole months, with the as-of day."""

    months: list[date]
    bars: list[Bar]
    undated: list[str]
    as_of: date

    def month_index(self, day: date) -> int:
        """Return the index of the month holding `day` (clamped to the axis)."""
        index = (day.year - self.months[0].year) * 12 + day.month - self.months[0].month
        return max(0, min(len(self.months) - 1, index))


def _month(day: date) -> date:
    return day.replace(day=1)


def chart(status: ProgrammeStatus) -> Chart:
    """Return the timeline of a programme's status: every dated stage, as-of on the axis."""
    bars: list[Bar] = []
    undated: list[str] = []
    for state in status.stages:
        start = state.start.start or state.due.start
        end = state.due.end or state.start.end
        if start is None or end is None:
            undated.append(state.stage.id)
            continue
        single = state.due.known and state.due.start == state.due.end and not state.start_text
        bars.append(
            Bar(
                state.stage.id,
                state.stage.title,
                start,
                end,
                single and state.stage.kind in MILESTONE_KINDS,
                state.rag,
                state.status,
            )
        )
    days = [status.as_of, *(b.start for b in bars), *(b.end for b in bars)]
    first, last = _month(min(days)), _month(max(days))
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return Chart(months, bars, undated, status.as_of)


RAG_COLOUR = {"red": "red", "amber": "yellow", "green": "green", "grey": "bright_black"}
Piece = tuple[str, str]  # text and a style name ("" for none)


def chart_lines(
    chart: Chart,
    *,
    label: int,
    cell: int = 1,
    terminal: bool = False,
    name: Callable[[str], str] = str,
) -> list[list[Piece]]:
    """Return the one text chart, as lines of (text, style) pieces: a year and month axis,
    a row per stage, the as-of marker and the stages not dated.

    `cell` characters per month. A paper's chart (terminal=False) prints RAG in capitals
    and a dot in every empty month; the terminal's adds a legend.
    """
    now = chart.month_index(chart.as_of)
    axis = [" "] * (cell * len(chart.months) + 4)
    free = 0
    for i, m in enumerate(chart.months):
        if (m.month == 1 or i == 0) and i * cell >= free:
            axis[i * cell : i * cell + 4] = list(str(m.year))
            free = i * cell + 5
    letters = "".join(calendar.month_abbr[m.month][:cell].ljust(cell) for m in chart.months)
    out: list[list[Piece]] = [
        [(" " * label + " " + "".join(axis).rstrip(), "bold")],
        [(" " * label + " " + letters.rstrip(), "dim")],
    ]
    empty = "·".ljust(cell) if cell > 1 or not terminal else " "
    for bar in chart.bars:
        shown = name(bar.stage_id)
        shown = shown if len(shown) <= label else shown[: label - 1] + "…"
        first, last = chart.month_index(bar.start), chart.month_index(bar.end)
        colour = RAG_COLOUR.get(bar.rag, "")
        row: list[Piece] = [(shown.ljust(label) + " ", "")]
        for index in range(len(chart.months)):
            if bar.milestone and index == last:
                row.append(("◆".ljust(cell), colour))
            elif not bar.milestone and first <= index <= last:
                row.append(("█" * cell, colour))
            elif index == now:
                row.append(("│".ljust(cell), "bold"))
            else:
                row.append((empty, "dim"))
        row.append((f" {bar.rag if terminal else bar.rag.upper()}", colour))
        out.append(row)
    as_of = f"as of {chart.as_of.isoformat()}" if terminal else chart.as_of.isoformat()
    out.append([(" " * (label + 1 + now * cell) + f"▲ {as_of}", "bold")])
    if chart.undated:
        out.append([(f"Not dated (TBC): {', '.join(chart.undated)}", "dim")])
    if terminal:
        out.append([("█ stage   ◆ milestone   │ as-of   colour = RAG", "dim")])
    return out


def text_chart(chart: Chart, *, label: int = 22) -> str:
    """Return the chart as plain text, one character per month (for Markdown papers)."""
    lines = chart_lines(chart, label=label)
    return "\n".join("".join(text for text, _ in line) for line in lines)
