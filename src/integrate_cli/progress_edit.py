"""Work out a progress edit: find the item as written, refuse what would lose a record.

The rule is that a record is never deleted: whenever an edit replaces a `record` (or a
body's entry under a decision's `taken`), the old one is appended to the item's `history`
list first. An edit that would change nothing (completing what is done, starting what is in
progress, blocking what is blocked, reopening what is neither done nor blocked, or a body
taking a decision it has taken) is refused unless forced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrate_cli import yamledit
from integrate_cli.errors import Refused, UsageError
from integrate_cli.loader import load_text
from integrate_cli.progress_check import record_words, shown
from integrate_cli.progress_target import Target, find_target, locate, refuse_shared, value_of
from integrate_cli.schema_types import nearest
from integrate_cli.yamledit import MAP, SEQ, Node

ACTIONS = {"complete": "done", "start": "in-progress", "block": "blocked", "reopen": "in-progress"}
_STATUS_AFTER = ("id", "title", "kind", "start", "due", "depends_on", "owner", "bodies")
_ALREADY = {"complete": "done", "start": "in-progress", "block": "blocked"}


@dataclass(eq=False)
class Request:
    """What to record: the action, its target (stage, stage.criterion or stage.decision)."""

    action: str
    target: str
    on: date
    by: str | None = None
    evidence: str | None = None
    reason: str | None = None
    body: str | None = None
    force: bool = False


@dataclass(eq=False)
class Plan:
    """An edit worked out: the new text, a one-line summary, and what the item must hold."""

    text: str
    summary: str
    target: Target
    expected: dict[str, Any] = field(default_factory=dict)  # item key -> value after the edit


def edit_text(text: str, request: Request, *, newline: str) -> Plan:
    """Return the planned edit for `request`; raises UsageError or Refused instead.

    Raises EditError when the text cannot be read as YAML.
    """
    loaded = load_text(text, "playbook")
    root = yamledit.parse(text)
    target = find_target(root, request.target)
    values = target.values(loaded.data) or {}
    if target.kind == "decisions":
        return _decision(text, root, target, values, request, newline)
    item, path = locate(root, target)
    if request.action == "block" and not request.reason:
        raise UsageError("blocking needs --reason: say what blocks it")
    status = ACTIONS[request.action]
    before = str(values.get("status") or "not-started")
    old_record = values.get("record")
    _refuse_unchanged(target, request, before, old_record)
    forced = _forced(loaded.data, target, request)
    record = _record(request, forced=forced)
    refuse_shared(target, path, [value_of(item, k) for k in ("status", "record", "history")])
    text = _set(text, target, "status", status, _STATUS_AFTER, newline)
    text = _set(text, target, "record", yamledit.flow(record), ("status",), newline)
    expected: dict[str, Any] = {"status": status, "record": record}
    note = ""
    if isinstance(old_record, dict):
        entry = {"status": before, **old_record}
        text, expected["history"] = _add_history(text, target, values, entry, "record", newline)
        note = "; the earlier record is kept under history"
    summary = f"{target.name}: {before} -> {status} on {request.on.isoformat()}"
    return Plan(text, summary + (" (forced)" if forced else "") + note, target, expected)


def _refuse_unchanged(target: Target, request: Request, before: str, record: Any) -> None:
    if request.force:
        return
    words = record_words(record)
    said = f" ({words})" if words else ""
    label = f"{target.noun} '{target.name}'"
    keep = (
        "--force to replace the record (the old one is kept under history)"
        if record
        else "--force to record it again"
    )
    if _ALREADY.get(request.action) == before:
        first = "" if request.action == "start" else "use 'integrate reopen' first, or "
        raise Refused(
            f"{label} is already {before.replace('-', ' ')}{said}; {first or 'use '}{keep}"
        )
    if request.action == "reopen" and before not in ("done", "blocked"):
        raise Refused(
            f"{label} is {before.replace('-', ' ')}{said}, not done or blocked, so there is "
            f"nothing to reopen; use 'integrate start', or {keep}"
        )


def _forced(data: Any, target: Target, request: Request) -> bool:
    if request.action != "complete" or target.kind is not None:
        return False
    open_items = _open_items(data, target.stage)
    if open_items and not request.force:
        raise UsageError(
            f"stage '{target.name}' has open items: {', '.join(open_items)}; "
            "complete them first, or use --force to record it as forced"
        )
    return bool(open_items)


def _open_items(data: Any, stage_id: str) -> list[str]:
    from integrate_cli.model import build

    if data is None:
        return []
    stage = build("playbook", data).stage(stage_id)
    if stage is None:
        return []
    items = [c.id for c in stage.criteria if c.status not in ("done", "dropped")]
    return items + [d.id for d in stage.decisions if d.owed_by()]


def _record(request: Request, *, forced: bool = False) -> dict[str, Any]:
    pairs: dict[str, Any] = {"on": request.on.isoformat()}
    for key, value in (("by", request.by), ("evidence", request.evidence)):
        if value:
            pairs[key] = value
    if request.reason:
        pairs["reason"] = request.reason
    if forced:
        pairs["forced"] = True
    return pairs


def _decision(
    text: str,
    root: Node,
    target: Target,
    values: dict[str, Any],
    request: Request,
    newline: str,
) -> Plan:
    if request.action != "complete":
        raise UsageError(
            "a decision is recorded with 'complete --body BODY'; to undo one, "
            "edit its 'taken' entry"
        )
    asked = [b for b in values.get("bodies") or [] if isinstance(b, str)]
    if request.body is None:
        raise UsageError(
            f"say which body took decision '{target.name}': --body "
            f"{' or --body '.join(asked) or 'BODY'}"
        )
    if request.body not in asked:
        raise UsageError(
            f"decision '{target.name}' is not asked of '{shown(request.body)}'; "
            f"{nearest(request.body, asked)}asked: {', '.join(asked)}"
        )
    taken = dict(values.get("taken") or {})
    old = taken.get(request.body)
    if old is not None and not request.force:
        raise Refused(
            f"decision '{target.name}' is already taken by {request.body}"
            f"{' (' + record_words(old) + ')' if record_words(old) else ''}; use --force to "
            "replace that record (the old one is kept under history)"
        )
    item, path = locate(root, target)
    taken_pair = yamledit.get(item, "taken")
    entry = _record(
        Request(request.action, request.target, request.on, request.by, request.evidence)
    )
    literal = value_of(item, "taken")
    inner = yamledit.get(literal, request.body) if literal and literal.kind == MAP else None
    refuse_shared(
        target,
        [*path, *([literal] if literal and literal.kind == MAP else [])],
        [inner[1] if inner else None, value_of(item, "history")],
    )
    taken[request.body] = entry
    if taken_pair is None:
        change = yamledit.insert_key(
            text, item, "taken", _flow_map(taken), ("bodies", "due"), newline
        )
    elif literal is None or literal.kind != MAP:
        change = yamledit.replace(text, *taken_pair, _flow_map(taken))
    elif inner is not None:
        change = yamledit.replace(text, *inner, yamledit.flow(entry))
    else:
        change = yamledit.insert_key(text, literal, request.body, yamledit.flow(entry), (), newline)
    text = yamledit.apply(text, change)
    expected: dict[str, Any] = {"taken": taken}
    summary = f"{target.name}: taken by {request.body} on {request.on.isoformat()}"
    if isinstance(old, dict):
        history_entry = {"body": request.body, **old}
        text, expected["history"] = _add_history(
            text, target, values, history_entry, "taken", newline
        )
        summary += "; the earlier record is kept under history"
    return Plan(text, summary, target, expected)


def _flow_map(entries: dict[str, Any]) -> str:
    inner = ", ".join(f"{yamledit.scalar(k)}: {yamledit.flow(v)}" for k, v in entries.items())
    return "{" + inner + "}"


def _add_history(
    text: str, target: Target, values: dict[str, Any], entry: dict[str, Any], after: str, nl: str
) -> tuple[str, list[Any]]:
    """Return the text with `entry` appended to the item's history, and the history after."""
    old = list(values.get("history") or [])
    root = yamledit.parse(text)
    item, _ = locate(root, target)
    pair = yamledit.get(item, "history")
    if pair is None:  # none written here (one merged from elsewhere is carried over)
        entries = [yamledit.flow(e) for e in [*old, entry]]
        offset = yamledit.sequence_offset(root)
        change = yamledit.insert_list(text, item, "history", entries, (after,), nl, offset)
    elif pair[1].kind != SEQ:
        flows = ", ".join(yamledit.flow(e) for e in [*old, entry])
        change = yamledit.replace(text, *pair, f"[{flows}]")
    else:
        change = yamledit.append_item(text, pair[1], yamledit.flow(entry), nl)
    return yamledit.apply(text, change), [*old, entry]


def _set(text: str, target: Target, key: str, value: str, after: tuple[str, ...], nl: str) -> str:
    item, _ = locate(yamledit.parse(text), target)
    pair = yamledit.get(item, key)
    change = (
        yamledit.replace(text, *pair, value)
        if pair
        else yamledit.insert_key(text, item, key, value, after, nl)
    )
    return yamledit.apply(text, change)
