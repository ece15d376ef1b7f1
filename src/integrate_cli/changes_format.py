"""`integrate changes` output: text for a terminal, Markdown for a paper, JSON for tools.

A registry of formats, each a function from the comparisons to the text it prints;
text and Markdown use titles, JSON carries the ids alongside.
"""

from __future__ import annotations

from collections.abc import Callable

from integrate_cli.changes import KINDS, Change
from integrate_cli.comparison import Comparison, Point

# what `changes` compares: the wording when none of it changed
NOTHING = "no changes to progress, decisions, dates, stages, RAG, risks or budgets"


def _point(point: Point) -> str:
    v = point.version
    if point.asked == "now":
        return (
            "now (uncommitted edits)" if v and v.uncommitted else f"now ({v.short if v else '-'})"
        )
    at = f"{v.short} by {v.author}, {v.day}" if v and v.day else "not yet committed"
    return f"{point.asked} ({at})"


def _sections(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [
        (label, found)
        for kind, label in KINDS.items()
        if (found := [c for c in changes if c.kind == kind])
    ]


def heading(c: Comparison) -> str:
    """Return the one line that says which file and which two points are compared."""
    return f"{c.path}: changes since {_point(c.since)} until {_point(c.until)}"


def text(comparisons: list[Comparison]) -> str:
    """Return the comparisons as plain text: a heading, then a section per kind of change."""
    lines: list[str] = []
    for c in comparisons:
        if lines:
            lines.append("")
        lines.append(heading(c))
        lines += [f"  note: {n}" for n in c.notes]
        for label, found in _sections(c.changes):
            lines.append(f"  {label}:")
            lines += [f"    - {change.text}" for change in found]
        if not c.changes:
            lines.append(f"  {NOTHING}")
    return "\n".join(lines) + "\n"


def markdown(comparisons: list[Comparison], level: int = 2) -> str:
    """Return the comparisons as Markdown: a heading per playbook, a list per kind of change."""
    hashes = "#" * level
    out: list[str] = []
    for c in comparisons:
        out.append(f"{hashes} {_escape(heading(c))}\n")
        out += [f"*{n[:1].upper()}{n[1:]}.*\n" for n in c.notes]
        for label, found in _sections(c.changes):
            out.append(f"{hashes}# {label}\n")
            out.append("\n".join(f"- {_escape(change.text)}" for change in found) + "\n")
        if not c.changes:
            out.append(f"No {NOTHING.removeprefix('no ')}.\n")
    return "\n".join(out)


def _escape(value: str) -> str:
    for char in "\\`*_[]<|#":
        value = value.replace(char, "\\" + char)
    return value


def json(comparisons: list[Comparison]) -> str:
    """Return the comparisons as one JSON document (version 1)."""
    from integrate_cli.status_data import json_text

    return json_text({"version": 1, "playbooks": [c.to_dict() for c in comparisons]}) + "\n"


FORMATS: dict[str, Callable[[list[Comparison]], str]] = {"text": text, "json": json, "md": markdown}
