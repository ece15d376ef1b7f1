"""The `integrate` command line: a thin shell over the library.

Each command module registers its commands on the shared Typer app when imported.
`main()` imports only the module of the command being run, so a command never pays
for building the others; `app` (for tests and `--help`) has every command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from integrate_cli.cli._common import reader_gone

MODULES = {
    "validate": "validate",
    "rules": "validate",
    "schema": "validate",
    "status": "status",
    "timeline": "status",
    "complete": "progress",
    "start": "progress",
    "block": "progress",
    "reopen": "progress",
    "render-report": "report",
    "init": "init",
    "deadlines": "deadlines",
    "calendar": "deadlines",
    "changes": "changes",
    "rebaseline": "changes",
}


ORDER = ("validate", "status", "progress", "report", "init", "deadlines", "changes")


def _load(names: set[str]) -> Any:
    for name in (n for n in ORDER if n in names):
        importlib.import_module(f"integrate_cli.cli.{name}")
    from integrate_cli.cli._app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load(set(MODULES.values()))
    raise AttributeError(name)


def _usable_streams() -> None:
    """Make the standard streams safe to write: present, and unable to fail on a character.

    A closed stream (`2>&-`) becomes the null device; a stream whose locale cannot encode
    a character (`LANG=C` without UTF-8 mode, PYTHONIOENCODING=ascii) writes '?' for it.
    """
    import os

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def main() -> None:
    """Run the command line."""
    _usable_streams()
    words = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    module = MODULES.get(words[0]) if words else None
    try:
        _load({module} if module else set(MODULES.values()))()
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            reader_gone()
