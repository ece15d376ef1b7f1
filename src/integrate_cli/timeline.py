"""The geometry of a timeline chart: stages as bars on a month axis (pure).

The terminal view (`integrate timeline`) and the papers' SVG chart both draw this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from integrate_cli.status import ProgrammeStatus

MILESTONE_KINDS = ("milestone", "go-live", "decision", "review")


@dataclass(frozen=True, slots=True)
class Bar:
    """One stage: its dated span, or a single-day milestone marker."""

    stage_id: str
    title: str
    start: date
    end: date
    milestone: bool
    rag: str
    status: str


@dataclass(frozen=True, slots=True)
class Chart:
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
