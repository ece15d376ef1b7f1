"""The terminal Gantt chart for `integrate timeline`."""

from __future__ import annotations

import calendar

from rich.text import Text

from integrate_cli.timeline import Chart

RAG_COLOUR = {"red": "red", "amber": "yellow", "green": "green", "grey": "bright_black"}
LABEL = 24


def render(chart: Chart, width: int) -> Text:
    """Return the chart as rich Text: a year/month axis, one row per stage, the as-of line."""
    cell = max(1, min(4, (width - LABEL - 1) // max(1, len(chart.months))))
    now = chart.month_index(chart.as_of)
    out = Text()
    axis = [" "] * (cell * len(chart.months) + 4)
    free = 0
    for i, m in enumerate(chart.months):
        if (m.month == 1 or i == 0) and i * cell >= free:
            axis[i * cell : i * cell + 4] = list(str(m.year))
            free = i * cell + 5
    years = "".join(axis)
    out.append(" " * LABEL + " " + years.rstrip() + "\n", style="bold")
    letters = "".join(
        calendar.month_abbr[m.month][:cell].ljust(cell)
        if cell > 1
        else calendar.month_abbr[m.month][0]
        for m in chart.months
    )
    out.append(" " * LABEL + " " + letters.rstrip() + "\n", style="dim")
    for bar in chart.bars:
        label = bar.stage_id if len(bar.stage_id) <= LABEL else bar.stage_id[: LABEL - 1] + "…"
        out.append(label.ljust(LABEL) + " ")
        first, last = chart.month_index(bar.start), chart.month_index(bar.end)
        colour = RAG_COLOUR.get(bar.rag, "")
        for index in range(len(chart.months)):
            if bar.milestone and index == last:
                out.append("◆".ljust(cell), style=colour)
            elif not bar.milestone and first <= index <= last:
                out.append("█" * cell, style=colour)
            elif index == now:
                out.append("│".ljust(cell), style="bold")
            else:
                out.append("·".ljust(cell) if cell > 1 else " ", style="dim")
        out.append(f" {bar.rag}\n", style=colour)
    marker = " " * (LABEL + 1 + now * cell) + f"▲ as of {chart.as_of.isoformat()}"
    out.append(marker + "\n", style="bold")
    if chart.undated:
        out.append(f"Not dated (TBC): {', '.join(chart.undated)}\n", style="dim")
    out.append("█ stage   ◆ milestone   │ as-of   colour = RAG\n", style="dim")
    return out
