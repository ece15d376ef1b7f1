"""The terminal Gantt chart for `integrate timeline`."""

from __future__ import annotations

import calendar

from integrate_cli.cli.layout import Line, printable
from integrate_cli.timeline import Chart

RAG_COLOUR = {"red": "red", "amber": "yellow", "green": "green", "grey": "bright_black"}
LABEL = 24


def render(chart: Chart, width: int) -> list[Line]:
    """Return the chart as styled lines: a year/month axis, a row per stage, the as-of line."""
    cell = max(1, min(4, (width - LABEL - 1) // max(1, len(chart.months))))
    now = chart.month_index(chart.as_of)
    out: list[Line] = []
    axis = [" "] * (cell * len(chart.months) + 4)
    free = 0
    for i, m in enumerate(chart.months):
        if (m.month == 1 or i == 0) and i * cell >= free:
            axis[i * cell : i * cell + 4] = list(str(m.year))
            free = i * cell + 5
    years = "".join(axis)
    out.append([(" " * LABEL + " " + years.rstrip(), "bold")])
    letters = "".join(
        calendar.month_abbr[m.month][:cell].ljust(cell)
        if cell > 1
        else calendar.month_abbr[m.month][0]
        for m in chart.months
    )
    out.append([(" " * LABEL + " " + letters.rstrip(), "dim")])
    for bar in chart.bars:
        name = printable(bar.stage_id)
        label = name if len(name) <= LABEL else name[: LABEL - 1] + "…"
        row: Line = [(label.ljust(LABEL) + " ", "")]
        first, last = chart.month_index(bar.start), chart.month_index(bar.end)
        colour = RAG_COLOUR.get(bar.rag, "")
        for index in range(len(chart.months)):
            if bar.milestone and index == last:
                row.append(("◆".ljust(cell), colour))
            elif not bar.milestone and first <= index <= last:
                row.append(("█" * cell, colour))
            elif index == now:
                row.append(("│".ljust(cell), "bold"))
            else:
                row.append(("·".ljust(cell) if cell > 1 else " ", "dim"))
        row.append((f" {bar.rag}", colour))
        out.append(row)
    marker = " " * (LABEL + 1 + now * cell) + f"▲ as of {chart.as_of.isoformat()}"
    out.append([(marker, "bold")])
    if chart.undated:
        out.append([(f"Not dated (TBC): {', '.join(chart.undated)}", "dim")])
    out.append([("█ stage   ◆ milestone   │ as-of   colour = RAG", "dim")])
    return out
