"""The summaries a highlight report opens with: why the programme has its RAG, the
stages by RAG, the decisions sought one row a decision, and the issues (what has gone
wrong), all from the paper's one status (blocks.py)."""

from __future__ import annotations

from typing import Any

from integrate_cli.report.blocks import AT_MEETING, PaperStatus
from integrate_cli.stage_state import OPEN


def overall_why(view: PaperStatus) -> list[str]:
    """Return why the programme has its RAG: each stage that has it, and its first
    reason (at most three)."""
    rag = view.status.rag
    if rag == "green":
        return ["Every stage in scope is on track or done."]
    out = []
    for state in view.status.stages:
        if state.rag == rag and state.status != "dropped":
            reasons = view.stage_reasons(state)
            if view.stage_at_meeting(state):
                reasons = [AT_MEETING]
            first = reasons[0] if reasons else view.stage_status(state)
            out.append(f"{state.stage.title}: {first[:1].lower()}{first[1:]}")
    return out[:3] + ([f"and {len(out) - 3} more"] if len(out) > 3 else [])


def decisions_by_decision(view: PaperStatus) -> list[dict[str, Any]]:
    """Return the decisions sought, one row per decision with the bodies that owe it."""
    rows: dict[str, dict[str, Any]] = {}
    for item in view.decisions_sought():
        row = rows.setdefault(
            f"{item['ref']}/{item['at_meeting']}",
            {**item, "title": view.titles.get(item["ref"], item["title"]), "bodies": []},
        )
        row["bodies"].append(item["body"])
    return list(rows.values())


def issues(view: PaperStatus) -> list[dict[str, str]]:
    """Return what has gone wrong: each stage red by its own rules (blocked, late, or an
    item of it), with its first reason and its due date, in dependency order."""
    out = []
    for state in view.status.stages:
        if state.status not in OPEN or state.rag != "red" or state.override:
            continue
        reasons = view.stage_reasons(state)
        what = reasons[0] if reasons else "red"
        out.append(
            {
                "ref": state.stage.id,
                "title": state.stage.title,
                "what": what[:1].lower() + what[1:],
                "due": view.date_words(state.stage.due_date),
            }
        )
    return out


def rag_counts(view: PaperStatus) -> list[dict[str, Any]]:
    """Return how many stages in scope have each RAG, worst first (none left out)."""
    rags = [s.rag for s in view.status.stages if s.status != "dropped"]
    order = ("red", "amber", "green", "grey")
    return [{"rag": r, "count": rags.count(r)} for r in order if r in rags]


__all__ = ["decisions_by_decision", "issues", "overall_why", "rag_counts"]
