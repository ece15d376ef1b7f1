"""The Typer application every command module registers with."""

from __future__ import annotations

from typing import Annotated

import typer

from integrate_cli import __version__
from integrate_cli.cli._common import DEBUG

app = typer.Typer(
    name="integrate",
    help="Plan and govern health and social care integration programmes kept as YAML "
    "playbooks: validate them, see where every stage stands, record progress and write "
    "committee papers.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"integrate {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
) -> None:
    """Plan and govern integration programmes kept as YAML playbooks.

    Example: integrate validate playbooks/
    """
    if debug:
        DEBUG["on"] = True
