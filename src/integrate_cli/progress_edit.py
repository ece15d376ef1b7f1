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
from integrate_cli.progress_check import record_words, shown
from integrate_cli.progress_target import Target, find_target, locate, refuse_shared, value_of
from integrate_cli.schema_types import nearest
from integrate_cli.yamledit import MAP, SEQ, Change, Node

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


def edit_text(text: str, request: Request, *, data: dict[str, Any] | None) -> Plan:
    """Return the planned edit for `request`; raises UsageError or Refused instead.

    `data` is the text's loaded values. Inserted lines end as the text's lines do. Raises
    EditError when the text cannot be read as YAML.
    """
    newline = yamledit.newline_of(text)
    root = yamledit.parse(text)
    target = find_target(root, request.target)
    values = target.values(data) or {}
    if target.kind == "decisions":
        return _decision(text, root, target, values, request, newline)
    item, path = locate(root, target)
    if request.action == "block" and not request.reason:
        raise UsageError("blocking needs --reason: say what blocks it")
    status = ACTIONS[request.action]
    before = str(values.get("status") or "not-started")
    old_record = values.get("record")
    _refuse_unchanged(target, request, before, old_record)
    forced = _forced(data, target, request)
    record = _record(request, forced=forced)
    refuse_shared(target, path, [value_of(item, k) for k in ("status", "record", "history")])
    keys: list[tuple[str, str | _Append]] = [("status", status), ("record", yamledit.flow(record))]
    expected: dict[str, Any] = {"status": status, "record": record}
    note = ""
    if isinstance(old_record, dict):
        entry = {"status": before, **old_record}
        keys.append(("history", _Append(values, entry)))
        expected["history"] = [*(values.get("history") or []), entry]
        note = "; the earlier record is kept under history"
    changes = _set_keys(text, root, item, keys, _STATUS_AFTER, newline)
    summary = f"{target.name}: {before} -> {status} on {request.on.isoformat()}"
    summary += (" (forced)" if forced else "") + note
    return Plan(yamledit.apply(text, changes), summary, target, expected)


@dataclass(eq=False)
class _Append:
    """An entry to add at the end of a list that may already hold some."""

    values: dict[str, Any]  # the item's values, whose `history` holds the entries so far
    entry: dict[str, Any]

    def every(self) -> list[str]:
        """Return every entry as flow text, the new one last."""
        return [yamledit.flow(e) for e in [*(self.values.get("history") or []), self.entry]]


def _set_keys(
    text: str,
    root: Node,
    item: Node,
    keys: list[tuple[str, str | _Append]],
    first_after: tuple[str, ...],
    newline: str,
) -> list[Change]:
    """Return the changes that give `item` each key: replaced where written, else added.

    A missing key goes after the nearest key before it in `keys` that is written, or
    after `first_after` (as yamledit.insert_pairs places it); all from one reading.
    """
    changes: list[Change] = []
    groups: dict[tuple[str, ...], list[tuple[str, yamledit.Value]]] = {}
    anchor = first_after
    for key, value in keys:
        pair = yamledit.get(item, key)
        if pair is None:
            groups.setdefault(anchor, []).append(
                (key, value if isinstance(value, str) else value.every())
            )
            continue
        anchor = (key,)
        if isinstance(value, str):
            changes.append(yamledit.replace(text, *pair, value))
        elif pair[1].kind == SEQ:
            changes.append(yamledit.append_item(text, pair[1], yamledit.flow(value.entry), newline))
        else:
            changes.append(yamledit.replace(text, *pair, "[" + ", ".join(value.every()) + "]"))
    offset = yamledit.sequence_offset(root)
    for after, pairs in groups.items():
        changes.append(yamledit.insert_pairs(text, item, pairs, after, newline, offset))
    return changes


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
    changes: list[Change] = []
    keys: list[tuple[str, str | _Append]] = []
    if literal is None or literal.kind != MAP:
        keys.append(("taken", _flow_map(taken)))
    elif inner is not None:
        changes.append(yamledit.replace(text, *inner, yamledit.flow(entry)))
    else:
        pair = [(request.body, yamledit.flow(entry))]
        changes.append(yamledit.insert_pairs(text, literal, pair, (), newline))
    expected: dict[str, Any] = {"taken": taken}
    summary = f"{target.name}: taken by {request.body} on {request.on.isoformat()}"
    if isinstance(old, dict):
        history_entry = {"body": request.body, **old}
        keys.append(("history", _Append(values, history_entry)))
        expected["history"] = [*(values.get("history") or []), history_entry]
        summary += "; the earlier record is kept under history"
    changes += _set_keys(text, root, item, keys, ("bodies", "due", "taken"), newline)
    return Plan(yamledit.apply(text, changes), summary, target, expected)


def _flow_map(entries: dict[str, Any]) -> str:
    inner = ", ".join(f"{yamledit.scalar(k)}: {yamledit.flow(v)}" for k, v in entries.items())
    return "{" + inner + "}"
