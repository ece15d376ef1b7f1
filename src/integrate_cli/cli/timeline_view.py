"""The terminal Gantt chart for `integrate timeline`."""

from __future__ import annotations

from integrate_cli.cli.layout import Line, printable
from integrate_cli.timeline import Chart, chart_lines

LABEL = 24


def render(chart: Chart, width: int) -> list[Line]:
    """Return the chart as styled lines: a year/month axis, a row per stage, the as-of line."""
    cell = max(1, min(4, (width - LABEL - 1) // max(1, len(chart.months))))
    return chart_lines(chart, label=LABEL, cell=cell, terminal=True, name=printable)
