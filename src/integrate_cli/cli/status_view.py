"""The terminal view of `integrate status`, as styled lines (see layout.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from integrate_cli.cli.layout import Line, columns, heading
from integrate_cli.dates import DateError, Fixed, Window, format_day, parse_date
from integrate_cli.status import SEVERITY, Item, ProgrammeStatus, StageState

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


def window_text(written: str, due: Window) -> str:
    """Return a date as written, with its resolved end unless it was written as that day.

    "autumn 2016 (→ 30 Nov 2016)", "6 months after go-live (→ 1 Oct 2017)", "2017-03-31".
    """
    if not written or due.end is None:
        return written
    if due.start == due.end:
        try:
            if isinstance(parse_date(written), Fixed):
                return written
        except DateError:
            return written
    return f"{written} (→ {format_day(due.end)})"


def header(status: ProgrammeStatus) -> list[Line]:
    """Return the programme header: title, partners, as-of, RAG and readiness."""
    pb = status.playbook
    partners = ", ".join(str(p.get("short") or p.get("name")) for p in pb.partners)
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


def stage_table(status: ProgrammeStatus) -> list[Line]:
    """Return the stages in dependency order: a row each, its title and what blocks it below."""
    rows = [heading(["Stage", "Kind", "Due", "Status", "Criteria", "RAG", "When"])]
    for s in status.stages:
        rows.append(
            [
                [(s.stage.id, "bold")],
                [(s.stage.kind, "italic")],
                [(window_text(s.due_text, s.due), "")],
                [(s.status, "")],
                bar(s.done, s.total, 5),
                rag_cell(s.rag),
                [(days_text(s), "")],
            ]
        )
    lines = columns(rows)
    out = lines[:1]
    for line, s in zip(lines[1:], status.stages, strict=True):
        out.append(line)
        out.append([(f"  {s.stage.title}", "dim")])
        out.extend([[(f"  ▸ {reason}", "")] for reason in why(s)])
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
                [(f"due {window_text(item.due_text, item.due)}", "")],
                [(item.title, "dim")],
            ]
        )
    return [[(f"{title}:", "bold")], *columns(rows, indent="  ")]


def programme_view(status: ProgrammeStatus) -> list[Line]:
    """Return the full single-programme view."""
    return [
        *header(status),
        [],
        *stage_table(status),
        [],
        *item_lines("Next", status, False),
        *item_lines("Overdue", status, True),
    ]


def portfolio_table(docs: list[dict[str, Any]]) -> list[Line]:
    """Return one row per programme (status JSON documents), worst first."""
    rows = [heading(["Programme", "RAG", "Readiness", "Overdue", "Due", "Next milestone"])]
    ordered = sorted(
        docs,
        key=lambda d: (
            -SEVERITY[d["rag"]],
            -len(d["overdue"]),
            d["readiness"]["percent"],
            d["path"],
        ),
    )
    for d in ordered:
        nxt = d["next"][0] if d["next"] else None
        ready = d["readiness"]
        end = nxt["due_window"]["end"] if nxt else None
        rows.append(
            [
                [(d["programme"]["title"] or d["programme"]["id"], "")],
                rag_cell(d["rag"]),
                [*bar(ready["done"], ready["total"]), (f" {ready['percent']}%", "")],
                [(str(len(d["overdue"])), "")],
                [(format_day(date.fromisoformat(end)) if end else "", "")],
                [(f"{nxt['ref']}  {nxt['title']}" if nxt else "", "")],
            ]
        )
    return columns(rows)
