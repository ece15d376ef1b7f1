"""Record progress: complete, start, block or reopen a stage, criterion or decision.

An edit changes only the keys it must (`status`, `record` and `history`, or a body's entry
under `taken`), never deletes a record (a replaced one moves to `history`), proves itself
against the values before it is written, and is written atomically under a lock. A
playbook with errors is not edited.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from integrate_cli import yamledit
from integrate_cli.check import check_loaded
from integrate_cli.errors import InputError, Refused, UsageError
from integrate_cli.fsutil import atomic_write, open_regular, read_regular
from integrate_cli.loader import load_bytes, load_text
from integrate_cli.model import Playbook
from integrate_cli.progress_check import prove, refuse_invalid, refuse_new_errors
from integrate_cli.progress_edit import ACTIONS, Request, edit_text
from integrate_cli.workers import paused_gc

__all__ = ["ACTIONS", "Outcome", "Request", "check_request", "record_progress", "stage_rag"]

# YAML cannot hold these as written; a value with one is refused, never escaped silently.
_NOT_TEXT = {"Cc": "a control character", "Cs": "a byte that is not UTF-8"}
_OTHER = {"Zl", "Zp"}


@dataclass(eq=False)
class Outcome:
    """The edited text, a one-line summary, and the unified diff."""

    path: str
    old: str
    new: str
    summary: str
    stage_id: str
    playbook: Playbook | None  # the playbook as edited
    as_of: date

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


def check_request(request: Request) -> None:
    """Raise UsageError, blaming the option, when a value cannot be written as asked."""
    for option, value in (
        ("TARGET", request.target),
        ("--by", request.by),
        ("--evidence", request.evidence),
        ("--reason", request.reason),
        ("--body", request.body),
    ):
        for ch in value or "":
            category = unicodedata.category(ch)
            if category in _NOT_TEXT or category in _OTHER or ch in "\ufeff\ufffe\uffff":
                what = _NOT_TEXT.get(category, "a character a playbook cannot hold")
                code = f"U+{ord(ch):04X}"
                raise UsageError(f"{option} contains {what} ({code}); remove it")


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the playbook so concurrent edits happen one at a time.

    The real file is locked (a symlink is followed; no lock file is left beside it), and
    only a regular file is ever opened (never blocking on a FIFO; anything else raises
    InputError saying what it is). Because a finished edit replaces the file, a waiter
    that wakes up holding the old file tries again.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: edits are still atomic, just not serialised
        yield
        return
    real = os.path.realpath(path)
    while True:
        fd, info = open_regular(path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = os.stat(real).st_ino
        except OSError:
            current = -1
        if info.st_ino == current:
            break
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)


def record_progress(path: str, request: Request, *, as_of: date, dry_run: bool = False) -> Outcome:
    """Apply the request to the playbook at `path` and write it (unless dry_run).

    Returns the outcome (old and new text, summary, the playbook as edited). Refused, with
    the file left exactly as it was: a playbook with errors as of `as_of` (FindingsFailed),
    an edit that would change nothing or lose a record (Refused), and an edit that would
    change anything but the asked-for item or add an error (FindingsFailed).
    """
    check_request(request)
    with paused_gc():  # a large playbook is loaded three times over
        return _record(path, request, as_of=as_of, dry_run=dry_run)


def _record(path: str, request: Request, *, as_of: date, dry_run: bool) -> Outcome:
    with locked(path) if not dry_run else contextlib.nullcontext():
        raw = read_regular(path)
        old_findings = check_loaded(load_bytes(raw, path), as_of).findings
        refuse_invalid(old_findings, path, as_of)
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        old = load_bytes(raw, path)  # values as written (checking may drop or rewrite some)
        text = old.text
        try:
            plan = edit_text(text, request, data=old.data)
        except yamledit.EditError as exc:
            raise InputError(f"{path}: {exc}") from None
        except (Refused, UsageError) as exc:
            raise type(exc)(f"{path}: {exc}") from None
        new = load_text(plan.text, path)
        label = f"{plan.target.noun} '{plan.target.name}'"
        prove(old, new, locate=plan.target.values, label=label, expected=plan.expected)
        result = check_loaded(new, as_of)
        refuse_new_errors(old_findings, result.findings, path)
        if not dry_run and plan.text != text:  # through links; refused if the user may not write
            atomic_write(path, (bom + plan.text).encode("utf-8"))
    return Outcome(path, text, plan.text, plan.summary, plan.target.stage, result.playbook, as_of)


def stage_rag(outcome: Outcome) -> str:
    """Return the RAG of the edited stage after the edit, in capitals."""
    from integrate_cli.status import programme_status

    if outcome.playbook is None:
        return "UNKNOWN"
    status = programme_status(outcome.playbook, outcome.as_of)
    state = next((s for s in status.stages if s.stage.id == outcome.stage_id), None)
    return state.rag.upper() if state else "UNKNOWN"
