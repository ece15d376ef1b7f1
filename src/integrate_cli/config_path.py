"""Where a repository's `.integrate.yaml` is: found without loading it, so a command
pays for reading a config only when there is one."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_NAME = ".integrate.yaml"


def find_config(start: str | Path) -> Path | None:
    """Return the `.integrate.yaml` nearest above `start` (a file or folder), else None.

    The search stops after the folder that holds `.git` (the repository root) or at the
    filesystem root.
    """
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        candidate = here / CONFIG_NAME
        if candidate.is_file():
            shown = os.path.relpath(candidate)
            return Path(candidate if shown.startswith("..") else shown)
        if (here / ".git").exists():
            return None
    return None
