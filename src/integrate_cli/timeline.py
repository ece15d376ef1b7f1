"""The geometry of a timeline chart: stages as bars on a month axis (pure).

The terminal view (`integrate timeline`) and the papers' SVG chart both draw this.
"""

from __future__ import annotations

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


def text_chart(chart: Chart, *, label: int = 22) -> str:
    """Return the chart as plain text, one character per month (for Markdown papers)."""
    import calendar

    lines = [" " * label + " " + "".join(calendar.month_abbr[m.month][0] for m in chart.months)]
    years = [" "] * (len(chart.months) + 4)
    free = 0
    for i, m in enumerate(chart.months):
        if (m.month == 1 or i == 0) and i >= free:
            years[i : i + 4] = list(str(m.year))
            free = i + 5
    lines.insert(0, " " * label + " " + "".join(years).rstrip())
    now = chart.month_index(chart.as_of)
    for bar in chart.bars:
        first, last = chart.month_index(bar.start), chart.month_index(bar.end)
        cells = []
        for i in range(len(chart.months)):
            if bar.milestone and i == last:
                cells.append("◆")
            elif not bar.milestone and first <= i <= last:
                cells.append("█")
            else:
                cells.append("│" if i == now else "·")
        name = bar.stage_id if len(bar.stage_id) <= label else bar.stage_id[: label - 1] + "…"
        lines.append(f"{name:<{label}} {''.join(cells)} {bar.rag.upper()}")
    lines.append(" " * (label + 1 + now) + f"▲ {chart.as_of.isoformat()}")
    if chart.undated:
        lines.append(f"Not dated (TBC): {', '.join(chart.undated)}")
    return "\n".join(lines)
