"""A section's narrative from a Markdown file beside the playbook (`file: report.md`).

Authors write reports in documents, not YAML. The file is read under the same rules as a
paper's images: its path, relative to the playbook, must stay inside the playbook's own
folder (no absolute path, no `../`, no link leading out), and it must be a regular UTF-8
Markdown file (.md, .markdown or .txt) of at most MAX_NARRATIVE_BYTES. `validate` reports a
file that breaks them (PAPER-FILE) and `render-report` reads it with the same function.
"""

from __future__ import annotations

import os
from pathlib import Path

from integrate_cli.fsutil import Unreadable, read_text_file

MAX_NARRATIVE_BYTES = 1024 * 1024
SUFFIXES = (".md", ".markdown", ".txt")


class NarrativeError(Exception):
    """A section's file cannot be used; the message says why, naming the file."""


def narrative_path(folder: Path, name: str) -> Path:
    """Return the file `name` resolved inside `folder`; raise NarrativeError when it is not."""
    if not name.strip():
        raise NarrativeError("the file name is empty")
    if os.path.isabs(name) or name.startswith(("/", "\\", "~")):
        raise NarrativeError(f"{name}: give a path relative to the playbook's folder")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise NarrativeError(f"{name}: a section's file is Markdown (.md, .markdown or .txt)")
    root = folder.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        raise NarrativeError(
            f"{name}: is outside the playbook's folder; keep it beside the playbook"
        )
    return target


def read_narrative(folder: Path, name: str) -> str:
    """Return the Markdown text of section file `name` beside the playbook in `folder`.

    Raises NarrativeError (missing, outside the folder, not a regular file, too large,
    not UTF-8).
    """
    path = narrative_path(folder, name)
    try:
        return read_text_file(path, MAX_NARRATIVE_BYTES, "utf-8-sig")
    except Unreadable as exc:
        reason = "no such file beside the playbook" if exc.kind == "missing" else exc.reason
        raise NarrativeError(f"{name}: {reason}") from None
