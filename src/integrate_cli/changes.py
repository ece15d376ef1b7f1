"""What changed between two versions of a playbook, read from their typed models (pure).

Each change is a `Change`: a kind, the ids it is about, a title, one line of text for
people and a mapping for JSON. Stages are matched by id; a stage whose id changed while
its title and kind stayed the same is matched as renamed, anything else whose id went is
removed and added. Dates are read from the resolved model: the text as written, and the
window's end for days of slippage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrate_cli.dates import When
from integrate_cli.model import Criterion, Decision, Playbook, Record, Stage

OPEN = ("not-started", "in-progress")
# The order of the kinds is the order of the sections in every format.
KINDS = {
    "completed": "Completed",
    "started": "Started",
    "blocked": "Blocked",
    "reopened": "Reopened",
    "dropped": "Dropped",
    "decision-taken": "Decisions taken",
    "due-moved": "Due dates moved",
    "stage-added": "Stages added",
    "stage-removed": "Stages removed",
    "stage-renamed": "Stages renamed",
    "criterion-added": "Criteria added",
    "criterion-removed": "Criteria removed",
    "rag": "RAG",
    "risk-added": "Risks added",
    "risk-closed": "Risks closed",
    "risk-reopened": "Risks reopened",
    "risk-removed": "Risks removed",
    "risk-rescored": "Risks re-scored",
    "budget": "Budgets",
}
_STATUS_KIND = {"done": "completed", "in-progress": "started", "blocked": "blocked"}
_STATUS_KIND["dropped"] = "dropped"


@dataclass(frozen=True, slots=True)
class Change:
    """One change: `kind` (a key of KINDS), the `ref` it is about, its `title` and a
    line of `text` for people; `data` holds the same facts for JSON."""

    kind: str
    ref: str
    title: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    dates: tuple[When, When] | None = None  # a moved due date: before and after, resolved

    def to_dict(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        return {"kind": self.kind, "ref": self.ref, "title": self.title, **self.data}

    def worded(self, words: Callable[[When], str]) -> str:
        """Return the line with its dates in `words` (a paper's: anchors by title)."""
        if self.dates is None:
            return self.text
        return f"{self.title}: {_moved(*self.dates, words, name_anchor=False)}"


def _record(record: Record | None) -> dict[str, Any]:
    if record is None:
        return {"on": None, "by": None}
    return {"on": record.on, "by": record.by or None}


def _said(record: Record | None) -> str:
    if record is None:
        return ""
    words = [f"on {record.on}" if record.on else "", f"by {record.by}" if record.by else ""]
    said = " ".join(w for w in words if w)
    why = record.reason or record.evidence
    return (f" ({said})" if said else "") + (f": {why}" if why else "")


def _status_kind(old: str, new: str) -> str | None:
    if old == new:
        return None
    if old in ("done", "blocked", "dropped") and new in OPEN:
        return "reopened"
    return _STATUS_KIND.get(new)


def _status(
    kind_of: str, ref: str, title: str, old: str, new: str, record: Record | None
) -> list[Change]:
    kind = _status_kind(old, new)
    if kind is None:
        return []
    data = {"item": kind_of, "from": old, "to": new, **_record(record)}
    data["evidence"] = record.evidence or None if record else None
    data["reason"] = record.reason or None if record else None
    return [Change(kind, ref, title, f"{title}{_said(record)}", data)]


def _end(when: When) -> date | None:
    return when.window.end


def _as_written(when: When) -> str:
    return when.text or "no date"


def _moved(old: When, new: When, words: Callable[[When], str], *, name_anchor: bool = True) -> str:
    """Return how a due date moved: 'April 2017 -> May 2017, 30 days later'."""
    before, after = _end(old), _end(new)
    days = (after - before).days if before and after else None
    slip = "" if days is None else f", {_days(days)}"
    if old.text == new.text:  # a relative date whose anchor moved
        anchor = f" {new.anchor or 'date'}" if name_anchor else ""
        return f"{words(new)} (its anchor{anchor} moved){slip}"
    return f"{words(old)} -> {words(new)}{slip}"


def _due(ref: str, title: str, old: When, new: When) -> list[Change]:
    if old.text == new.text and _end(old) == _end(new):
        return []
    before, after = _end(old), _end(new)
    days = (after - before).days if before and after else None
    data = {"old": old.text or None, "new": new.text or None, "days": days}
    text = f"{title}: {_moved(old, new, _as_written)}"
    return [Change("due-moved", ref, title, text, data, (old, new))]


def _days(days: int) -> str:
    if days == 0:
        return "same last day"
    word = "day" if abs(days) == 1 else "days"
    return f"{days} {word} later" if days > 0 else f"{-days} {word} earlier"


def _taken(
    stage: Stage, old: Decision | None, new: Decision, names: dict[str, str]
) -> list[Change]:
    out = []
    for body, record in new.taken.items():
        if old is not None and body in old.taken:
            continue
        name = names.get(body, body)
        ref = f"{stage.id}.{new.id}"
        data = {"body": body, "body_name": name, **_record(record)}
        data["evidence"] = record.evidence or None
        out.append(
            Change("decision-taken", ref, new.title, f"{new.title}: {name}{_said(record)}", data)
        )
    return out


def _items(old: Stage, new: Stage, names: dict[str, str]) -> list[Change]:
    out: list[Change] = []
    before: dict[str, Criterion] = {c.id: c for c in old.criteria}
    for c in new.criteria:
        ref = f"{new.id}.{c.id}"
        was = before.pop(c.id, None)
        if was is None:
            out.append(Change("criterion-added", ref, c.title, f"{c.title} (in {new.title})"))
            continue
        out += _status("criterion", ref, c.title, was.status, c.status, c.record)
        if "due" in c.raw or "due" in was.raw:
            out += _due(ref, c.title, was.due_date, c.due_date)
    for c in before.values():
        ref = f"{new.id}.{c.id}"
        out.append(Change("criterion-removed", ref, c.title, f"{c.title} (in {new.title})"))
    decided = {d.id: d for d in old.decisions}
    for d in new.decisions:
        was_decision = decided.get(d.id)
        out += _taken(new, was_decision, d, names)
        if was_decision is not None and ("due" in d.raw or "due" in was_decision.raw):
            out += _due(f"{new.id}.{d.id}", d.title, was_decision.due_date, d.due_date)
    return out


def _matched(old: Playbook, new: Playbook) -> tuple[dict[str, str], list[Stage], list[Stage]]:
    """Return new id -> old id for matched stages, and the stages removed and added."""
    olds = {s.id: s for s in old.stages}
    news = {s.id: s for s in new.stages}
    match = {i: i for i in news if i in olds}
    gone = [s for s in old.stages if s.id not in news]
    came = [s for s in new.stages if s.id not in olds]
    for stage in list(came):
        twins = [g for g in gone if (g.title, g.kind) == (stage.title, stage.kind)]
        same = [s for s in came if (s.title, s.kind) == (stage.title, stage.kind)]
        if len(twins) == 1 and len(same) == 1:  # only an unambiguous pair is a rename
            match[stage.id] = twins[0].id
            gone.remove(twins[0])
            came.remove(stage)
    return match, gone, came


def stage_changes(old: Playbook, new: Playbook) -> tuple[list[Change], dict[str, str]]:
    """Return the changes to stages, criteria and decisions, and new id -> old id."""
    match, gone, came = _matched(old, new)
    names = new.names()
    out: list[Change] = []
    for stage in new.stages:
        if stage.id not in match:
            continue
        was = old.stage(match[stage.id])
        assert was is not None
        if was.id != stage.id:
            data: dict[str, Any] = {"old_id": was.id, "new_id": stage.id}
            out.append(
                Change(
                    "stage-renamed",
                    stage.id,
                    stage.title,
                    f"{stage.title}: id {was.id} -> {stage.id}",
                    data,
                )
            )
        out += _status("stage", stage.id, stage.title, was.status, stage.status, stage.record)
        out += _due(stage.id, stage.title, was.due_date, stage.due_date)
        out += _items(was, stage, names)
    for stage in came:
        due = f", due {stage.due_date.text}" if stage.due_date.text else ""
        data = {"due": stage.due_date.text or None, "status": stage.status}
        out.append(Change("stage-added", stage.id, stage.title, f"{stage.title}{due}", data))
        empty = Stage(
            stage.id,
            stage.title,
            stage.kind,
            None,
            None,
            [],
            None,
            "",
            None,
            [],
            [],
            None,
            stage.raw,
        )
        out += [c for c in _items(empty, stage, names) if c.kind == "decision-taken"]
    for stage in gone:
        out.append(
            Change("stage-removed", stage.id, stage.title, stage.title, {"status": stage.status})
        )
    return out, match


def risk_changes(old: Playbook, new: Playbook) -> list[Change]:
    """Return the risks added, closed, reopened, removed and re-scored."""
    out: list[Change] = []
    before = {r.id: r for r in old.risks}
    for risk in new.risks:
        was = before.pop(risk.id, None)
        score = f"{risk.likelihood}x{risk.impact}={risk.score}"
        data: dict[str, Any] = {"score": risk.score, "status": risk.status}
        if was is None:
            out.append(
                Change("risk-added", risk.id, risk.title, f"{risk.title} (score {score})", data)
            )
            continue
        if was.status != risk.status:
            kind = "risk-closed" if risk.status == "closed" else "risk-reopened"
            out.append(Change(kind, risk.id, risk.title, risk.title, data))
        if was.score != risk.score:
            old_score = f"{was.likelihood}x{was.impact}={was.score}"
            data = {"old_score": was.score, "new_score": risk.score}
            text = f"{risk.title}: {old_score} -> {score}"
            out.append(Change("risk-rescored", risk.id, risk.title, text, data))
    for risk in before.values():
        out.append(Change("risk-removed", risk.id, risk.title, risk.title, {"status": risk.status}))
    return out
