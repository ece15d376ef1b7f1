"""Re-baseline a stage: record, in the playbook, that its current due date is now the agreed
baseline, with the reason. The edit is made the way progress is recorded: only the
stage's `baseline` key changes (proven by reading the result back), errors are refused,
and the file is replaced atomically under a lock.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from integrate_cli import yamledit
from integrate_cli.check import check_loaded
from integrate_cli.errors import InputError, Refused, UsageError
from integrate_cli.fsutil import atomic_write, read_regular
from integrate_cli.loader import load_bytes, load_text
from integrate_cli.progress_check import prove, refuse_invalid, refuse_new_errors
from integrate_cli.progress_target import Target, find_target, locate, refuse_shared, value_of
from integrate_cli.workers import paused_gc

# a new `baseline` goes after the last of these keys the stage has
_AFTER = ("id", "title", "kind", "start", "due")


@dataclass(eq=False)
class Rebaselined:
    """What a re-baseline did: the old and new text and a one-line summary."""

    path: str
    old: str
    new: str
    summary: str


def rebaseline(
    path: str, stage_id: str, *, reason: str, by: str | None, as_of: date, dry_run: bool = False
) -> Rebaselined:
    """Write `baseline: {due, reason, on, by}` on the stage: its due date as written now.

    Refused: a stage with no due date, or whose baseline is already its due date
    (Refused); a playbook with errors, or an edit that would change anything else
    (FindingsFailed); an id that is not a stage's (UsageError).
    """
    from integrate_cli.progress import check_request, locked
    from integrate_cli.progress_edit import Request

    if not reason.strip():
        raise UsageError("--reason is required: say who agreed the new baseline, and where")
    check_request(Request("rebaseline", stage_id, as_of, by=by, reason=reason))
    with paused_gc(), locked(path) if not dry_run else contextlib.nullcontext():
        raw = read_regular(path)
        checked = check_loaded(load_bytes(raw, path), as_of)
        refuse_invalid(checked.findings, path, as_of)
        old = load_bytes(raw, path)
        text = old.text
        try:
            new_text, summary, entry, target = _edit(text, stage_id, reason, by, as_of, old.data)
        except yamledit.EditError as exc:
            raise InputError(f"{path}: {exc}") from None
        except (Refused, UsageError) as exc:
            raise type(exc)(f"{path}: {exc}") from None
        new = load_text(new_text, path)
        prove(
            old,
            new,
            locate=target.values,
            label=f"stage '{stage_id}'",
            expected={"baseline": entry},
        )
        refuse_new_errors(checked.findings, check_loaded(new, as_of).findings, path)
        if not dry_run:
            bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
            atomic_write(path, (bom + new_text).encode("utf-8"))
    return Rebaselined(path, text, new_text, summary)


def _edit(
    text: str, stage_id: str, reason: str, by: str | None, on: date, data: object
) -> tuple[str, str, dict[str, object], Target]:
    root = yamledit.parse(text)
    target = find_target(root, stage_id)
    if target.kind is not None:
        raise UsageError(f"'{stage_id}' is a {target.noun}; only a stage has a baseline")
    values = target.values(data if isinstance(data, dict) else None) or {}
    due = values.get("due")
    if not isinstance(due, str) or not due.strip():
        raise Refused(f"stage '{stage_id}' has no due date to baseline; give it one first")
    was = values.get("baseline")
    if isinstance(was, dict) and was.get("due") == due:
        raise Refused(f"stage '{stage_id}' is already baselined at {due} ({was.get('reason')})")
    entry: dict[str, object] = {"due": due, "reason": reason, "on": on.isoformat()}
    if by:
        entry["by"] = by
    item, path = locate(root, target)
    refuse_shared(target, path, [value_of(item, "baseline")])
    newline = yamledit.newline_of(text)
    pair = yamledit.get(item, "baseline")
    if pair is not None:
        change = yamledit.replace(text, *pair, yamledit.flow(entry))
    else:
        offset = yamledit.sequence_offset(root)
        pairs = [("baseline", yamledit.flow(entry))]
        change = yamledit.insert_pairs(text, item, pairs, _AFTER, newline, offset)
    old = f" (was {was.get('due')})" if isinstance(was, dict) else ""
    summary = f"{stage_id}: baseline {due}{old}, on {on.isoformat()}: {reason}"
    return yamledit.apply(text, [change]), summary, entry, target
