"""The timeline of a programme: stages as bars on a month axis (pure).

`chart()` gathers the bars once; the terminal (`integrate timeline`), a paper's text
chart, its SVG (report/chart.py) and its Word table all draw that one value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import NamedTuple

from integrate_cli.dates import ABSENT, MONTH_NAMES, When, format_day
from integrate_cli.stage_state import ProgrammeStatus
from integrate_cli.titles import short_title

MILESTONE_KINDS = ("milestone", "go-live", "decision", "review")


class Bar(NamedTuple):
    """One dated stage: its span, or a single-day milestone marker, and its dates as written."""

    stage_id: str
    title: str
    start: date
    end: date
    milestone: bool
    rag: str
    status: str
    start_date: When = ABSENT
    due_date: When = ABSENT


class Undated(NamedTuple):
    """A stage with no date to place it by (TBC): listed under a chart, never left off."""

    stage_id: str
    title: str
    due_date: When
    rag: str
    status: str


class Chart(NamedTuple):
    """Bars in dependency order on an axis of whole months, with the as-of day."""

    months: list[date]
    bars: list[Bar]
    undated: list[str]  # the ids of the stages in `tbc`
    as_of: date
    anchors: dict[str, str] = {}  # noqa: RUF012 - read only: anchor id -> its title
    tbc: tuple[Undated, ...] = ()  # the stages with no date, in dependency order
    words: Callable[[When], str] | None = None  # how the paper writes a date, if given

    def month_index(self, day: date) -> int:
        """Return the index of the month holding `day` (clamped to the axis)."""
        index = (day.year - self.months[0].year) * 12 + day.month - self.months[0].month
        return max(0, min(len(self.months) - 1, index))

    def written(self, when: When) -> str:
        """Return a date as the playbook writes it, for a reader: a relative date names
        its anchor by title and adds the resolved day ("6 months after go-live (Oct 2017)").
        A paper's own wording (`words`) is used when the chart was given one."""
        if self.words is not None:
            return self.words(when)
        if when.form != "relative" or when.anchor is None:
            return when.text
        resolved = window_text(when)
        title = self.anchors.get(when.anchor)
        if title is None or when.anchor not in when.text:
            return resolved
        return f"{when.text.replace(when.anchor, title)} ({resolved})"


def window_text(when: When) -> str:
    """Return a resolved window in words: a day, a month, or "from ... to ..."; TBC if none."""
    start, end = when.window
    if start is None or end is None:
        return "TBC"
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    return f"{format_day(start)} to {format_day(end)}"


def month_of(day: date) -> date:
    """Return the first day of the month holding `day`."""
    return day.replace(day=1)


def add_months(day: date, count: int) -> date:
    """Return the first day of the month `count` months after `day`'s."""
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


AT_MEETING = "at-meeting"  # a bar's status: for decision at the meeting the paper goes to


def chart(
    status: ProgrammeStatus,
    *,
    at_meeting: Collection[str] = (),
    words: Callable[[When], str] | None = None,
) -> Chart:
    """Return the timeline of a programme's status: every dated stage, as-of on the axis,
    and the stages with no date (TBC) apart.

    A paper passes the stages its meeting is asked to decide (`at_meeting`: shown as for
    decision, not done, whatever the file records for that day) and its date wording.
    """
    bars: list[Bar] = []
    undated: list[Undated] = []
    anchors: dict[str, str] = {}
    for state in status.stages:
        stage = state.stage
        anchors[stage.id] = stage.title
        for criterion in stage.criteria:
            anchors[f"{stage.id}.{criterion.id}"] = criterion.title
        for decision in stage.decisions:
            anchors[f"{stage.id}.{decision.id}"] = decision.title
        start = state.start.start or state.due.start
        end = state.due.end or state.start.end
        shown = AT_MEETING if stage.id in at_meeting else state.status
        if start is None or end is None:
            undated.append(Undated(stage.id, stage.title, stage.due_date, state.rag, shown))
            continue
        single = state.due.known and state.due.start == state.due.end and not state.start_text
        milestone = single and stage.kind in MILESTONE_KINDS
        bars.append(
            Bar(
                stage.id,
                stage.title,
                start,
                end,
                milestone,
                state.rag,
                shown,
                stage.start_date,
                stage.due_date,
            )
        )
    days = [status.as_of, *(b.start for b in bars), *(b.end for b in bars)]
    first, last = month_of(min(days)), month_of(max(days))
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    ids = [u.stage_id for u in undated]
    return Chart(months, bars, ids, status.as_of, anchors, tuple(undated), words)


RAG_COLOUR = {"red": "red", "amber": "yellow", "green": "green", "grey": "bright_black"}
Piece = tuple[str, str]  # text and a style name ("" for none)
SCALE = {1: "a month", 3: "a quarter", 12: "a year"}
YEAR_ROOM = 5  # a year label and a space


class TextAxis(NamedTuple):
    """A text chart's columns: `slots` slots of `step` months, `cell` characters each,
    from `first`; a year is labelled every `every` slots when slots are years or longer."""

    first: date
    step: int
    cell: int
    slots: int
    every: int = 1

    def slot(self, day: date) -> int:
        """Return the slot holding `day` (clamped to the axis)."""
        months = (day.year - self.first.year) * 12 + day.month - self.first.month
        return max(0, min(self.slots - 1, months // self.step))


def text_axis(chart: Chart, columns: int) -> TextAxis:
    """Return the finest axis whose slots fit in `columns` characters: months (4 to 1
    characters each), then quarters, then years; the start is moved back to a quarter or
    a year so that every year label has room and none runs into the next."""
    first, last = chart.months[0], chart.months[-1]

    def slots(step: int, cell: int, pad: int) -> TextAxis:
        start = date(first.year, first.month - (first.month - 1) % pad, 1)
        months = (last.year - start.year) * 12 + last.month - start.month + 1
        return TextAxis(start, step, cell, -(-months // step))

    for step, cell in ((1, 4), (1, 3), (1, 2), (1, 1), (3, 3), (3, 2)):
        axis = slots(step, cell, 3 if step == 1 and cell > 1 else 12)
        if axis.slots * cell <= columns:
            return axis
    years = last.year - first.year + 1
    for cell in (5, 4, 3, 2, 1):
        if years * cell <= columns:
            return slots(12, cell, 12)._replace(every=-(-YEAR_ROOM // cell))
    step = 12 * -(-years // max(1, columns))
    axis = slots(step, 1, 12)
    return axis._replace(every=YEAR_ROOM)


def _axis_rows(axis: TextAxis) -> tuple[str, str]:
    """Return the year row and the month (or quarter) row of an axis, unpadded."""
    years = [" "] * (axis.slots * axis.cell + 4)
    months = []
    for i in range(axis.slots):
        month = add_months(axis.first, i * axis.step)
        if axis.step >= 12:
            if i % axis.every == 0:
                years[i * axis.cell : i * axis.cell + 4] = str(month.year)
            continue
        if month.month == 1 or i == 0:
            years[i * axis.cell : i * axis.cell + 4] = str(month.year)
        name = MONTH_NAMES[month.month - 1]
        months.append(name[:3].ljust(axis.cell) if axis.cell >= 3 else name[0].ljust(axis.cell))
    return "".join(years).rstrip(), "".join(months).rstrip()


def _wrapped(items: list[str], width: int, first: str = "", sep: str = "   ") -> list[str]:
    """Return `items` separated by `sep` in lines of at most `width` characters; a line
    after the first is indented by two spaces, an item too long for a line is shortened."""
    mark, gap = sep.rstrip(), " " if sep.strip() else sep
    words = [item + (mark if i < len(items) - 1 else "") for i, item in enumerate(items)]
    lines, line = [], first
    for word in words:
        word = short_title(word, width - 2)
        joined = line + (gap if line != first else "") + word
        if len(joined) > width and line.strip():
            lines.append(line.rstrip())
            line = "  " + word
        else:
            line = joined
    return [*lines, line.rstrip()] if line.strip() else lines


def chart_lines(chart: Chart, *, width: int, terminal: bool = False) -> list[list[Piece]]:
    """Return the one text chart in at most `width` characters a line, as (text, style)
    pieces: a year and month axis, a row per stage with its RAG, the as-of marker, the
    stages not dated and a key.

    The terminal's rows are named by stage id (what `integrate complete` takes) and RAG
    in lower case; a paper's by short title, RAG in capitals.
    """
    limit = max(8, min(24, (width - 7) // 3) if terminal else min(32, width * 2 // 5))
    names = [bar.stage_id if terminal else short_title(bar.title, limit) for bar in chart.bars]
    label = min(limit, max((len(n) for n in names), default=8))
    names = [n if len(n) <= label else short_title(n, label) for n in names]
    axis = text_axis(chart, width - label - 7)
    cell = axis.cell
    years, months = _axis_rows(axis)
    out: list[list[Piece]] = [[(" " * (label + 1) + years, "bold")]]
    if months:
        out.append([(" " * (label + 1) + months, "dim")])
    now = axis.slot(chart.as_of)
    for shown, bar in zip(names, chart.bars, strict=True):
        done = bar.status == "done"
        first, last = axis.slot(bar.start), axis.slot(bar.end)
        colour = RAG_COLOUR.get(bar.rag, "")
        row: list[Piece] = [(shown.ljust(label) + " ", "")]
        for index in range(axis.slots):
            if bar.milestone and index == last:
                row.append((("◇" if done else "◆").ljust(cell), colour))
            elif not bar.milestone and first <= index <= last:
                row.append((("▒" if done else "█") * cell, colour))
            elif index == now:
                row.append(("│".ljust(cell), "bold"))
            else:
                row.append(("·".ljust(cell), "dim"))
        row.append((f" {bar.rag if terminal else bar.rag.upper()}", colour))
        out.append(row)
    marker = label + 1 + now * cell
    as_of = f"as of {format_day(chart.as_of)}"
    if marker + 2 + len(as_of) <= width:
        out.append([(" " * marker + f"▲ {as_of}", "bold")])
    else:
        out.append([(" " * max(0, marker - len(as_of) - 1) + f"{as_of} ▲", "bold")])
    if chart.tbc and terminal:
        tbc = [u.stage_id for u in chart.tbc]
        out.extend([(line, "dim")] for line in _wrapped(tbc, width, "Not dated (TBC): ", ", "))
    elif chart.tbc:
        out.append([("Not dated (TBC):", "")])
        for u in chart.tbc:
            when = f" ({chart.written(u.due_date) or 'no date'})"
            title = short_title(u.title, width - 4 - len(when))
            out.append([(short_title(f"- {title}{when}", width), "")])
    step = SCALE.get(axis.step, f"{axis.step // 12} years")
    key = ["█ stage", "▒ ◇ done", "◆ milestone", "│ as of", f"a column is {step}"]
    key.insert(4, "colour = RAG" if terminal else "RAG at the end of each row")
    out.extend([(line, "dim")] for line in _wrapped(key, width))
    return out


def text_chart(chart: Chart, *, width: int = 80) -> str:
    """Return the chart as plain text at most `width` characters wide (for Markdown papers)."""
    lines = chart_lines(chart, width=width)
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines)
