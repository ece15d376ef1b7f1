"""`integrate init`: scaffold a playbook repository."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import guarded, parse_as_of


class Pattern(StrEnum):
    mou = "mou"
    shadow_year = "shadow-year"
    ics_transition = "ics-transition"


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the repo.")] = Path("."),
    pattern: Annotated[
        Pattern,
        typer.Option(
            "--pattern",
            help="mou (staged MoU), shadow-year (shadow year then go-live) or "
            "ics-transition (system-wide transition).",
        ),
    ] = Pattern.shadow_year,
    name: Annotated[str, typer.Option("--name", help="The programme's title.")] = (
        "Integration programme"
    ),
    start: Annotated[
        str | None, typer.Option("--start", help="The first decision's date; default today.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Create a playbook repo that works at once: a playbook, its schema, CI and hooks.

    Example: integrate init council-icb --pattern mou --name "Council and ICB integration"
    """
    from integrate_cli.init import scaffold, write_scaffold

    files = scaffold(pattern.value, name, parse_as_of(start))
    for path in write_scaffold(directory, files, force=force):
        typer.echo(f"created {path}")
    typer.echo(f"next: cd {directory} && integrate status")
