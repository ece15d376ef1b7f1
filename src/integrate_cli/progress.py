"""Record progress: complete, start, block or reopen a stage, criterion or decision.

An edit changes only the keys it must (`status`, `record`, or a body's entry under
`taken`), is checked before it is written, and is written atomically under a lock.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from integrate_cli import yamledit
from integrate_cli.check import check_loaded
from integrate_cli.errors import FindingsFailed, InputError, UsageError
from integrate_cli.findings import ERROR, Finding
from integrate_cli.fsutil import atomic_write
from integrate_cli.loader import load_bytes, load_text
from integrate_cli.schema_types import nearest

ACTIONS = {"complete": "done", "start": "in-progress", "block": "blocked", "reopen": "in-progress"}
_STATUS_AFTER = ("id", "title", "kind", "start", "due", "depends_on", "owner", "bodies")


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
class Outcome:
    """The edited text, a one-line summary, and the unified diff."""

    path: str
    old: str
    new: str
    summary: str
    stage_id: str

    def diff(self) -> str:
        """Return the unified diff of the edit."""
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=self.path,
                tofile=self.path,
            )
        )


def _errors(text: str, path: str, as_of: date) -> list[Finding]:
    result = check_loaded(load_text(text, path), as_of)
    return [f for f in result.findings if f.level == ERROR]


def _record(request: Request, *, forced: bool = False) -> str:
    pairs: dict[str, str | bool] = {"on": request.on.isoformat()}
    if request.by:
        pairs["by"] = request.by
    if request.evidence:
        pairs["evidence"] = request.evidence
    if request.reason:
        pairs["reason"] = request.reason
    if forced:
        pairs["forced"] = True
    return yamledit.flow(pairs)


def _targets(root: yaml.MappingNode) -> dict[str, tuple[str, str | None]]:
    """Return every target name -> (stage id, item kind or None)."""
    names: dict[str, tuple[str, str | None]] = {}
    stages = yamledit.get(root, "stages")
    if stages is None or not isinstance(stages[1], yaml.SequenceNode):
        return names
    for stage in stages[1].value:
        if not isinstance(stage, yaml.MappingNode):
            continue
        sid = yamledit.get(stage, "id")
        if not sid or not isinstance(sid[1], yaml.ScalarNode):
            continue
        names[sid[1].value] = (sid[1].value, None)
        for kind in ("criteria", "decisions"):
            seq = yamledit.get(stage, kind)
            if seq and isinstance(seq[1], yaml.SequenceNode):
                for item in seq[1].value:
                    iid = isinstance(item, yaml.MappingNode) and yamledit.get(item, "id")
                    if iid and isinstance(iid[1], yaml.ScalarNode):
                        names[f"{sid[1].value}.{iid[1].value}"] = (sid[1].value, kind)
    return names


def _node(text: str, target: str) -> tuple[yaml.MappingNode, str | None]:
    root = yamledit.compose(text)
    names = _targets(root)
    if target not in names:
        hint = nearest(target, list(names))
        raise UsageError(
            f"no stage, criterion or decision '{target}' in this playbook"
            + (f"; {hint.rstrip(' ')}" if hint else "; targets are STAGE or STAGE.CRITERION")
        )
    stage_id, kind = names[target]
    stage = yamledit.find_item(yamledit.get(root, "stages")[1], stage_id)  # type: ignore[index]
    assert stage is not None
    if kind is None:
        return stage, None
    seq = yamledit.get(stage, kind)
    item = yamledit.find_item(seq[1] if seq else None, target.split(".", 1)[1])
    assert item is not None
    return item, kind


def edit_text(text: str, request: Request, *, newline: str) -> tuple[str, str]:
    """Return (new text, summary) for the request; raises UsageError for a refused edit."""
    node, kind = _node(text, request.target)
    if kind == "decisions":
        return _edit_decision(text, node, request, newline)
    if request.action == "block" and not request.reason:
        raise UsageError("blocking needs --reason: say what blocks it")
    status = ACTIONS[request.action]
    forced = False
    if request.action == "complete" and kind is None:
        open_items = _open_items(text, request.target)
        if open_items and not request.force:
            raise UsageError(
                f"stage '{request.target}' has open items: {', '.join(open_items)}; "
                "complete them first, or use --force to record it as forced"
            )
        forced = bool(open_items)
    old = yamledit.get(node, "status")
    before = old[1].value if old and isinstance(old[1], yaml.ScalarNode) else "not-started"
    text = yamledit.apply(
        text, yamledit.set_key(text, node, "status", status, _STATUS_AFTER, newline)
    )
    node, _ = _node(text, request.target)
    text = yamledit.apply(
        text,
        yamledit.set_key(
            text, node, "record", _record(request, forced=forced), ("status",), newline
        ),
    )
    return text, f"{request.target}: {before} -> {status} on {request.on.isoformat()}" + (
        " (forced)" if forced else ""
    )


def _edit_decision(
    text: str, node: yaml.MappingNode, request: Request, newline: str
) -> tuple[str, str]:
    if request.action != "complete":
        raise UsageError(
            "a decision is recorded with 'complete --body BODY'; to undo one, "
            "edit its 'taken' entry"
        )
    bodies = yamledit.get(node, "bodies")
    asked = (
        [n.value for n in bodies[1].value if isinstance(n, yaml.ScalarNode)]
        if (bodies and isinstance(bodies[1], yaml.SequenceNode))
        else []
    )
    if request.body is None:
        raise UsageError(
            f"say which body took decision '{request.target}': --body "
            f"{' or --body '.join(asked) or 'BODY'}"
        )
    if request.body not in asked:
        raise UsageError(
            f"decision '{request.target}' is not asked of '{request.body}'; "
            f"{nearest(request.body, asked)}asked: {', '.join(asked)}"
        )
    taken = yamledit.get(node, "taken")
    entry = _record(
        Request(request.action, request.target, request.on, request.by, request.evidence)
    )
    if taken is None or not isinstance(taken[1], yaml.MappingNode):
        change = yamledit.set_key(
            text, node, "taken", f"{{{request.body}: {entry}}}", ("bodies", "due"), newline
        )
    else:
        change = yamledit.set_key(text, taken[1], request.body, entry, (), newline)
    return (
        yamledit.apply(text, change),
        f"{request.target}: taken by {request.body} on {request.on.isoformat()}",
    )


def _open_items(text: str, stage_id: str) -> list[str]:
    loaded = load_text(text, "playbook")
    from integrate_cli.model import build

    if loaded.data is None:
        return []
    stage = build("playbook", loaded.data).stage(stage_id)
    if stage is None:
        return []
    items = [c.id for c in stage.criteria if c.status not in ("done", "dropped")]
    return items + [d.id for d in stage.decisions if d.owed_by()]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the playbook so concurrent edits happen one at a time.

    The file itself is locked (no lock file is left beside it). Because a finished edit
    replaces the file, a waiter that wakes up holding the old file tries again.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: edits are still atomic, just not serialised
        yield
        return
    while True:
        try:
            handle = open(path, "rb")  # noqa: SIM115  (held for the whole block)
        except OSError as exc:
            raise InputError(f"{path}: cannot be opened: {exc.strerror or exc}") from exc
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            current = os.stat(path).st_ino
        except OSError:
            current = -1
        if os.fstat(handle.fileno()).st_ino == current:
            break
        handle.close()
    try:
        yield
    finally:
        handle.close()


def record_progress(path: str, request: Request, *, as_of: date, dry_run: bool = False) -> Outcome:
    """Apply the request to the playbook at `path` and write it (unless dry_run).

    The edit is refused (FindingsFailed) when it would add an error to the playbook; the
    file is then left exactly as it was.
    """
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{path}: is a directory; name the playbook file")
    with _locked(file) if not dry_run else contextlib.nullcontext():
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
        loaded = load_bytes(raw, path)
        if loaded.data is None:
            first = loaded.findings[0]
            raise InputError(f"{path}:{first.line}:{first.col}: {first.message}; fix it first")
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        text = loaded.text
        newline = "\r\n" if "\r\n" in text else "\n"
        try:
            new, summary = edit_text(text, request, newline=newline)
        except yamledit.EditError as exc:
            raise InputError(f"{path}: {exc}") from None
        before = {(f.code, f.message) for f in _errors(text, path, as_of)}
        added = [f for f in _errors(new, path, as_of) if (f.code, f.message) not in before]
        if added:
            f = added[0]
            raise FindingsFailed(
                f"{path}:{f.line}:{f.col}: {f.code} {f.message} — the edit "
                "would leave the playbook invalid, so nothing was written"
            )
        stage_id = request.target.split(".", 1)[0]
        if not dry_run and new != text:
            if not os.stat(path).st_mode & 0o222:
                raise InputError(f"{path}: is read-only; nothing was written")
            atomic_write(file, (bom + new).encode("utf-8"))
    return Outcome(path, text, new, summary, stage_id)


def stage_rag(path: str, stage_id: str, as_of: date) -> str:
    """Return the RAG of one stage of the playbook at `path`, in capitals."""
    from integrate_cli.check import check_file
    from integrate_cli.status import programme_status

    result = check_file(path, as_of)
    if result.playbook is None:
        return "UNKNOWN"
    status = programme_status(result.playbook, as_of)
    state = next((s for s in status.stages if s.stage.id == stage_id), None)
    return state.rag.upper() if state else "UNKNOWN"
