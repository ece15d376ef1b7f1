"""The terminal Gantt chart for `integrate timeline`."""

from __future__ import annotations

from integrate_cli.cli.layout import Line, printable
from integrate_cli.timeline import Chart, chart_lines


def render(chart: Chart, width: int) -> list[Line]:
    """Return the chart as styled lines no wider than `width`: a year and month axis
    (quarters or years for a long programme), a row per stage, the as-of line, a key."""
    lines = chart_lines(chart, width=width, terminal=True)
    return [[(printable(text), style) for text, style in line] for line in lines]
