"""The terminal view of `integrate status`, as styled lines (see layout.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from integrate_cli.cli.layout import Line, columns, heading
from integrate_cli.dates import When, format_day
from integrate_cli.stage_state import SEVERITY, Item, ProgrammeStatus, StageState
from integrate_cli.status_data import Row, next_deadline

if TYPE_CHECKING:
    from integrate_cli.slippage import Slip

RAG_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on yellow",
    "green": "bold white on green",
    "grey": "black on bright_black",
}
BAR_WIDTH = 10


def rag_cell(rag: str) -> Line:
    """Return a RAG label: the same characters in colour and plain, the colour as background."""
    return [(f" {rag.upper():<5} ", RAG_STYLE.get(rag, ""))]


def bar(done: int, total: int, width: int = BAR_WIDTH) -> Line:
    """Return a progress bar such as ███████░░░ 7/10."""
    filled = round(width * done / total) if total else 0
    empty = "░" * (width - filled)
    return [("█" * filled, "green"), (empty, "bright_black"), (f" {done}/{total}", "")]


def days_text(state: StageState) -> str:
    """Return 'in 12 d', '5 d late', 'done 8 Nov 2017' or '' for a stage."""
    if state.status == "done":
        done_on = state.items[0].done_on
        return f"done {format_day(done_on)}" if done_on else "done"
    if state.status == "dropped" or state.days_left is None:
        return ""
    if state.days_left < 0:
        return f"{-state.days_left} d late"
    return "today" if state.days_left == 0 else f"in {state.days_left} d"


def window_text(due: When) -> str:
    """Return a date as written, with its resolved end unless it was written as that day.

    "autumn 2016 (→ 30 Nov 2016)", "6 months after go-live (→ 1 Oct 2017)", "2017-03-31".
    """
    if not due.text or due.window.end is None or due.single_day:
        return due.text
    return f"{due.text} (→ {format_day(due.window.end)})"


def header(status: ProgrammeStatus) -> list[Line]:
    """Return the programme header: title, partners, as-of, RAG and readiness."""
    pb = status.playbook
    partners = ", ".join(p.short or p.name for p in pb.partners)
    return [
        [(pb.title or pb.id, "bold"), (f"  ({pb.path})", "dim")],
        [(f"Partners: {partners}", "")],
        [
            (f"As of {format_day(status.as_of)}   Overall ", ""),
            *rag_cell(status.rag),
            ("   Readiness ", ""),
            *bar(status.done, status.total, 20),
            (f" {round(100 * status.readiness)}%", ""),
        ],
    ]


def why(state: StageState) -> list[str]:
    """Return what blocks a stage, or why it is not green (an override shows its reason)."""
    if state.override:
        return [*state.reasons, *state.blockers]
    return state.blockers or ([] if state.rag == "green" else state.reasons)


RECORDED_AS = {"in-progress": "started", "not-started": "not started"}


def recorded_later(state: StageState) -> list[str]:
    """Return what the file records after the as-of day, not counted on that day.

    "the file records it done on 14 Dec 2019, after the as-of day" for the stage itself;
    a criterion or a body's decision is named by its reference.
    """
    out = []
    for item in state.items:
        if item.recorded_after is None:
            continue
        what = "it" if item.kind == "stage" else item.ref
        done = RECORDED_AS.get(item.recorded_status, item.recorded_status)
        by = f" by {item.body}" if item.body else ""
        day = format_day(item.recorded_after)
        out.append(f"the file records {what} {done}{by} on {day}, after the as-of day")
    return out


def stage_table(status: ProgrammeStatus, slips: Mapping[str, Slip] | None = None) -> list[Line]:
    """Return the stages in dependency order: a row each, its title and what blocks it below.

    With `slips` (`--baseline`), each row also shows its baseline due date as written and
    how far it has slipped from it.
    """
    names = ["Stage", "Kind", "Due", "Status", "Criteria", "RAG", "When"]
    rows = [heading([*names, "Baseline", "Slippage"] if slips is not None else names)]
    for s in status.stages:
        row = [
            [(s.stage.id, "bold")],
            [(s.stage.kind, "italic")],
            [(window_text(s.stage.due_date), "")],
            [(s.status, "")],
            bar(s.done, s.total, 5),
            rag_cell(s.rag),
            [(days_text(s), "")],
        ]
        if slips is not None:
            slip = slips.get(s.stage.id)
            row.append([(slip.baseline if slip else "", "")])
            row.append([(slip.label() if slip else "", "")])
        rows.append(row)
    lines = columns(rows)
    out = lines[:1]
    for line, s in zip(lines[1:], status.stages, strict=True):
        out.append(line)
        out.append([(f"  {s.stage.title}", "dim")])
        out.extend([[(f"  ▸ {reason}", "")] for reason in why(s)])
        out.extend([[(f"  ▸ {later}", "yellow")] for later in recorded_later(s)])
    return out


def item_lines(title: str, status: ProgrammeStatus, overdue: bool) -> list[Line]:
    """Return the 'Next' or 'Overdue' list: reference, when, due window and title."""
    items: list[Item] = status.overdue if overdue else status.next
    if not items:
        return [[(f"{title}: ", "bold"), ("none", "")]]
    rows: list[list[Line]] = []
    for item in items:
        days = item.days_left(status.as_of) or 0
        rows.append(
            [
                [(item.ref, "")],
                [(f"{-days} d late" if overdue else f"in {days} d", "")],
                [(f"due {window_text(item.due_date)}", "")],
                [(item.title, "dim")],
            ]
        )
    return [[(f"{title}:", "bold")], *columns(rows, indent="  ")]


def deadline_line(status: ProgrammeStatus) -> list[Line]:
    """Return the next committee or agreement deadline, when the playbook has one ahead."""
    deadline = next_deadline(status)
    if deadline is None:
        return []
    days = (deadline.day - status.as_of).days
    when = "today" if days == 0 else f"in {days} d"
    return [
        [
            ("Next deadline: ", "bold"),
            (f"{format_day(deadline.day)} ({when})  {deadline.what}", ""),
            (f"  {deadline.belongs_to}", "dim"),
        ]
    ]


def programme_view(status: ProgrammeStatus, slips: Mapping[str, Slip] | None = None) -> list[Line]:
    """Return the full single-programme view (with each stage's slippage, given `slips`)."""
    return [
        *header(status),
        [],
        *stage_table(status, slips),
        [],
        *item_lines("Next", status, False),
        *item_lines("Overdue", status, True),
        *deadline_line(status),
    ]


def portfolio_table(rows: list[Row]) -> list[Line]:
    """Return one line per programme: invalid ones first, then worst first.

    An invalid programme shows its path and `INVALID (n errors)` instead of its status.
    """
    table = [heading(["Programme", "RAG", "Readiness", "Overdue", "Due", "Next milestone"])]
    ordered = sorted(rows, key=lambda r: (0, r.path) if r.errors else (1, *_worst_first(r)))
    for r in ordered:
        if r.errors:
            count = f"({r.errors} error{'s' if r.errors != 1 else ''})"
            table.append([[(r.path, "")], [(" INVALID ", RAG_STYLE["red"]), (count, "")]])
            continue
        table.append(
            [
                [(r.title, "")],
                rag_cell(r.rag),
                [*bar(r.done, r.total), (f" {r.percent}%", "")],
                [(str(r.overdue), "")],
                [(format_day(r.next_due) if r.next_due else "", "")],
                [(f"{r.next_ref}  {r.next_title}" if r.next_ref else "", "")],
            ]
        )
    return columns(table)


def _worst_first(row: Row) -> tuple[int, int, int, str]:
    return (-SEVERITY[row.rag], -row.overdue, row.percent, row.path)
