"""Rich renderables for `integrate status` (the terminal view of the status core)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from integrate_cli.dates import format_day
from integrate_cli.status import ProgrammeStatus, StageState

RAG_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on yellow",
    "green": "bold white on green",
    "grey": "black on bright_black",
}
BAR_WIDTH = 10


def rag_text(rag: str) -> Text:
    """Return a RAG label, coloured on a colour terminal and plain text otherwise."""
    return Text(f" {rag.upper():<5} ", style=RAG_STYLE.get(rag, ""))


def bar(done: int, total: int, width: int = BAR_WIDTH) -> Text:
    """Return a progress bar such as ███████░░░ 7/10."""
    filled = round(width * done / total) if total else 0
    text = Text("█" * filled, style="green")
    text.append("░" * (width - filled), style="bright_black")
    text.append(f" {done}/{total}")
    return text


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


def window_text(written: str, resolved_end: date | None, single_day: bool = False) -> str:
    """Return the window as written, with its resolved end when it is not a single day."""
    if not written:
        return ""
    if single_day or resolved_end is None:
        return written
    return f"{written} (→ {format_day(resolved_end)})"


def header(status: ProgrammeStatus) -> RenderableType:
    """Return the programme header: title, partners, as-of, RAG and readiness."""
    pb = status.playbook
    partners = ", ".join(str(p.get("short") or p.get("name")) for p in pb.partners)
    lines = Text()
    lines.append(pb.title or pb.id, style="bold")
    lines.append(f"  ({pb.path})\n", style="dim")
    lines.append(f"Partners: {partners}\n")
    lines.append(f"As of {format_day(status.as_of)}   Overall ")
    lines.append_text(rag_text(status.rag))
    lines.append("   Readiness ")
    lines.append_text(bar(status.done, status.total, 20))
    lines.append(f" {round(100 * status.readiness)}%")
    return lines


def stage_table(status: ProgrammeStatus) -> Table:
    """Return the table of stages in dependency order."""
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=True)
    table.add_column("Stage", ratio=2, min_width=18)
    table.add_column("Due", ratio=1, min_width=12)
    table.add_column("Status", no_wrap=True)
    table.add_column("Criteria", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Blocked by / why", ratio=3, min_width=24)
    for s in status.stages:
        why = "; ".join(s.blockers) or ("" if s.rag == "green" else "; ".join(s.reasons))
        if s.override:
            why = "; ".join([*s.reasons, *s.blockers])
        stage = Text(s.stage.id, style="bold")
        stage.append(f" {s.stage.kind}\n", style="italic")
        stage.append(s.stage.title, style="dim")
        single = s.due.known and s.due.start == s.due.end
        due = window_text(s.due_text, s.due.end, single)
        table.add_row(
            stage, due, s.status, bar(s.done, s.total, 5), rag_text(s.rag), days_text(s), why
        )
    return table


def item_lines(title: str, status: ProgrammeStatus, overdue: bool) -> RenderableType:
    """Return the 'Next' or 'Overdue' list."""
    items = status.overdue if overdue else status.next
    text = Text(f"{title}: ", style="bold")
    if not items:
        text.append("none")
        return text
    for item in items:
        days = item.days_left(status.as_of) or 0
        when = f"{-days} d late" if overdue else f"in {days} d"
        text.append(
            f"\n  {item.ref}  {item.title}  due {window_text(item.due_text, item.due.end)}"
            f"  ({when})"
        )
    return text


def programme_view(status: ProgrammeStatus) -> RenderableType:
    """Return the full single-programme view."""
    return Group(
        header(status),
        Text(""),
        stage_table(status),
        Text(""),
        item_lines("Next", status, False),
        item_lines("Overdue", status, True),
    )


def portfolio_table(docs: list[dict[str, Any]]) -> Table:
    """Return one row per programme (status JSON documents), worst first."""
    from integrate_cli.status import SEVERITY

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name in ("Programme", "RAG", "Readiness", "Next milestone", "Due", "Overdue"):
        table.add_column(name, overflow="fold")
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
        table.add_row(
            d["programme"]["title"] or d["programme"]["id"],
            rag_text(d["rag"]),
            Text.assemble(bar(ready["done"], ready["total"]), f" {ready['percent']}%"),
            f"{nxt['ref']} {nxt['title']}" if nxt else "",
            format_day(date.fromisoformat(end)) if end else "",
            str(len(d["overdue"])),
        )
    return table
