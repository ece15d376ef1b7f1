"""`integrate changes` and `integrate rebaseline`: what changed since the last board, from git."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from integrate_cli.cli._app import app
from integrate_cli.cli._common import AS_OF_HELP, guarded, parse_as_of


class ChangesFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command()
@guarded
def changes(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Playbook files or directories; default ./playbooks.")
    ] = None,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="From: a revision (abc123, v2, HEAD~3), a day (the last commit on or before "
            "it) or last-paper (the meeting day of the latest paper before --until).",
        ),
    ] = "last-paper",
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="To: a revision or a day; default now, uncommitted edits included."
        ),
    ] = None,
    fmt: Annotated[ChangesFormat, typer.Option("--format", "-f", help="text, json or md.")] = (
        ChangesFormat.text
    ),
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
) -> None:
    """Show what changed in each playbook between two points of its git history.

    Stages and criteria completed, started, blocked or reopened, decisions taken, due dates
    moved, stages added or removed, RAG, risks and budgets.

    Example: integrate changes playbooks/ --since last-paper
    """
    from integrate_cli.changes_format import FORMATS
    from integrate_cli.check import discover
    from integrate_cli.comparison import compare

    day = parse_as_of(as_of)
    from integrate_cli.cli.status import repo_amber_days
    from integrate_cli.status import Amber

    found = [
        compare(p, since=since, until=until, as_of=day, amber=Amber(None, repo_amber_days(p)))
        for p in discover(paths or [])
    ]
    typer.echo(FORMATS[fmt.value](found), nl=False)


@app.command()
@guarded
def rebaseline(
    stage: Annotated[str, typer.Argument(help="The stage whose due date becomes its baseline.")],
    path: Annotated[
        str | None, typer.Argument(help="The playbook file; default the one in ./playbooks.")
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Why: who agreed the new baseline, and where.")
    ] = "",
    by: Annotated[str | None, typer.Option("--by", help="Who records it.")] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="The day it was agreed; default today.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff; write nothing.")
    ] = False,
) -> None:
    """Record that a stage's current due date is its new agreed baseline, with the reason.

    Slippage (integrate status --baseline) is then measured from it.

    Example: integrate rebaseline go-live playbooks/plan.yaml --reason "Board, 12 March, minute 7"
    """
    import difflib

    from integrate_cli.check import discover
    from integrate_cli.errors import UsageError
    from integrate_cli.rebaseline import rebaseline as write_baseline

    files = discover([path] if path else [])
    if len(files) != 1:
        raise UsageError(f"name the playbook: {len(files)} playbooks found; give PATH")
    done = write_baseline(
        files[0], stage, reason=reason, by=by, as_of=parse_as_of(on), dry_run=dry_run
    )
    if dry_run:
        diff = difflib.unified_diff(
            done.old.splitlines(keepends=True),
            done.new.splitlines(keepends=True),
            done.path,
            done.path,
        )
        typer.echo("".join(diff), nl=False)
        typer.echo(f"dry run: {done.summary} (nothing written)", err=True)
        return
    typer.echo(done.summary)
