"""A section's narrative from a Markdown file beside the playbook (`file: report.md`).

Authors write reports in documents, not YAML. The file is read under the same rules as a
paper's images: its path, relative to the playbook, must stay inside the playbook's own
folder (no absolute path, no `../`, no link leading out), and it must be a regular UTF-8
Markdown file (.md, .markdown or .txt) of at most MAX_NARRATIVE_BYTES. `validate` reports a
file that breaks them (PAPER-FILE) and `render-report` reads it with the same function.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NarrativeError(f"{name}: no such file beside the playbook") from None
    except OSError as exc:
        raise NarrativeError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NarrativeError(f"{name}: is not a regular file")
        try:
            data = handle.read(MAX_NARRATIVE_BYTES + 1)
        except OSError as exc:
            raise NarrativeError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_NARRATIVE_BYTES:
        raise NarrativeError(f"{name}: is over {MAX_NARRATIVE_BYTES:,} bytes, the limit")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NarrativeError(
            f"{name}: is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
