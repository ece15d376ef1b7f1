"""The `integrate` command line: a thin shell over the library.

Each command module registers its commands on the shared Typer app when imported.
`main()` imports only the module of the command being run, so a command never pays
for building the others; `app` (for tests and `--help`) has every command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

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
}


ORDER = ("validate", "status", "progress", "report", "init")


def _load(names: set[str]) -> Any:
    for name in (n for n in ORDER if n in names):
        importlib.import_module(f"integrate_cli.cli.{name}")
    from integrate_cli.cli._app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load(set(MODULES.values()))
    raise AttributeError(name)


def main() -> None:
    """Run the command line."""
    words = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    module = MODULES.get(words[0]) if words else None
    _load({module} if module else set(MODULES.values()))()
